from datetime import UTC, datetime

from dateline.wire.item import Signal
from tests.wire.conftest import parse_fixture


def test_iptc7901_story():
    result = parse_fixture("iptc7901/story.txt", agency="nordwire")
    assert result.format == "iptc7901"
    (item,) = result.items
    assert item.headline == "Norway raises offshore output forecast"
    assert item.byline == "Erik Dahl, Nordwire"
    assert item.slugline == "Norway-energy/oil"
    assert item.urgency == 2
    assert Signal.UPDATE in item.signals  # "1ST LEAD"
    assert item.sent == datetime(2024, 3, 12, 15, 30, tzinfo=UTC)
    assert (item.dateline.city, item.dateline.country) == ("Oslo", "NO")
    assert item.body_text.splitlines() == [
        "Oslo (Nordwire) - Norway raised its forecast for offshore oil output on Tuesday.",
        "The ministry said fields in the North Sea would pump more in the second half, "
        "a gain of 3 percent for Bodø.",
    ]


def test_not_for_publication_notebook_is_dropped():
    (item,) = parse_fixture("iptc7901/story.txt").items
    assert "desk@nordwire.example" not in item.body_text
    assert "not for publication" not in item.body_text
