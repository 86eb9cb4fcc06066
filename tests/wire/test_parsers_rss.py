from datetime import UTC, datetime

from dateline.wire.item import Signal
from dateline.wire.parsers import detect_format
from tests.wire.conftest import parse_fixture, read_fixture


def test_rss_feed_items_are_mapped():
    result = parse_fixture("rss/feed.xml", agency="harbour")
    assert result.format == "rss"
    assert result.rejections == []
    quay, ferry = result.items
    assert quay.guid == "hw-2024-0311-quay"
    assert quay.agency == "harbour"
    assert quay.headline == "UPDATE 1-Port authority reopens northern quay after storm"
    assert Signal.UPDATE in quay.signals
    assert quay.sent == datetime(2024, 3, 11, 8, 30, tzinfo=UTC)
    assert quay.byline == "Ada Marsh"
    assert quay.subjects == ("shipping",)
    assert quay.language == "en"
    assert (quay.dateline.city, quay.dateline.country) == ("Valletta", "MT")
    assert ferry.body_text == "The summer timetable adds two evening crossings."
    assert ferry.signals == frozenset()


def test_rss_body_is_sanitised_and_image_kept():
    quay = parse_fixture("rss/feed.xml").items[0]
    assert "<script" not in quay.body_html and "alert(1)" not in quay.body_html
    assert "onclick" not in quay.body_html
    assert quay.body_text.splitlines() == [
        "VALLETTA, Malta (Harbour Wire) - The northern quay reopened on Monday.",
        "Crews worked overnight.",
    ]
    (image,) = quay.images
    assert image.href == "https://img.example.org/quay.jpg"
    assert image.caption == "Cranes on the northern quay"
    assert image.credit == "Harbour Wire/Ben Oake"


def test_atom_entry():
    result = parse_fixture("rss/atom.xml")
    assert result.format == "rss"
    (item,) = result.items
    assert item.headline == "Le marché aux fleurs rouvre à Lyon"
    assert item.language == "fr"
    assert item.first_created == datetime(2024, 5, 2, 5, 15, tzinfo=UTC)
    assert item.sent == datetime(2024, 5, 2, 5, 45, tzinfo=UTC)
    assert "iframe" not in item.body_html
    assert item.dateline.country == "FR"


def test_detects_rss_and_atom():
    assert detect_format(read_fixture("rss/feed.xml")) == "rss"
    assert detect_format(read_fixture("rss/atom.xml")) == "rss"
