import json
from datetime import UTC, datetime

from dateline.wire.item import PubStatus, Signal
from dateline.wire.parsers import parse
from tests.wire.conftest import parse_fixture


def test_ninjs_1x():
    result = parse_fixture("ninjs/v1.json", agency="lakeside")
    assert result.format == "ninjs"
    (item,) = result.items
    assert item.guid == "urn:example:lakeside:2024:0091"
    assert item.version == 2
    assert item.sent == datetime(2024, 6, 1, 12, 30, tzinfo=UTC)
    assert item.embargo == datetime(2024, 6, 1, 15, 0, tzinfo=UTC)
    assert item.urgency == 2
    assert item.signals == {Signal.CORRECTION}
    assert item.byline == "Rosa Lindqvist"
    assert (item.dateline.city, item.dateline.country) == ("Kampala", "UG")
    assert item.subjects == ("04000000", "medtop:20000763")
    assert "javascript:" not in item.body_html
    (image,) = item.images
    assert image.href == "https://img.lakeside.example/ferry.jpg"
    assert image.caption == "The ferry at the pier"
    assert image.digital_source_type == "digitalCapture"


def test_ninjs_2x_blocks_and_status():
    (item,) = parse_fixture("ninjs/v2.json").items
    assert item.headline == "Fiskare fångar rekordgädda"
    assert item.body_text == "Första stycket.\nAndra stycket."
    assert item.pubstatus is PubStatus.WITHDRAWN
    assert item.is_kill
    assert item.language == "sv"
    assert item.places == ("Uppsala",)


def test_ninjs_3x_camel_case():
    (item,) = parse_fixture("ninjs/v3.json").items
    assert item.sent == datetime(2024, 6, 3, 9, 15, tzinfo=UTC)
    assert item.first_created == datetime(2024, 6, 3, 9, 0, tzinfo=UTC)
    assert item.headline == "Storm closes mountain pass"
    assert Signal.UPDATE in item.signals
    assert (item.dateline.city, item.dateline.country) == ("Nairobi", "KE")


def test_one_invalid_item_in_a_list_is_rejected_alone():
    result = parse_fixture("ninjs/feed.json")
    assert [i.headline for i in result.items] == ["First good item", "Third good item"]
    (rejected,) = result.rejections
    assert rejected.guid == "urn:lw:2"
    assert rejected.position == 1
    assert "does not validate" in rejected.reason


def test_a_null_pubstatus_is_usable_copy_not_a_rejection():
    payload = {"uri": "urn:dpa:1", "headline": "Streik", "body_text": "Text.", "pubstatus": None}
    result = parse(json.dumps(payload).encode(), agency="dpa", filename="item.json")
    assert result.rejections == []
    assert result.items[0].pubstatus is PubStatus.USABLE
