from datetime import UTC, datetime

from dateline.wire.item import PubStatus, Signal
from tests.wire.conftest import parse_fixture


def test_text_item_fields():
    result = parse_fixture("newsmlg2/message.xml", agency="sahel")
    assert result.format == "newsmlg2"
    text = result.items[0]
    assert text.guid == "urn:newsml:sahelpress.example:20240309:SAH-GRAIN"
    assert text.family_uri == text.guid
    assert text.version == 3
    assert text.sent == datetime(2024, 3, 9, 14, 5, tzinfo=UTC)
    assert text.first_created == datetime(2024, 3, 9, 7, 10, tzinfo=UTC)
    assert text.embargo == datetime(2024, 3, 9, 18, 0, tzinfo=UTC)
    assert text.pubstatus is PubStatus.USABLE
    assert text.signals == {Signal.CORRECTION, Signal.UPDATE}
    assert text.urgency == 3
    assert text.headline == "Senegal grain stores hold up after dry season, ministry says"
    assert text.slugline == "SENEGAL-GRAIN/"
    assert text.byline == "Awa Ndiaye"
    assert text.dateline.text == "DAKAR, Senegal (Sahel Press) -"
    assert (text.dateline.city, text.dateline.country) == ("Dakar", "SN")
    assert text.language == "en"
    assert text.subjects == ("medtop:20000763", "subj:15000000")
    assert text.places == ("Dakar", "Senegal")


def test_body_is_sanitised_xhtml():
    text = parse_fixture("newsmlg2/message.xml").items[0]
    assert "<b>82 percent</b>" in text.body_html
    assert "onmouseover" not in text.body_html
    assert "iframe" not in text.body_html and "ignored" not in text.body_html
    assert text.body_text.endswith("Millet stocks stood at 82 percent of capacity.")


def test_picture_item_with_generated_image():
    picture = parse_fixture("newsmlg2/message.xml").items[1]
    (image,) = picture.images
    assert image.href == "https://img.sahelpress.example/silo.jpg"  # the high-res rendition
    assert image.caption == "An illustration of a grain silo at dawn"
    assert image.credit == "Sahel Press/Generated"
    assert image.digital_source_type == "trainedAlgorithmicMedia"


def test_package_is_a_rejection_and_the_rest_goes_in():
    result = parse_fixture("newsmlg2/message.xml")
    assert len(result.items) == 2
    (rejected,) = result.rejections
    assert rejected.guid == "urn:newsml:sahelpress.example:20240309:PKG"
    assert rejected.position == 2
    assert "packageItem" in rejected.reason


def test_canceled_item_is_a_kill():
    (item,) = parse_fixture("newsmlg2/canceled.xml").items
    assert item.version == 4
    assert item.pubstatus is PubStatus.CANCELED
    assert Signal.KILL in item.signals
    assert item.is_kill
    assert (item.dateline.city, item.dateline.country) == ("London", "GB")
