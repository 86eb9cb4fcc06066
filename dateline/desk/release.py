"""Embargoed articles out: on time by Wagtail's scheduler, or early by an editor with a reason.

Breaking an agency's embargo breaks its contract, so an early release is a deliberate act:
it needs the editor's confirmation and reason, and both go in the story's trail.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from wagtail.models import Revision

from dateline.desk import articles, embargo
from dateline.desk.models import Action, Story, StoryState
from dateline.desk.stories import DeskActionError, record_event, usable_items
from dateline.news.models import ArticlePage
from dateline.news.timefmt import newsroom_time


@dataclass(frozen=True)
class EmbargoStatus:
    """What the story screen says of a story's embargo."""

    until: datetime | None  # the embargo still ahead, if any
    goes_live_at: datetime | None  # when Wagtail will publish the approved article by itself
    live: bool

    @property
    def waits_for_editor(self) -> bool:
        return self.until is not None and self.goes_live_at is None and not self.live


def status(story: Story) -> EmbargoStatus:
    until = embargo.story_embargo(story, [item for _, item in usable_items(story)])
    if story.article_id is None:
        return EmbargoStatus(until, None, False)
    page = ArticlePage.objects.get(pk=story.article_id)
    waiting = articles.scheduled(page)
    return EmbargoStatus(until, waiting.approved_go_live_at if waiting else None, page.live)


def release_early(story: Story, user, reason: str) -> None:
    """Publish now what waits for the embargo; the reason is kept in the story's trail."""
    reason = " ".join(reason.split())
    if not reason:
        raise DeskActionError("Give the reason for releasing before the embargo.")
    if story.state == StoryState.KILLED:
        raise DeskActionError("The story is killed; there is nothing to release.")
    items = usable_items(story)
    until = embargo.story_embargo(story, [item for _, item in items])
    if until is None:
        raise DeskActionError("The story is not under embargo.")
    if story.article_id is None:
        raise DeskActionError("The story has no article to release.")
    touched = articles.editor_touched(story)
    page = ArticlePage.objects.get(pk=story.article_id)
    approved = (articles.scheduled(page) or page.get_latest_revision()).as_object()
    approved.go_live_at = None
    revision = approved.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    if not touched:
        story.desk_revision = revision
    if story.pending_update and story.pending_update.get("embargo"):
        # The offered update was drafted under the same embargo: applying it must not wait.
        story.pending_update = {**story.pending_update, "embargo": ""}
    if story.last_draft:
        story.last_draft = {**story.last_draft, "embargo": ""}
    story.state = StoryState.PUBLISHED
    embargo.mark(story, None)
    story.save()
    broken = max((row for row, item in items if item.embargo == until), key=lambda r: r.seq)
    record_event(
        story,
        Action.RELEASED,
        f"Released before the agency's embargo of {newsroom_time(until)}. Reason: {reason}",
        user=user,
        record=broken.record,
    )


def publish_scheduled() -> str:
    """The worker's job: Wagtail's `publish_scheduled`, then each released story's trail.

    Embargoed articles (and anything an editor scheduled) go live when their time has come.
    """
    due = list(
        Revision.page_revisions.filter(approved_go_live_at__lt=timezone.now()).values_list(
            "pk", "object_id"
        )
    )
    if not due:
        return "nothing due"
    call_command("publish_scheduled", stdout=io.StringIO())
    published = set(
        Revision.page_revisions.filter(
            pk__in=[pk for pk, _ in due], approved_go_live_at__isnull=True
        ).values_list("object_id", flat=True)
    )
    stories = list(
        Story.objects.filter(article_id__in=[int(pk) for pk in published]).exclude(
            state=StoryState.KILLED
        )
    )
    for story in stories:
        with transaction.atomic():
            until = embargo.story_embargo(story, [item for _, item in usable_items(story)])
            embargo.mark(story, until)
            story.save(update_fields=["desk_flags"])
            record_event(
                story,
                Action.RELEASED,
                "Embargo over: Wagtail's scheduler published "
                f"the article at {newsroom_time(timezone.now())}.",
            )
    return f"{len(published)} scheduled pages published, {len(stories)} stories released"


def publish_message(story: Story) -> str:
    """What the editor is told after Publish: live now, or when the embargo lets it out."""
    page = ArticlePage.objects.get(pk=story.article_id)
    waiting = articles.scheduled(page)
    if waiting is not None and not page.live:
        return (
            f"Approved: the article goes live when the embargo lifts, "
            f"{newsroom_time(waiting.approved_go_live_at)}."
        )
    return "Published: the article is live."


def refuse_early_publish(request: HttpRequest, page) -> HttpResponse | None:
    """The page editor's Publish keeps to the embargo: a go-live time before it is refused
    and the editor's changes stay a draft. Only the story screen releases early."""
    story = Story.objects.filter(article_id=page.pk).exclude(state=StoryState.KILLED).first()
    if story is None:
        return None
    until = embargo.story_embargo(story, [item for _, item in usable_items(story)])
    if until is None or (page.go_live_at is not None and page.go_live_at >= until):
        return None
    messages.error(
        request,
        f"Not published: the agency's embargo runs until "
        f"{newsroom_time(until)}. Your changes are saved as a draft. Set a go-live "
        "time at or after the embargo, or release the story early from its story "
        "screen, with a reason.",
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
