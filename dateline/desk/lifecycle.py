"""A story and its article are one record, whichever door the article is changed through.

The Stories screen is one door; Wagtail's page editor, its scheduler, workflows and code
(`revision.publish()`) are others. The receivers here keep the story's state agreeing with
its page, write each act from another door into the story's trail (who, when, what changed),
and refuse, at the model, to bring a killed article back: only the desk's Reinstate, with a
reason, does that. While the desk itself writes an article (`desk_acting`), they stand
aside: the desk's own trail entries already say what it did.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished

from dateline.desk.models import Action, DeskEvent, Story, StoryState
from dateline.news.models import ArticlePage, PublishRefused, Tombstone, article_publishing

P = ParamSpec("P")
R = TypeVar("R")

_acting: ContextVar[bool] = ContextVar("desk_acting", default=False)

# Revision fields an editor changes, by the name the trail gives them.
EDITED_PARTS = (
    ("title", "headline"),
    ("standfirst", "standfirst"),
    ("body", "body"),
    ("takeaways", "takeaways"),
    ("dateline_city", "dateline"),
    ("authors", "byline"),
    ("hero_image", "image"),
    ("primary_country", "tags"),
    ("countries", "tags"),
    ("sector", "tags"),
    ("attribution", "attribution"),
    ("source_agencies", "sources"),
    ("slug", "address"),
    ("go_live_at", "schedule"),
    ("expire_at", "schedule"),
)


class ArticleKilled(PublishRefused):
    """An attempt to publish the article of a killed story."""


@contextmanager
def desk_acting() -> Iterator[None]:
    """Mark the desk's own writes, so the other doors' receivers leave them alone."""
    token = _acting.set(True)
    try:
        yield
    finally:
        _acting.reset(token)


def by_the_desk(action: Callable[P, R]) -> Callable[P, R]:
    """Run a desk action inside `desk_acting`."""

    @wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with desk_acting():
            return action(*args, **kwargs)

    return run


def acting() -> bool:
    return _acting.get()


def story_of(page_id: int | None) -> Story | None:
    if page_id is None:
        return None
    return Story.objects.filter(article_id=page_id).first()


def killed_story(page_id: int | None) -> Story | None:
    if page_id is None:
        return None
    return Story.objects.filter(article_id=page_id, state=StoryState.KILLED).first()


def refusal_message(story: Story) -> str:
    """What an editor is told when a killed story's article cannot be published."""
    if story.merged_into_id is not None:
        return (
            f"This article's story was merged into story #{story.merged_into_id} and its "
            "address redirects there, so it cannot be published again. Undo the merge on "
            "the Stories screen to bring it back."
        )
    kill = story.events.filter(action=Action.KILLED).order_by("-at", "-id").first()
    why = f" ({kill.note.rstrip('.')})" if kill and kill.note else ""
    return (
        f"“{story.headline or story}” was killed{why}: its address answers 410 Gone and it "
        "stays off the site. Publishing it again is refused; only Reinstate on the Stories "
        "screen, with a reason, brings it back."
    )


def _user(user: Any = None) -> Any:
    """The acting user: the one given, or the admin request's (Wagtail's log context)."""
    return user or get_active_log_context().user


def _door(user: Any, *, scheduled: bool = False) -> str:
    if scheduled:
        return "on schedule"
    return "in the page editor" if user else "outside the desk"


def refuse(story: Story, *, user: Any = None, scheduled: bool = False) -> ArticleKilled:
    """The refusal to raise, recorded in the story's trail."""
    user = _user(user)
    DeskEvent.objects.create(
        story=story,
        action=Action.REFUSED,
        user=user,
        note=f"Publication {_door(user, scheduled=scheduled)} refused: the story is killed.",
    )
    return ArticleKilled(refusal_message(story))


def check_publishable(page: Page, *, user: Any = None) -> None:
    """Raise `ArticleKilled` (and record it) if the page is a killed story's article."""
    story = killed_story(page.pk)
    if story is not None:
        raise refuse(story, user=user)


@receiver(article_publishing)
def refuse_killed_article(sender, instance, revision, user=None, scheduled=False, **kwargs) -> None:
    """Every `publish()` of an article, from any door, before Wagtail writes anything."""
    story = killed_story(instance.pk)
    if story is not None:
        raise refuse(story, user=user, scheduled=scheduled)


@receiver(pre_save, sender=ArticlePage)
def keep_killed_article_down(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """The last guard: a killed story's article is never written live, by any path."""
    if raw or not instance.live or instance.pk is None:
        return
    if update_fields is not None and "live" not in update_fields:
        return
    check_publishable(instance)


@receiver(page_published)
def story_follows_published_page(sender, instance, revision=None, **kwargs) -> None:
    """Published through another door: the story is published too, and the trail says so."""
    if acting() or not isinstance(instance, ArticlePage):
        return
    story = story_of(instance.pk)
    if story is None:
        return
    scheduled = revision is not None and revision.approved_go_live_at is not None
    user = _user()
    if story.state != StoryState.PUBLISHED:
        story.state = StoryState.PUBLISHED
        story.save(update_fields=["state"])
    DeskEvent.objects.create(
        story=story,
        action=Action.PUBLISHED,
        user=user,
        note=f"Published {_door(user, scheduled=scheduled)}.",
    )


@receiver(page_unpublished)
def story_follows_unpublished_page(sender, instance, **kwargs) -> None:
    """Unpublished through another door: the story is held, as the desk's Hold leaves it
    (off the site, its address 404 rather than 410, until it is published again)."""
    if acting() or not isinstance(instance, ArticlePage):
        return
    story = story_of(instance.pk)
    if story is None or story.state != StoryState.PUBLISHED:
        return
    story.state = StoryState.HELD
    story.save(update_fields=["state"])
    if path := instance.get_url():
        Tombstone.objects.filter(path=path).delete()
    user = _user()
    door = "on its expiry date" if instance.expired else _door(user)
    DeskEvent.objects.create(
        story=story, action=Action.HELD, user=user, note=f"Unpublished {door}: the story is held."
    )


@receiver(pre_delete, sender=Page)
@receiver(pre_delete, sender=ArticlePage)
def story_dies_with_its_article(sender, instance, **kwargs) -> None:
    """Deleting the article kills the story, before the page is unpublished: the address
    of a live article answers 410, and new wire copy never builds a second article."""
    if acting() or instance.content_type_id != _article_type().pk:
        return
    story = story_of(instance.pk)
    if story is None or story.state == StoryState.KILLED:
        return
    story.state = StoryState.KILLED
    story.pending_update = None
    story.save(update_fields=["state", "pending_update"])
    user = _user()
    DeskEvent.objects.create(
        story=story,
        action=Action.KILLED,
        user=user,
        note=f"Article deleted {_door(user)}: the story is killed.",
    )


def _article_type() -> ContentType:
    return ContentType.objects.get_for_model(ArticlePage)


def _text(value: Any) -> Any:
    """What a reader reads of a stored value: markup and spacing do not count as edits."""
    if not isinstance(value, str):
        return value
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def page_edits(before: dict, after: dict) -> tuple[list[str], list[str]]:
    """The parts an edit changed, and the correction notes it added."""
    parts = [
        label
        for field, label in EDITED_PARTS
        if _text(before.get(field)) != _text(after.get(field))
    ]
    old_notes = [_text(c.get("text", "")) for c in before.get("corrections", [])]
    new_notes = [_text(c.get("text", "")) for c in after.get("corrections", [])]
    added = [note for note in new_notes if note and note not in old_notes]
    if set(old_notes) - set(new_notes):
        parts.append("corrections")
    return list(dict.fromkeys(parts)), added


@receiver(post_save, sender=Revision)
def trail_page_edit(sender, instance: Revision, raw=False, **kwargs) -> None:
    """An edit saved in the page editor (or by code): one trail entry per revision, kept
    current while autosave overwrites that revision."""
    if raw or acting() or instance.content_type_id != _article_type().pk:
        return
    story = story_of(int(instance.object_id))
    if story is None:
        return
    before = (
        Revision.page_revisions.filter(object_id=instance.object_id, pk__lt=instance.pk)
        .order_by("-pk")
        .values_list("content", flat=True)
        .first()
    ) or {}
    parts, notes = page_edits(before, instance.content)
    door = _door(instance.user)
    if notes:
        action = Action.CORRECTED
        note = f"Correction added {door}: " + " ".join(f"“{n}”" for n in notes)
        others = [p for p in parts if p != "corrections"]
        note += f"; also edited: {', '.join(others)}." if others else "."
    else:
        action = Action.EDITED
        note = (
            f"Edited {door}: {', '.join(parts)}."
            if parts
            else f"Saved {door} with no change to what readers read."
        )
    DeskEvent.objects.update_or_create(
        story=story,
        revision=instance,
        defaults={"action": action, "note": note, "user": instance.user, "at": instance.created_at},
    )
