from datetime import UTC, datetime

from dateline.wire.item import PubStatus, Signal
from tests.wire.conftest import parse_fixture


def test_nitf_story():
    result = parse_fixture("nitf/story.xml", agency="southern")
    assert result.format == "nitf"
    (item,) = result.items
    assert item.guid == "SOUTHERN.2024.0771"
    assert item.version == 2
    assert item.sent == datetime(2024, 4, 11, 20, 15, tzinfo=UTC)
    assert item.embargo == datetime(2024, 4, 11, 23, 0, tzinfo=UTC)
    assert item.pubstatus is PubStatus.USABLE
    assert Signal.CORRECTION in item.signals  # "Eds: Corrects spelling ..."
    assert item.urgency == 4
    assert item.headline == "Reef survey finds coral recovery in northern sector"
    assert item.byline == "Mia Castell"
    assert (item.dateline.city, item.dateline.country) == ("Cairns", "AU")
    assert item.language == "en"
    assert item.subjects == ("subj:06000000",)


def test_nitf_latin1_body_and_media():
    (item,) = parse_fixture("nitf/story.xml").items
    assert "Café owners in Cairns" in item.body_text
    assert "Minister Jo Whitfield welcomed the figures \u2013 a 12 percent rise." in item.body_text
    assert "Divers over a coral bed" not in item.body_text
    (image,) = item.images
    assert image.href == "https://img.southern.example/reef.jpg"
    assert image.credit == "Southern Cross Wire/Leo Park"
