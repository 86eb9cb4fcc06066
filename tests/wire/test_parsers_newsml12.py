from datetime import UTC, datetime

from dateline.wire.item import PubStatus, Signal
from tests.wire.conftest import parse_fixture


def test_newsml12_item():
    result = parse_fixture("newsml12/item.xml", agency="northsea")
    assert result.format == "newsml12"
    assert result.rejections == []
    (item,) = result.items
    assert item.guid == "urn:newsml:northsea.example:TX-LON-0042"
    assert item.version == 2
    assert item.sent == datetime(2024, 3, 9, 10, 10, tzinfo=UTC)
    assert item.first_created == datetime(2024, 3, 9, 9, 0, tzinfo=UTC)
    assert item.pubstatus is PubStatus.WITHDRAWN  # Status FormalName="Withheld"
    assert Signal.KILL in item.signals
    assert item.urgency == 2
    assert item.headline == "Rail unions call off weekend strike"
    assert item.byline == "Tom Reeve"
    assert item.slugline == "Britain-rail"
    assert item.dateline.text == "LONDON, March 9 -"
    assert (item.dateline.city, item.dateline.country) == ("London", "GB")
    assert item.subjects == ("subj:09000000",)
    assert item.body_text.splitlines() == [
        "Rail unions called off a weekend strike on Saturday after a late offer.",
        "Services will run as normal.",
    ]


def test_newsml12_largest_photo_is_the_image():
    (item,) = parse_fixture("newsml12/item.xml").items
    (image,) = item.images
    assert image.href == "https://img.northsea.example/terminus.jpg"
    assert image.caption == "Commuters at a London terminus"
    assert image.credit == "North Sea News/Ivy Lam"
