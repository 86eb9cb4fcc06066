"""A backlog placed in bulk ends as the live desk would leave it, and the live desk carries on."""

from __future__ import annotations

from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry

from dateline.desk import pipeline
from dateline.desk.backfill import backfill
from dateline.desk.core.identity import IdentityIndex
from dateline.desk.cursor import CACHE, stored_records
from dateline.desk.models import ItemKind, Story, StoryState
from dateline.news.models import ArticlePage, SectionPage, Tombstone
from dateline.wire.models import DeskState, WireItemRecord
from dateline.wire.serialize import to_json
from tests.desk.pipeline_support import (
    FLOODS,
    FLOODS_OTHER,
    NIGER,
    RATES,
    article_of,
    empty_desk,
    ingest,
    later,
    ninjs,
    review_source,
    run,
)

pytestmark = pytest.mark.django_db


def _feed() -> None:
    """New stories, coverage, a duplicate, a new version, a kill and a held story, in order."""
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:rates", RATES))
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER, at=later(2)))
    ingest(
        "Lakeside",
        ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)),
        ninjs("urn:lakeside:rates", RATES, at=later(5)),
    )
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER, version=2, at=later(20), signals=("kill",)))
    ingest(
        "Harbour",
        ninjs(
            "urn:harbour:flash",
            RATES,
            at=later(60),
            headline="Sterling rises after Bank of England decision",
            body="Sterling rose 0.4 percent against the dollar on Monday "
            "after the Bank of England held its main rate, traders said.",
        ),
    )
    ingest(
        "Quayside",
        ninjs(
            "urn:quayside:1",
            NIGER,
            at=later(70),
            headline="Niger junta names new cabinet in Niamey",
            body="Niger's military rulers named a 21-member cabinet in "
            "Niamey on Monday, state television said.",
        ),
        source=review_source("Quayside"),
    )


def _outcome() -> dict:
    """Everything a reader or an editor can see of the stories, keyed by story."""
    seen = {}
    for story in Story.objects.order_by("key"):
        view = {
            "state": story.state,
            "headline": story.headline,
            "flags": sorted(story.flags),
            "tags": (story.primary_country, story.countries, story.sector, story.edition),
            "items": sorted(story.items.values_list("kind", "head", "removed", "version")),
            "events": sorted(story.events.values_list("action", "note")),
        }
        if story.article_id is not None:
            page = article_of(story)
            latest = page.get_latest_revision_as_object()
            view["article"] = {
                "text": (
                    page.title,
                    page.standfirst,
                    page.body,
                    page.takeaways,
                    page.slug,
                    page.url_path,
                    page.source_agencies,
                    page.created_at,
                    page.kind,
                ),
                "tags": (
                    page.primary_country_id,
                    sorted(c.code for c in page.countries.all()),
                    page.sector_id,
                ),
                "state": (
                    page.live,
                    page.has_unpublished_changes,
                    page.status_string,
                    page.first_published_at is not None,
                ),
                "revisions": page.revisions.count(),
                "live_is_latest": page.live_revision_id == page.latest_revision_id,
                "desk_revision_is_latest": story.desk_revision_id == page.latest_revision_id,
                "latest": (latest.title, latest.body, latest.primary_country_id),
                "history": list(
                    PageLogEntry.objects.filter(page=page)
                    .order_by("id")
                    .values_list("action", flat=True)
                ),
            }
        seen[story.key] = view
    return seen


def test_backfill_leaves_the_store_as_the_live_desk_does(client):
    _feed()
    run()
    live = _outcome()
    # Four stories: the sterling flash joins the Bank of England story as its follow-up.
    assert len(live) == 4
    assert {view["state"] for view in live.values()} == {
        StoryState.PUBLISHED,
        StoryState.HELD,
        StoryState.KILLED,
    }

    empty_desk()
    summary = backfill(batch=4)
    assert (summary.items, summary.errors) == (WireItemRecord.objects.count(), 0)
    assert summary.new_stories == 4 and summary.killed == 1 and summary.duplicates == 1
    assert _outcome() == live
    assert not WireItemRecord.objects.exclude(desk_state=DeskState.DONE).exists()
    assert Page.find_problems() == ([], [], [], [], [])
    news = SectionPage.objects.get(kind="news")
    assert news.numchild == ArticlePage.objects.child_of(news).count() == 4
    # The story items rebuild the very index the backfill used.
    restored = IdentityIndex.restore(stored_records())
    assert list(map(repr, restored.records())) == list(map(repr, CACHE.index.records()))
    # Published articles are online, with no tombstone left at their addresses.
    live_pages = ArticlePage.objects.live()
    assert live_pages.count() == 2
    assert not Tombstone.objects.filter(path__in=[p.url for p in live_pages]).exists()
    for page in live_pages:
        assert client.get(page.url).status_code == 200


def test_the_live_desk_carries_on_from_a_backfilled_store(client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:rates", RATES))
    backfill()
    rates = article_of(Story.objects.get(headline__contains="Bank of England"))
    assert client.get(rates.url).status_code == 200

    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    ingest("Harbour", ninjs("urn:harbour:rates", RATES, version=2, at=later(20), signals=("kill",)))
    summary = run()
    assert (summary.updated_stories, summary.killed, summary.errors) == (1, 1, 0)
    floods = article_of(Story.objects.get(headline__contains="Floods"))
    assert floods.live and floods.source_agencies == "Harbour, Lakeside"
    assert "Kipchumba Murkomen" in floods.body
    assert floods.revisions.count() == 2 and floods.live_revision_id == floods.latest_revision_id
    assert client.get(floods.url).status_code == 200
    assert client.get(rates.url).status_code == 410


def test_a_batch_that_fails_is_placed_record_by_record(monkeypatch):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:rates", RATES))
    real = pipeline.wire_copy

    def broken(record):
        if "Bank of England" in record.headline:
            raise ValueError("unreadable copy")
        return real(record)

    monkeypatch.setattr(pipeline, "wire_copy", broken)
    summary = backfill()
    assert (summary.items, summary.new_stories, summary.errors) == (2, 1, 1)
    failed = WireItemRecord.objects.get(desk_state=DeskState.FAILED)
    assert "Bank of England" in failed.headline and "unreadable copy" in failed.desk_error
    assert Story.objects.get().items.get().kind == ItemKind.FIRST


def test_an_item_with_no_copy_fails_alone_and_the_batch_is_written_together(caplog):
    ingest(
        "Harbour",
        ninjs("urn:harbour:floods", FLOODS),
        ninjs("urn:harbour:empty", NIGER),
        ninjs("urn:harbour:rates", RATES),
    )
    empty = WireItemRecord.objects.get(guid="urn:harbour:empty")  # a picture with no words
    empty.data = to_json(replace(empty.item(), headline="", body_text="", body_html=""))
    empty.save()
    summary = backfill()
    assert (summary.items, summary.new_stories, summary.errors) == (3, 2, 1)
    failed = WireItemRecord.objects.get(desk_state=DeskState.FAILED)
    assert failed.guid == "urn:harbour:empty" and "neither a headline" in failed.desk_error
    assert "placing it record by record" not in caplog.text  # no batch placed twice


def test_operators_run_it_as_desk_backfill(client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:rates", RATES))
    out = StringIO()
    call_command("desk", "backfill", "--batch", "1", stdout=out)
    assert out.getvalue().startswith("desk backfill: 2 items: 2 new stories")
    assert not WireItemRecord.objects.exclude(desk_state=DeskState.DONE).exists()
    rates = article_of(Story.objects.get(headline__contains="Bank of England"))
    assert client.get(rates.url).status_code == 200
    with pytest.raises(CommandError, match="at least 1"):
        call_command("desk", "backfill", "--batch", "0")
