from datetime import UTC, datetime

from dateline.wire.item import Signal
from tests.wire.conftest import parse_fixture


def test_anpa_story():
    result = parse_fixture("anpa/story.tst", agency="xw")
    assert result.format == "anpa"
    (item,) = result.items
    assert item.headline == "River bridge closed after barge strike"
    assert item.slugline == "BC-US--Bridge Closure, 2nd Ld-Writethru"
    assert item.version == 3  # second lead = third version
    assert item.guid == item.family_uri
    assert item.signals == {Signal.UPDATE, Signal.CORRECTION}
    assert item.urgency == 3  # priority "u"
    assert item.byline == "June Halloran"
    assert item.sent == datetime(2024, 4, 18, 17, 42, tzinfo=UTC)
    assert (item.dateline.city, item.dateline.country) == ("Portland", "US")
    assert item.body_text.startswith("PORTLAND, Ore. (XW) _ A river bridge was closed")
    assert "Café owners nearby worried." in item.body_text
    assert any("cp1252" in note for note in result.notes)


def test_anpa_versions_share_a_guid_and_kill_is_read():
    story = parse_fixture("anpa/story.tst", agency="xw").items[0]
    kill = parse_fixture("anpa/kill.tst", agency="xw").items[0]
    assert Signal.KILL in kill.signals
    assert kill.is_kill
    assert kill.urgency == 2
    assert not story.is_kill
