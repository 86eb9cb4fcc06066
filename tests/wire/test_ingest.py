"""The ingest service: payload first, idempotent, bad items rejected without losing the rest."""

from __future__ import annotations

import json

import pytest

from dateline.wire import ingest
from dateline.wire.models import Payload, Rejection, WireItemRecord
from dateline.wire.models.payload import ParseStatus
from dateline.wire.parsers import parse
from dateline.wire.serialize import from_json, to_json
from dateline.wire.signals import wire_items_stored
from tests.wire.conftest import FIXTURES, read_fixture

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><guid>{guid}</guid>
<pubDate>Mon, 11 Mar 2024 09:30:00 GMT</pubDate><description>{body}</description></item>"""


def feed(*items: tuple[str, str, str]) -> bytes:
    return RSS.format(
        items="".join(ITEM.format(title=t, guid=g, body=b) for t, g, b in items)
    ).encode()


@pytest.mark.parametrize("path", sorted(p for p in FIXTURES.rglob("*") if p.is_file()))
def test_json_round_trip_gives_back_the_same_item(path):
    result = parse(path.read_bytes(), agency="testwire", filename=path.name)
    for item in result.items:
        assert from_json(json.loads(json.dumps(to_json(item)))) == item


def test_payload_is_stored_before_parsing_even_when_the_parser_blows_up(monkeypatch):
    def explode(data, **kwargs):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(ingest, "parse", explode)
    data = read_fixture("rss/feed.xml")
    report = ingest.ingest_bytes(data, agency="Harbour Wire", filename="feed.xml")

    payload = Payload.objects.get()
    assert bytes(payload.data) == data
    assert payload.parse_status == ParseStatus.ERROR
    assert "parser exploded" in payload.error
    assert report.errors and "parser exploded" in report.errors[0]
    assert WireItemRecord.objects.count() == 0

    monkeypatch.undo()  # the parser is fixed: re-parse the stored payload, nothing re-sent
    again = ingest.parse_payload(payload)
    assert again.accepted == 2
    payload.refresh_from_db()
    assert payload.parse_status == ParseStatus.PARSED and payload.error == ""


def test_same_file_twice_creates_nothing_new():
    data = read_fixture("newsmlg2/message.xml")
    first = ingest.ingest_bytes(data, agency="Sahel Press")
    records = list(WireItemRecord.objects.values_list("pk", flat=True))
    second = ingest.ingest_bytes(data, agency="Sahel Press")

    assert first.accepted == len(records) > 0
    assert second.accepted == 0 and second.duplicates == first.accepted
    assert list(WireItemRecord.objects.values_list("pk", flat=True)) == records
    payload = Payload.objects.get()
    assert payload.times_received == 2
    assert Rejection.objects.count() == first.rejected


def ninjs(version: int, body: str) -> bytes:
    return json.dumps(
        {
            "uri": "urn:lakeside:ferry",
            "version": str(version),
            "versioncreated": f"2024-06-0{version}T09:00:00Z",
            "headlines": [{"role": "main", "value": "Lake ferry resumes"}],
            "bodies": [{"role": "main", "contenttype": "text/plain", "value": body}],
        }
    ).encode()


def test_new_version_is_a_new_record_counted_as_a_version():
    ingest.ingest_bytes(ninjs(1, "The ferry resumed."), agency="Lakeside")
    report = ingest.ingest_bytes(
        ninjs(2, "The ferry resumed. Tickets are free."), agency="Lakeside"
    )
    assert report.accepted == 1 and report.new_versions == 1
    versions = WireItemRecord.objects.order_by("version").values_list("family_uri", "version")
    assert list(versions) == [("urn:lakeside:ferry", 1), ("urn:lakeside:ferry", 2)]


def test_one_bad_item_is_rejected_and_the_rest_go_in():
    data = feed(
        ("Port reopens", "a-1", "The port reopened on Monday."),
        ("", "a-2", ""),  # no headline, no body: nothing a desk can use
        ("Ferries resume", "a-3", "Ferries resumed on Monday."),
    )
    report = ingest.ingest_bytes(data, agency="Harbour")

    assert report.accepted == 2
    assert sorted(WireItemRecord.objects.values_list("guid", flat=True)) == ["a-1", "a-3"]
    rejection = Rejection.objects.get()
    assert rejection.position == 1 and rejection.reason
    assert Payload.objects.get().parse_status == ParseStatus.PARTIAL


def test_xml_bomb_is_rejected_and_nothing_else_lost():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><item><title>&lol3;</title><guid>b-1</guid></item></channel></rss>"""
    good = ingest.ingest_bytes(feed(("Calm item", "c-1", "Calm body.")), agency="H")
    report = ingest.ingest_bytes(bomb, agency="H")

    assert good.accepted == 1
    assert report.accepted == 0 and report.rejected >= 1
    assert Payload.objects.get(pk=report.payload_ids[0]).parse_status == ParseStatus.REJECTED
    assert bytes(Payload.objects.get(pk=report.payload_ids[0]).data) == bomb
    assert list(WireItemRecord.objects.values_list("guid", flat=True)) == ["c-1"]


def test_record_columns_and_json_agree():
    ingest.ingest_bytes(read_fixture("newsmlg2/message.xml"), agency="Sahel Press")
    record = WireItemRecord.objects.get(guid__endswith=":SAH-GRAIN")
    item = record.item()
    assert (record.agency, record.guid, record.version) == (item.agency, item.guid, item.version)
    assert record.headline == item.headline
    assert record.signals == sorted(str(s) for s in item.signals) == ["correction", "update"]
    assert record.desk_state == "pending"
    assert record.payload.content_hash and record.received_at


def test_oversized_payload_is_refused_not_stored():
    from dateline.wire.parsers import MAX_PAYLOAD_BYTES

    report = ingest.ingest_bytes(b"x" * (MAX_PAYLOAD_BYTES + 1), agency="H")
    assert report.rejected == 1 and "cap" in next(iter(report.reasons))
    assert not Payload.objects.exists()


def test_stored_records_are_announced_once_with_their_ids_after_the_commit(
    django_capture_on_commit_callbacks,
):
    heard = []

    def listener(sender, record_ids, **kwargs):
        heard.append(record_ids)

    wire_items_stored.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ingest.ingest_bytes(feed(("T", "d-1", "B."), ("U", "d-2", "C.")), agency="H")
            assert heard == []  # nothing is told before the records are committed
        with django_capture_on_commit_callbacks(execute=True):
            again = ingest.ingest_bytes(feed(("T", "d-1", "B."), ("U", "d-2", "C.")), agency="H")
    finally:
        wire_items_stored.disconnect(listener)
    assert again.duplicates == 2
    assert heard == [sorted(WireItemRecord.objects.values_list("id", flat=True))]


def test_a_failing_listener_never_fails_ingest(django_capture_on_commit_callbacks, caplog):
    def broken(sender, record_ids, **kwargs):
        raise RuntimeError("queue unreachable")

    wire_items_stored.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            report = ingest.ingest_bytes(feed(("T", "d-3", "B.")), agency="H")
    finally:
        wire_items_stored.disconnect(broken)
    assert report.accepted == 1 and WireItemRecord.objects.count() == 1
    assert "they wait for the next run" in caplog.text and "queue unreachable" in caplog.text
