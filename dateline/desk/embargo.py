"""Agency embargoes: nothing of an embargoed item reaches readers before its time.

The desk does not keep a parallel gate. A draft that holds embargoed copy carries the
embargo as the go-live time of its Wagtail revision, so publishing it only schedules it:
the page is not live (or its newer revision not yet published) until then, and every door
readers use (pages, home and sections, feeds, sitemaps, search, trending, the newsletter)
already shows live pages alone. Wagtail's `publish_scheduled`, run by the worker
(`dateline.desk.release.publish_scheduled`), lets it out on time.

These are the rules; `release` holds the editors' and the scheduler's actions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.utils import timezone

from dateline.desk import articles
from dateline.desk.models import Action, DeskEvent, Story
from dateline.news.models import ArticlePage
from dateline.news.timefmt import newsroom_time
from dateline.wire.item import WireItem

FLAG_EMBARGOED = "embargoed"


def ahead(when: datetime | None, now: datetime | None = None) -> bool:
    return when is not None and when > (now or timezone.now())


def embargo_of(
    items: Iterable[WireItem], *, released: datetime | None = None, now: datetime | None = None
) -> datetime | None:
    """The latest embargo still ahead among the items: a draft built from them all waits
    for it. An embargo an editor released early (`released`, or any earlier one) no longer
    holds; a later version that moves it beyond that time holds again."""
    now = now or timezone.now()
    ahead = [
        item.embargo
        for item in items
        if item.embargo is not None
        and item.embargo > now
        and (released is None or item.embargo > released)
    ]
    return max(ahead, default=None)


def released(story: Story) -> datetime | None:
    """The embargo an editor last released early, read from the story's trail: an early
    release names the wire record whose embargo it broke (the scheduler's names none)."""
    if story.pk is None:
        return None
    event = (
        story.events.filter(action=Action.RELEASED, record__isnull=False)
        .select_related("record")
        .order_by("-at", "-id")
        .first()
    )
    return event.record.item().embargo if event else None


def story_embargo(story: Story, items: Sequence[WireItem]) -> datetime | None:
    """What the story's article waits for: its items' latest embargo still ahead, unless an
    editor released it early."""
    if embargo_of(items) is None:
        return None
    return embargo_of(items, released=released(story))


def follow(story: Story, when: datetime | None, *, record=None) -> None:
    """A newer version moved, lifted or added the embargo while its text waits for an
    editor: the revision already approved to go live keeps to the new time."""
    if story.article_id is None:
        return
    page = ArticlePage.objects.get(pk=story.article_id)
    if articles.reschedule(page, when) is None:
        return
    note = (
        f"The agency moved the embargo: the approved article now goes live at "
        f"{newsroom_time(when)}."
        if when
        else "The agency lifted the embargo: the approved article went live."
    )
    action = Action.SCHEDULED if when else Action.PUBLISHED
    DeskEvent.objects.create(story=story, action=action, note=note, record=record)


def mark(story: Story, embargo: datetime | None) -> None:
    """Flag the story while its article waits for an embargo, so the Stories list shows it."""
    if embargo is None:
        story.lower_flag(FLAG_EMBARGOED)
    else:
        story.raise_flag(FLAG_EMBARGOED)
