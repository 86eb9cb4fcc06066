"""Policy: publish at once or hold for review; once an editor edits, wire copy only offers."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dateline.desk import stories
from dateline.desk.models import DeskEvent, Story, StoryState
from dateline.desk.stories import FLAG_UPDATE_PENDING
from dateline.news.models import ArticlePage
from tests.desk.pipeline_support import (
    FLOODS,
    NIGER,
    RATES,
    article_of,
    ingest,
    later,
    ninjs,
    review_source,
    run,
)

pytestmark = pytest.mark.django_db


def test_review_source_story_is_held_until_an_editor_publishes_it(client, admin_client):
    ingest("Lakeside", ninjs("urn:lakeside:rates", RATES), source=review_source())
    run()
    story = Story.objects.get()
    assert story.state == StoryState.HELD
    article = article_of(story)
    assert not article.live
    assert client.get(article.url).status_code == 404
    listing = admin_client.get("/admin/desk/stories/?state=held").content.decode()
    assert "Bank of England holds rates at 4.5 pct as inflation eases" in listing

    response = admin_client.post(f"/admin/desk/stories/{story.pk}/publish/")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED
    page = client.get(article.url)
    assert page.status_code == 200
    assert "Bank of England holds rates" in page.content.decode()
    event = DeskEvent.objects.get(story=story, action="published")
    assert event.user.is_superuser


def test_held_story_takes_new_versions_as_drafts_without_going_live(client):
    source = review_source()
    ingest("Lakeside", ninjs("urn:lakeside:rates", RATES), source=source)
    run()
    newer = dict(RATES, body=RATES["body"].replace("Seven members", "Six members"))
    ingest("Lakeside", ninjs("urn:lakeside:rates", newer, version=2, at=later(30)), source=source)
    run()
    story = Story.objects.get()
    assert story.state == StoryState.HELD
    article = article_of(story)
    assert not article.live
    assert "Six members" in article.get_latest_revision_as_object().body


def test_source_with_publish_policy_goes_live_at_once(client):
    source = review_source("Harbour")
    source.policy = "publish"
    source.save()
    ingest("Harbour", ninjs("urn:harbour:rates", RATES), source=source)
    run()
    assert client.get(article_of(Story.objects.get()).url).status_code == 200


def _editor_rewrites_headline(story: Story) -> ArticlePage:
    editor = get_user_model().objects.create_superuser("sub", "sub@example.org", "x")
    page = article_of(story).get_latest_revision_as_object()
    page.title = "Kenya floods: 14 dead as Ewaso Ng'iro bursts its banks"
    page.standfirst = "An editor's own standfirst."
    page.save_revision(user=editor).publish(user=editor)
    return page


def test_editor_edit_is_never_overwritten_by_wire_and_the_update_can_be_applied(
    client, admin_client
):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    _editor_rewrites_headline(story)

    newer = dict(FLOODS, body=FLOODS["body"].replace("at least 14 people", "at least 19 people"))
    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=2, at=later(90)))
    summary = run()
    assert summary.updated_stories == 1

    story.refresh_from_db()
    article = article_of(story)
    assert article.title == "Kenya floods: 14 dead as Ewaso Ng'iro bursts its banks"
    assert article.standfirst == "An editor's own standfirst."
    assert "19 people" not in article.body
    assert story.pending_update and "at least 19 people" in story.pending_update["standfirst"]
    assert FLAG_UPDATE_PENDING in story.flags

    listing = admin_client.get("/admin/desk/stories/").content.decode()
    assert "update available" in listing and "edited" in listing
    detail = admin_client.get(f"/admin/desk/stories/{story.pk}/").content.decode()
    assert "Update available from the wire" in detail
    assert "at least 19 people" in detail and "An editor&#x27;s own standfirst." in detail

    version = stories.pending_offer(story).version
    admin_client.post(
        f"/admin/desk/stories/{story.pk}/apply-update/",
        {"take": ["standfirst"], "version": version, "confirmed": "yes"},
    )
    story.refresh_from_db()
    article = article_of(story)
    assert story.pending_update is None and FLAG_UPDATE_PENDING not in story.flags
    assert "at least 19 people" in article.standfirst
    assert article.title == "Kenya floods: 14 dead as Ewaso Ng'iro bursts its banks"
    assert article.live
    assert "at least 19 people" in client.get(article.url).content.decode()
    assert DeskEvent.objects.filter(story=story, action="updated", user__isnull=False).exists()


def test_retag_alone_does_not_count_as_an_editor_edit(admin_client):
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    admin_client.post(
        f"/admin/desk/stories/{story.pk}/retag/", {"primary_country": "KE", "sector": "wash"}
    )
    newer = dict(FLOODS, body=FLOODS["body"].replace("at least 14 people", "at least 19 people"))
    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=2, at=later(90)))
    run()
    story.refresh_from_db()
    assert story.pending_update is None
    article = article_of(story)
    assert "at least 19 people" in article.standfirst
    assert article.sector.slug == "wash"  # the editor's tags stand


HOLD_BY_DEFAULT = ["dateline-differs-from-focus", "country-close-call"]


def test_a_flagged_story_is_held_for_an_editor_even_from_a_publish_at_once_source(client, settings):
    settings.DATELINE_HOLD_FLAGS = HOLD_BY_DEFAULT
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER), ninjs("urn:harbour:rates", RATES))
    run()
    niger = Story.objects.get(headline__contains="Niger")
    assert niger.state == StoryState.HELD
    assert client.get(article_of(niger).url).status_code == 404
    held = DeskEvent.objects.get(story=niger, action="held")
    assert "dateline differs from focus" in held.note
    rates = Story.objects.get(headline__contains="Bank of England")
    assert rates.state == StoryState.PUBLISHED  # no flag, the agency's policy stands


def test_the_site_can_let_flagged_stories_go_out_at_once(client, settings):
    settings.DATELINE_HOLD_FLAGS = []
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER))
    run()
    assert client.get(article_of(Story.objects.get()).url).status_code == 200


def test_the_backfill_holds_flagged_stories_as_the_live_desk_does(settings):
    from dateline.desk.backfill import backfill

    settings.DATELINE_HOLD_FLAGS = HOLD_BY_DEFAULT
    ingest("Harbour", ninjs("urn:harbour:niger", NIGER), ninjs("urn:harbour:rates", RATES))
    backfill()
    states = dict(Story.objects.values_list("headline", "state"))
    assert {state for headline, state in states.items() if "Niger" in headline} == {StoryState.HELD}
    assert {state for headline, state in states.items() if "England" in headline} == {
        StoryState.PUBLISHED
    }


GERMAN_STRIKE = {
    "headline": "Lokführer legen Fernverkehr der Bahn lahm",
    "located": "BERLIN",
    "body": (
        "BERLIN (dpa) - Die Lokführergewerkschaft hat den Fernverkehr der Bahn am Donnerstag "
        "weitgehend lahmgelegt. Nach Angaben des Unternehmens fährt nur jeder fünfte Zug."
    ),
}


def test_copy_in_a_language_the_site_does_not_publish_waits_for_an_editor(client, settings):
    settings.DATELINE_SITE_LANGUAGES = ["en"]
    german = ninjs("urn:dpa:strike", GERMAN_STRIKE)
    german["language"] = "de"
    ingest("Harbour", german, ninjs("urn:harbour:rates", RATES))
    run()
    strike = Story.objects.get(headline__contains="Lokführer")
    assert strike.state == StoryState.HELD
    assert client.get(article_of(strike).url).status_code == 404
    held = DeskEvent.objects.get(story=strike, action="held")
    assert "German, which the site does not publish" in held.note
    rates = Story.objects.get(headline__contains="Bank of England")
    assert rates.state == StoryState.PUBLISHED


def test_a_site_that_publishes_german_lets_it_out_at_once(client, settings):
    settings.DATELINE_SITE_LANGUAGES = ["en", "de"]
    german = ninjs("urn:dpa:strike", GERMAN_STRIKE)
    german["language"] = "de"
    ingest("Harbour", german)
    run()
    assert client.get(article_of(Story.objects.get()).url).status_code == 200
