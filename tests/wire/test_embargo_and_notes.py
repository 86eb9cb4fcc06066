"""Every format's embargo and its notes to editors: read, kept apart from the copy, shown to
editors. The project's fixtures carry one of each; the real dpa items are read in place."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dateline.wire.ingest import ingest_bytes
from dateline.wire.item import AgencyNote
from dateline.wire.models import WireItemRecord
from dateline.wire.parsers import parse
from dateline.wire.serialize import from_json, to_json
from tests.shared_data import SAMPLES
from tests.wire.conftest import parse_fixture, read_fixture

DPA = SAMPLES / "dpa-digitalwires"
needs_dpa = pytest.mark.skipif(not DPA.is_dir(), reason=f"real dpa items not found at {DPA}")

# fixture: (embargo, text of each note kept out of the copy, notes the agency forbids printing)
EMBARGOED = {
    "newsmlg2/embargoed.xml": (
        datetime(2024, 3, 9, 18, 0, tzinfo=UTC),
        ["Embargoed until 1800 GMT", "+221 33 800 1234", "sah an kd1", "figures to be confirmed"],
        ["+221 33 800 1234", "sah an kd1", "figures to be confirmed"],
    ),
    "newsml12/embargoed.xml": (
        datetime(2024, 3, 9, 16, 0, tzinfo=UTC),
        ["+44 20 7946 0018"],
        ["+44 20 7946 0018"],
    ),
    "nitf/embargoed.xml": (
        datetime(2024, 4, 11, 23, 0, tzinfo=UTC),
        ["Embargoed until 0900 AEST", "+61 7 4000 1234"],
        ["Embargoed until 0900 AEST", "+61 7 4000 1234"],
    ),
    "ninjs/embargoed.json": (
        datetime(2024, 6, 1, 15, 0, tzinfo=UTC),
        ["+256 41 555 0100"],
        ["+256 41 555 0100"],
    ),
}


@pytest.mark.parametrize("name", sorted(EMBARGOED))
def test_each_format_reads_its_embargo_and_keeps_notes_out_of_the_copy(name):
    embargo, notes, private = EMBARGOED[name]
    [item] = [i for i in parse_fixture(name).items if i.body_text]
    assert item.embargo == embargo
    copy = " ".join((item.headline, item.body_html, item.body_text, item.byline, item.slugline))
    for text in notes:
        assert text not in copy
        assert any(text in note.text for note in item.notes), (text, item.notes)
    for text in private:
        assert all(not note.publishable for note in item.notes if text in note.text)


def test_newsml12_embargo_is_the_time_the_item_becomes_usable():
    """StatusWillChange holds the future status and its time as elements."""
    [item] = parse_fixture("newsml12/embargoed.xml").items
    assert item.embargo == datetime(2024, 3, 9, 16, 0, tzinfo=UTC)
    withheld = read_fixture("newsml12/embargoed.xml").replace(
        b'<FutureStatus FormalName="Usable"/>', b'<FutureStatus FormalName="Canceled"/>'
    )
    [expiring] = parse(withheld, agency="northsea", format="newsml12").items
    assert expiring.embargo is None  # a status change to "canceled" is an expiry, not an embargo


def test_notes_survive_storage_as_the_parser_made_them():
    [item] = [i for i in parse_fixture("newsmlg2/embargoed.xml").items]
    again = from_json(to_json(item))
    assert again.notes == item.notes and again.embargo == item.embargo
    assert AgencyNote(text="sah an kd1", role="sahelnote:closingline", publishable=False) in (
        again.notes
    )


@pytest.mark.django_db
def test_wire_item_screen_shows_the_embargo_countdown_and_the_notes(admin_client, monkeypatch):
    ingest_bytes(read_fixture("newsmlg2/embargoed.xml"), agency="Sahel Press", format="newsmlg2")
    record = WireItemRecord.objects.get()
    before = datetime(2024, 3, 9, 15, 30, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: before)
    page = admin_client.get(f"/admin/wire/items/{record.pk}/").content.decode()
    assert "Embargoed until" in page and "2 h 30 min to go" in page
    assert 'data-embargo-until="2024-03-09T18:00:00+00:00"' in page
    # Shown in the newsroom's zone and labelled, like every time editors read.
    embargo = page.split('class="item-embargo"')[1].split("</dd>")[0]
    assert "09-03-2024 23:30 IST" in embargo
    assert "Sent</dt><dd>09-03-2024" in page and "UTC" not in page
    assert "Agency notes to editors" in page
    assert "Desk: Awa Ndiaye +221 33 800 1234" in page
    private = page.split("agency-note--private")
    assert len(private) == 4  # contacts, closing line, the body's editors' note

    monkeypatch.setattr(timezone, "now", lambda: before + timedelta(hours=3))
    page = admin_client.get(f"/admin/wire/items/{record.pk}/").content.decode()
    assert "Embargo lifted at" in page and "to go" not in page


@pytest.mark.shared_data
@needs_dpa
@pytest.mark.parametrize(
    "name", ["newsml-g2/embargoed.xml", "input/embargoed.json"], ids=["newsml-g2", "digitalwires"]
)
def test_real_dpa_embargoed_item(name):
    [item] = parse((DPA / name).read_bytes(), agency="dpa", filename=name).items
    assert item.embargo == datetime(2025, 1, 23, 18, 0, tzinfo=UTC)  # 19.00 Uhr in Berlin
    contacts = [n for n in item.notes if n.role.endswith("dpacontacts")]
    assert len(contacts) == 2 and not any(n.publishable for n in contacts)
    assert "Szameitat.Sabrina@dpa.com" in contacts[0].text
    assert not next(n for n in item.notes if n.role.endswith("closingline")).publishable
    assert any("Sperrfrist" in n.text for n in item.notes)
    for note in item.notes:
        if not note.publishable:
            assert note.text not in item.body_text and note.text not in item.headline


def _dpa_items_with_private_notes():
    if not DPA.is_dir():
        return []
    return sorted(
        p.name
        for p in (DPA / "newsml-g2").glob("*.xml")
        if b"dpapconstraint:nonpublic" in p.read_bytes()
    )


@pytest.mark.shared_data
@needs_dpa
@pytest.mark.parametrize("name", _dpa_items_with_private_notes())
def test_real_dpa_nonpublic_notes_are_notes_and_never_copy(name):
    data = (DPA / "newsml-g2" / name).read_bytes()
    items = parse(data, agency="dpa", filename=name).items
    private = [n for i in items for n in i.notes if not n.publishable]
    assert data.count(b"dpapconstraint:nonpublic") <= len(private)
    for item in items:
        copy = " ".join(
            (
                item.headline,
                item.body_html,
                item.body_text,
                item.byline,
                *(f"{i.caption} {i.credit}" for i in item.images),
            )
        )
        for note in item.notes:
            if not note.publishable:
                assert note.text not in copy
