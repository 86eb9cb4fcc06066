"""The desk's drafts and the article page: a new draft is compared with the draft the desk
kept, not with the page, so an editor's rewrite is never mistaken for news from the wire."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from dateline.desk import page_copy
from dateline.desk.content import Content
from dateline.desk.models import Action, DeskEvent, Story
from dateline.desk.stories import FLAG_UPDATE_PENDING
from tests.desk.pipeline_support import FLOODS, article_of, ingest, later, ninjs, run

pytestmark = pytest.mark.django_db

EDITORS_HEADLINE = "Kenya floods: 14 dead as Ewaso Ng'iro bursts its banks"


def _editor_rewrites(story: Story) -> None:
    editor = get_user_model().objects.create_superuser("sub", "sub@example.org", "x")
    page = article_of(story).get_latest_revision_as_object()
    page.title = EDITORS_HEADLINE
    page.body = "<p>An editor's <b>own</b> opening.</p>" + page.body
    page.save_revision(user=editor).publish(user=editor)


def test_the_desk_keeps_the_draft_it_wrote_onto_the_article():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    kept = Content.from_json(story.last_draft)
    assert kept == page_copy.read_page(article_of(story).get_latest_revision_as_object())
    assert "at least 14 people" in kept.standfirst


def test_a_resent_version_saying_the_same_offers_an_editor_nothing():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    _editor_rewrites(story)

    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS, version=2, at=later(60)))
    run()
    story.refresh_from_db()
    assert story.pending_update is None
    assert FLAG_UPDATE_PENDING not in story.flags
    assert not DeskEvent.objects.filter(story=story, action=Action.UPDATE_OFFERED).exists()
    assert article_of(story).title == EDITORS_HEADLINE


def test_an_offered_update_becomes_the_draft_later_versions_are_compared_with():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    story = Story.objects.get()
    _editor_rewrites(story)
    newer = dict(FLOODS, body=FLOODS["body"].replace("at least 14 people", "at least 19 people"))

    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=2, at=later(60)))
    run()
    story.refresh_from_db()
    assert "at least 19 people" in story.pending_update["standfirst"]
    assert "at least 19 people" in Content.from_json(story.last_draft).standfirst

    story.pending_update = None  # the editor looked and took nothing
    story.lower_flag(FLAG_UPDATE_PENDING)
    story.save()
    ingest("Harbour", ninjs("urn:harbour:floods", newer, version=3, at=later(120)))
    run()
    story.refresh_from_db()
    assert story.pending_update is None  # the same copy again is not offered again
    offers = DeskEvent.objects.filter(story=story, action=Action.UPDATE_OFFERED)
    assert offers.count() == 1


def test_a_story_drafted_before_drafts_were_kept_is_compared_with_its_article_once():
    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS))
    run()
    Story.objects.update(last_draft=None)
    story = Story.objects.get()
    revisions = article_of(story).revisions.count()

    ingest("Harbour", ninjs("urn:harbour:floods", FLOODS, version=2, at=later(60)))
    run()
    story.refresh_from_db()
    assert article_of(story).revisions.count() == revisions  # nothing redrafted
    assert not DeskEvent.objects.filter(story=story, action=Action.UPDATED).exists()
    assert Content.from_json(story.last_draft).headline == story.headline
