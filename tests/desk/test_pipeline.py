"""The live desk: wire records become stories and published articles, once and only once."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from dateline.desk import pipeline
from dateline.desk.cursor import CACHE
from dateline.desk.models import DeskCursor, DeskEvent, ItemKind, Story, StoryItem, StoryState
from dateline.news.models import ArticlePage, Tombstone
from dateline.wire.models import DeskState, WireItemRecord
from tests.desk.pipeline_support import (
    FLOODS,
    FLOODS_OTHER,
    NIGER,
    RATES,
    T0,
    article_of,
    empty_desk,
    ingest,
    later,
    ninjs,
    run,
)

pytestmark = pytest.mark.django_db


def test_new_item_becomes_a_published_article(client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    summary = run()
    assert (summary.items, summary.new_stories, summary.errors) == (1, 1, 0)

    story = Story.objects.get()
    assert story.state == StoryState.PUBLISHED
    assert (story.primary_country, story.edition) == ("KE", "east-africa")
    article = article_of(story)
    assert article.live
    assert article.title == "Floods kill 14 in Kenya's north as rivers burst banks"
    assert article.standfirst.startswith("Floods killed at least 14 people in northern Kenya")
    assert "UPDATE" not in article.title and "(Harbour)" not in article.standfirst
    assert article.body.startswith("<p>More than 3,000 families")
    assert article.standfirst not in article.body  # the lead is not repeated
    assert article.takeaway_list == []  # four paragraphs: too short to need takeaways
    assert article.attribution == "(With inputs from agencies.)"
    assert article.source_agencies == "Harbour"
    assert article.primary_country.code == "KE"
    assert article.created_at == T0
    assert article.updated_at is None

    page = client.get(article.url)
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert "Floods kill 14 in Kenya's north as rivers burst banks</h1>" in html
    assert "Kenya" in html and "(With inputs from agencies.)" in html
    assert DeskEvent.objects.filter(story=story, action="created").exists()


def test_a_new_article_is_published_as_wagtail_publishes_a_page(client, admin_client):
    published = []

    def heard(sender, instance, revision, **kwargs):
        published.append((instance.pk, revision.pk))

    page_published.connect(heard)
    try:
        ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
        run()
    finally:
        page_published.disconnect(heard)
    story = Story.objects.get()
    article = article_of(story)
    assert article.live and not article.has_unpublished_changes
    assert article.live_revision_id == article.latest_revision_id == story.desk_revision_id
    assert article.first_published_at == article.last_published_at is not None
    assert published == [(article.pk, article.live_revision_id)]
    history = PageLogEntry.objects.filter(page=article).order_by("id")
    assert list(history.values_list("action", flat=True)) == ["wagtail.create", "wagtail.publish"]
    assert history.last().revision_id == article.live_revision_id
    assert client.get(article.url).status_code == 200
    assert article.status_string == "live"  # what the editor sees: live, no draft waiting
    assert admin_client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200


def test_a_new_article_at_a_killed_articles_address_raises_its_tombstone(client):
    Tombstone.objects.create(
        path="/news/floods-kill-14-in-kenyas-north-as-rivers-burst-banks/",
        headline="An older story",
        reason="withdrawn",
    )
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    article = article_of(Story.objects.get())
    assert article.url == "/news/floods-kill-14-in-kenyas-north-as-rivers-burst-banks/"
    assert not Tombstone.objects.exists()
    assert client.get(article.url).status_code == 200


def test_quotes_and_markup_in_copy_are_escaped_not_interpreted():
    hostile = dict(
        FLOODS,
        body=FLOODS["body"] + "\n\nOfficials said <script>alert(1)</script> "
        "and 5 < 7 & more aid was on the way to Isiolo county.",
    )
    ingest("Harbour", ninjs("urn:harbour:hostile", hostile))
    run()
    body = article_of(Story.objects.get()).body
    assert "<script>" not in body


def test_other_agency_coverage_joins_the_story():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    summary = run()
    assert summary.updated_stories == 1 and summary.new_stories == 0

    story = Story.objects.get()
    assert ArticlePage.objects.count() == 1
    article = article_of(story)
    assert article.source_agencies == "Harbour, Lakeside"
    assert "Kipchumba Murkomen" in article.body  # the new fact from the second agency
    # No sentence appears twice.
    paragraphs = [article.standfirst, *article.body.split("</p>")]
    assert article.body.count("3,000 families") <= 1 and article.standfirst.count("14") == 1
    assert len(paragraphs) == len(set(paragraphs))
    assert article.updated_at is not None
    kinds = sorted(story.items.values_list("kind", flat=True))
    assert kinds == [ItemKind.COVERAGE, ItemKind.FIRST]


def test_exact_duplicate_joins_without_changing_the_text():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    before = article_of(Story.objects.get())
    revisions = before.revisions.count()
    ingest("Lakeside", ninjs("urn:lakeside:copy", FLOODS, at=later(5)))
    summary = run()
    assert summary.duplicates == 1

    story = Story.objects.get()
    after = article_of(story)
    assert (after.title, after.standfirst, after.body) == (
        before.title,
        before.standfirst,
        before.body,
    )
    assert after.updated_at is None and after.revisions.count() == revisions
    duplicate = story.items.get(kind=ItemKind.DUPLICATE)
    assert duplicate.duplicate_of.record.guid == "urn:harbour:floods"


def test_new_version_updates_the_article_and_its_updated_time():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    newer = dict(
        FLOODS,
        body=FLOODS["body"].replace("at least 14 people", "at least 21 people"),
        headline="UPDATE 2-Floods kill 21 in Kenya's north as rivers burst banks",
    )
    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=2, at=later(90)))
    summary = run()
    assert summary.versions == 1 and summary.new_stories == 0

    article = article_of(Story.objects.get())
    assert article.title == "Floods kill 21 in Kenya's north as rivers burst banks"
    assert "at least 21 people" in article.standfirst
    assert article.updated_at is not None and article.updated_at > article.first_published_at
    assert ArticlePage.objects.count() == 1
    heads = StoryItem.objects.filter(head=True)
    assert [row.version for row in heads] == [2]


def test_dakar_datelined_story_about_niger_is_tagged_niger_and_flagged(admin_client):
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER))
    run()
    story = Story.objects.get()
    assert story.primary_country == "NE"
    assert story.dateline_country == "SN"
    assert "dateline-differs-from-focus" in story.flags
    assert article_of(story).primary_country.code == "NE"

    listing = admin_client.get("/admin/desk/stories/?flagged=on").content.decode()
    assert "Gunmen kill 12 soldiers in western Niger" in listing
    assert "Dateline differs from focus" in listing


def test_a_bad_record_is_marked_failed_and_the_batch_goes_on(monkeypatch):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:rates", RATES))
    real = pipeline.refresh

    def broken(story, **kwargs):
        if "Bank of England" in kwargs["record"].headline:
            raise ValueError("tagging exploded")
        return real(story, **kwargs)

    monkeypatch.setattr(pipeline, "refresh", broken)
    summary = run()
    assert (summary.items, summary.errors, summary.new_stories) == (2, 1, 1)
    failed = WireItemRecord.objects.get(desk_state=DeskState.FAILED)
    assert "tagging exploded" in failed.desk_error
    assert not StoryItem.objects.filter(record=failed).exists()
    assert Story.objects.count() == 1


class Crash(BaseException):
    """A process dying mid-record: nothing catches it."""


def _feed():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS), ninjs("urn:harbour:niger", NIGER))
    ingest(
        "Lakeside",
        ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)),
        ninjs("urn:lakeside:copy", NIGER, at=later(45)),
    )
    ingest(
        "Harbour",
        ninjs("urn:harbour:rates", RATES, at=later(50)),
        ninjs(
            "urn:harbour:floods",
            FLOODS,
            version=2,
            at=later(60),
            body=FLOODS["body"].replace("at least 14", "at least 16"),
        ),
    )


def _outcome():
    stories = {
        s.key: (
            s.state,
            sorted(s.items.values_list("record__guid", "record__version", "kind")),
            article_of(s).title,
            article_of(s).body,
        )
        for s in Story.objects.all()
    }
    return stories, ArticlePage.objects.count()


def test_crash_then_rerun_gives_the_same_stories_as_one_clean_run(monkeypatch):
    _feed()
    run()
    clean = _outcome()
    assert len(clean[0]) == 3 and clean[1] == 3

    # Start again on an empty desk and crash while placing the fourth record.
    empty_desk()
    real, calls = pipeline.place, []

    def crashing(record, *args):
        calls.append(record.guid)
        if len(calls) == 4:
            raise Crash
        return real(record, *args)

    monkeypatch.setattr(pipeline, "place", crashing)
    with pytest.raises(Crash):
        run()
    assert WireItemRecord.objects.filter(desk_state=DeskState.DONE).count() == 3
    assert StoryItem.objects.count() == 3
    monkeypatch.setattr(pipeline, "place", real)

    # The dead worker never released its lease; once the lease runs out, a new process
    # (with no index in memory) takes the queue over.
    DeskCursor.objects.update(
        lease_owner="dead-worker", lease_until=timezone.now() - timedelta(seconds=1)
    )
    CACHE.forget()
    pipeline.process_pending()
    assert WireItemRecord.objects.filter(desk_state=DeskState.PENDING).count() == 0
    assert _outcome() == clean
    assert run().items == 0  # a second rerun finds nothing to do


def test_another_worker_changes_are_seen_before_the_next_decision():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    mine = CACHE.index
    assert mine is not None
    # Another process places the second agency's copy (its own index, built from the DB).
    CACHE.forget()
    ingest("Lakeside", ninjs("urn:lakeside:77", FLOODS_OTHER, at=later(40)))
    run()
    theirs_sequence = CACHE.sequence
    # Back in the first process, with its older index: the cursor tells it to rebuild.
    CACHE.index, CACHE.sequence = mine, theirs_sequence - 1
    ingest(
        "Harbour",
        ninjs(
            "urn:harbour:floods",
            FLOODS,
            version=2,
            at=later(60),
            body=FLOODS["body"].replace("at least 14", "at least 16"),
        ),
    )
    restores = CACHE.restores
    run()
    assert CACHE.restores == restores + 1
    story = Story.objects.get()
    assert story.items.count() == 3
    assert "Kipchumba Murkomen" in article_of(story).body
    assert Story.objects.count() == 1 and ArticlePage.objects.count() == 1


def test_a_worker_steps_aside_while_another_holds_the_queue():
    from dateline.desk import cursor

    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    assert cursor.take_lease("someone-else")
    summary = run()
    assert summary.busy and summary.items == 0
    cursor.release_lease("someone-else")
    assert run().new_stories == 1


@pytest.mark.django_db
def test_a_lease_held_by_a_dead_process_on_this_host_is_taken_over():
    import os
    import socket
    import subprocess

    from dateline.desk.cursor import ensure_cursor, take_lease

    finished = subprocess.Popen(["true"])
    finished.wait()
    ensure_cursor()
    DeskCursor.objects.update(
        lease_owner=f"{socket.gethostname()}:{finished.pid}:abcd1234",
        lease_until=timezone.now() + timedelta(minutes=5),
    )
    assert take_lease("new-worker")
    DeskCursor.objects.update(
        lease_owner=f"{socket.gethostname()}:{os.getpid()}:abcd1234",
        lease_until=timezone.now() + timedelta(minutes=5),
    )
    assert not take_lease("another-worker"), "a live holder keeps its lease"
