"""Wire copy for the desk pipeline tests, ingested through the wire app's real entry point.

A helper module, not a test module: pytest does not collect it. The fixture every desk test
relies on (`fresh_index`) is in tests/conftest.py.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.core.cache import cache

from dateline.desk.cursor import CACHE
from dateline.desk.models import Story, StoryItem
from dateline.desk.pipeline import DeskSummary, process_pending
from dateline.news.models import ArticlePage
from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import DeskState, Source, WireItemRecord
from tests.wire.conftest import read_fixture

T0 = datetime(2025, 4, 28, 6, 0, tzinfo=UTC)

FLOODS = {
    "headline": "UPDATE 1-Floods kill 14 in Kenya's north as rivers burst banks",
    "located": "NAIROBI",
    "body": (
        "NAIROBI, April 28 (Harbour) - Floods killed at least 14 people in northern Kenya "
        "after the Ewaso Ng'iro river burst its banks on Monday, the Kenya Red Cross said.\n\n"
        "More than 3,000 families were moved to schools and churches in Isiolo and Samburu "
        "counties, and two bridges on the road to Marsabit were washed away, officials said.\n\n"
        '"The water came at night and took everything," said farmer Amina Galgalo, 46, who '
        "lost her goats and her home.\n\n"
        "The Kenya Meteorological Department warned that heavy rain would continue in the "
        "region until Thursday, and urged residents near rivers to move to higher ground."
    ),
}
# The same event from another agency: other words, one new fact (the interior minister).
FLOODS_OTHER = {
    "headline": "Kenya floods: death toll reaches 14 in Isiolo and Samburu",
    "located": "ISIOLO",
    "body": (
        "ISIOLO, Kenya, April 28 (Lakeside) - At least 14 people died when the Ewaso Ng'iro "
        "river flooded villages in Isiolo and Samburu in northern Kenya, the Kenya Red Cross "
        "said on Monday.\n\n"
        "Interior Minister Kipchumba Murkomen said the government would send 200 tonnes of "
        "food and tents to Isiolo by Wednesday.\n\n"
        "About 3,000 families were sheltering in schools and churches, and bridges on the "
        "Marsabit road were washed away."
    ),
}
NIGER = {
    "headline": "Gunmen kill 12 soldiers in western Niger, army says",
    "located": "DAKAR",
    "body": (
        "DAKAR, April 28 (Harbour) - Gunmen killed 12 soldiers in an attack on an army post "
        "near Tillaberi in western Niger on Sunday, Niger's army said in a statement read on "
        "state television in Niamey.\n\n"
        "The attackers arrived on motorcycles and set fire to two armoured vehicles before "
        "fleeing towards the border with Mali, the statement said.\n\n"
        "Niger's military government has struggled to contain insurgents linked to al Qaeda "
        "and Islamic State since it took power in a coup in July 2023."
    ),
}
RATES = {
    "headline": "Bank of England holds rates at 4.5 pct as inflation eases",
    "located": "LONDON",
    "body": (
        "LONDON, April 28 (Harbour) - The Bank of England kept its main interest rate at 4.5 "
        "percent on Monday, with Governor Andrew Bailey saying inflation in Britain was "
        "falling more slowly than the central bank had hoped.\n\n"
        "Seven members of the Monetary Policy Committee voted to hold rates while two voted "
        "for a cut, minutes published alongside the decision showed.\n\n"
        "Sterling rose against the dollar after the announcement, and gilt yields edged higher."
    ),
}


def ninjs(
    guid: str,
    copy: dict,
    *,
    version: int = 1,
    at: datetime = T0,
    first: datetime | None = None,
    signals: tuple[str, ...] = (),
    pubstatus: str = "usable",
    **changes,
) -> dict:
    """One ninjs 2.x item sent `at`, first created `first` (by default `at` for a first
    version, else T0); `changes` replace the copy's headline, body or located."""
    copy = {**copy, **changes}
    first = first or (at if version == 1 else T0)
    return {
        "uri": guid,
        "version": str(version),
        "versioncreated": at.isoformat().replace("+00:00", "Z"),
        "firstcreated": first.isoformat().replace("+00:00", "Z"),
        "pubstatus": pubstatus,
        "signals": list(signals),
        "headline": copy["headline"],
        "located": copy["located"],
        "body_text": copy["body"],
        "language": "en",
    }


def ingest(agency: str, *items: dict, source: Source | None = None) -> None:
    """Push ninjs items through the wire app; the desk runs separately (see `run`)."""
    data = json.dumps(list(items)).encode("utf-8")
    report = ingest_bytes(data, agency=agency, source=source, format="ninjs")
    assert report.accepted == len(items), report


def empty_desk() -> None:
    """No stories, items or articles, every wire record pending again: a new desk over the
    same wire, as after a crash rerun from scratch or a new install loading an archive."""
    StoryItem.objects.all().delete()
    for page in ArticlePage.objects.all():
        page.delete()
    Story.objects.all().delete()
    WireItemRecord.objects.update(desk_state=DeskState.PENDING)
    CACHE.forget()


def run() -> DeskSummary:
    summary = process_pending()
    cache.clear()
    return summary


def article_of(story: Story) -> ArticlePage:
    return ArticlePage.objects.get(pk=story.article_id)


def review_source(agency: str = "Lakeside") -> Source:
    return Source.objects.create(
        name=f"{agency} wire", slug=agency.lower(), agency=agency, transport="push", policy="review"
    )


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _stamp(when: datetime) -> bytes:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def embargoed_story(hours: int = 6) -> Story:
    """The NewsML-G2 fixture as sent a minute ago, embargoed `hours` ahead, from an agency
    whose copy is published at once."""
    now = datetime.now(UTC)
    data = read_fixture("newsmlg2/embargoed.xml")
    for sent in (b"2024-03-09T14:05:00Z", b"2024-03-09T14:00:00Z"):
        data = data.replace(sent, _stamp(now - timedelta(minutes=1)))
    data = data.replace(b"2024-03-09T18:00:00Z", _stamp(now + timedelta(hours=hours)))
    source = Source.objects.create(
        name="Sahel Press wire",
        slug="sahel-press",
        agency="Sahel Press",
        transport="push",
        policy="publish",
    )
    CACHE.forget()
    ingest_bytes(data, source=source, format="newsmlg2")
    process_pending()
    return Story.objects.get()
