"""Stories into articles: redrafting after wire changes, and the editors' actions.

Wire copy is applied to an article only while no editor has touched it; after that each
new draft waits in `pending_update` for an editor to apply. Kills always win: a story left
with no usable item comes down at once, whoever touched it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from enum import StrEnum

from django.db import transaction
from wagtail.contrib.redirects.models import Redirect

from dateline.desk import articles, embargo
from dateline.desk.compose import compose
from dateline.desk.content import Content, StoryTags, with_primary_first
from dateline.desk.corrections import correction_note, without_agency_note
from dateline.desk.cursor import advance, ensure_cursor, lock_cursor
from dateline.desk.identity import item_time
from dateline.desk.models import Action, DeskEvent, ItemKind, Story, StoryItem, StoryState
from dateline.desk.rewriting import polish
from dateline.desk.tagging import tag_story
from dateline.news.models import ArticlePage
from dateline.news.reference import edition_for_country
from dateline.news.timefmt import newsroom_time
from dateline.wire.item import WireItem

FLAG_UPDATE_PENDING = "update-pending"
FLAG_EMPTIED = "killed-by-agency"
FLAG_SOURCE_KILLED = "source-item-killed"
FLAG_MERGED = "merged"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    OFFERED = "offered"
    UNCHANGED = "unchanged"
    EMPTIED = "emptied"
    IGNORED = "ignored"


class DeskActionError(ValueError):
    """An editor's action that cannot be done on this story, with the reason to show."""


def record_event(story: Story, action: str, note: str = "", *, user=None, record=None) -> None:
    DeskEvent.objects.create(story=story, action=action, note=note, user=user, record=record)


def usable_items(story: Story) -> list[tuple[StoryItem, WireItem]]:
    rows = (
        story.items.filter(head=True, removed=False)
        .exclude(kind=ItemKind.KILL)
        .select_related("record")
        .order_by("seq")
    )
    return [(row, row.record.item()) for row in rows]


def page_content(page: ArticlePage) -> Content:
    """What the article says now, in the desk's terms, to compare with a new draft."""
    paragraphs = tuple(
        html.unescape(re.sub(r"<[^>]+>", "", p)).strip()
        for p in re.findall(r"<p[^>]*>(.*?)</p>", page.body or "", flags=re.DOTALL)
    )
    return Content(
        headline=page.title,
        standfirst=page.standfirst,
        body_paragraphs=tuple(p for p in paragraphs if p),
        takeaways=tuple(page.takeaway_list),
        dateline_city=page.dateline_city,
        source_agencies=tuple(a.strip() for a in page.source_agencies.split(",") if a.strip()),
        attribution=page.attribution,
        primary_country=page.primary_country.code if page.primary_country else "",
        countries=tuple(c.code for c in page.tag_countries),
        sector=page.sector.slug if page.sector else "",
        created_at=page.created_at.isoformat() if page.created_at else "",
        embargo=page.go_live_at.isoformat() if embargo.ahead(page.go_live_at) else "",
    )


def story_tags(story: Story, items: Sequence[WireItem]) -> StoryTags:
    if story.tags_by_editor:
        return StoryTags(
            primary_country=story.primary_country,
            countries=tuple(story.countries),
            sector=story.sector,
            edition=story.edition,
            dateline_country=story.dateline_country,
            flags=tuple(story.tag_flags),
        )
    return StoryTags.of(tag_story(items))


def draft(story: Story, wire: Sequence[WireItem]) -> tuple[Content, StoryTags]:
    wire = [without_agency_note(item) for item in wire]
    tags = story_tags(story, wire)
    times = [t for t in (item_time(item) for item in wire) if t is not None]
    content = Content.build(polish(compose(wire), wire), tags, min(times) if times else None,
                            embargo.story_embargo(story, wire))
    return content, tags


def keep_tags(story: Story, tags: StoryTags) -> None:
    """The machine's tags onto the story (callers check `tags_by_editor` first)."""
    story.primary_country = tags.primary_country
    story.countries = list(tags.countries)
    story.sector = tags.sector
    story.edition = tags.edition
    story.dateline_country = tags.dateline_country
    story.tag_flags = list(tags.flags)


def _unchanged(old: Content, new: Content) -> bool:
    return (
        old.text == new.text
        and set(old.source_agencies) == set(new.source_agencies)
        and old.dateline_city == new.dateline_city
        and (old.primary_country, old.sector, set(old.countries))
        == (new.primary_country, new.sector, set(new.countries))
        and old.embargo_time == new.embargo_time
    )


def write(story: Story, content: Content, *, user=None, publish: bool, tags: bool = True,
          page: ArticlePage | None = None):
    """Content onto the article's latest revision (`page`, if already loaded); `updated_at`
    moves only if the text did."""
    page = page or articles.current_page(story)
    meaningful = page_content(page).text != content.text or bool(content.correction)
    articles.apply_content(page, content, tags=tags)
    when = articles.now()
    if meaningful:
        page.updated_at = when
    if content.correction:
        articles.add_correction(page, content.correction, when)
    return articles.save(page, user=user, publish=publish)


def refresh(
    story: Story,
    *,
    auto_publish: bool,
    correcting: WireItem | None = None,
    record=None,
    user=None,
) -> Outcome:
    """Redraft a story after its items changed and put the draft where it belongs."""
    if story.state == StoryState.KILLED:
        return Outcome.IGNORED
    items = usable_items(story)
    if not items:
        take_down_story(story, "No usable agency item is left.", record=record, user=user)
        story.raise_flag(FLAG_EMPTIED)
        story.save()
        return Outcome.EMPTIED
    content, tags = draft(story, [item for _, item in items])
    story.headline = content.headline[:300]
    embargo.mark(story, content.embargo_time)
    if story.article_id is None:
        return _create(story, content, tags, auto_publish=auto_publish, record=record)
    page = articles.current_page(story)
    old = page_content(page)
    if _unchanged(old, content) and correcting is None:
        if not story.tags_by_editor:
            keep_tags(story, tags)
        story.save()
        return Outcome.UNCHANGED
    if correcting is not None:
        content = replace(content, correction=correction_note(correcting, old, content))
    touched = articles.editor_touched(story)
    if touched or (story.state == StoryState.PUBLISHED and not auto_publish):
        story.pending_update = content.to_json()
        story.raise_flag(FLAG_UPDATE_PENDING)
        story.save()
        why = "an editor has worked on the article" if touched else (
            "the agency's copy needs review"
        )
        record_event(story, Action.UPDATE_OFFERED, f"New wire copy offered: {why}.", record=record)
        if old.embargo_time != content.embargo_time:
            embargo.follow(story, content.embargo_time, record=record)
        return Outcome.OFFERED
    if not story.tags_by_editor:
        keep_tags(story, tags)
    revision = write(story, content, publish=story.state == StoryState.PUBLISHED,
                     tags=not story.tags_by_editor, page=page)
    story.desk_revision = revision
    story.save()
    action = Action.CORRECTED if content.correction else Action.UPDATED
    record_event(story, action, content.correction or "Article redrafted from wire copy.",
                 record=record, user=user)
    return Outcome.UPDATED


def _create(story: Story, content: Content, tags: StoryTags, *, auto_publish: bool,
            record) -> Outcome:
    keep_tags(story, tags)
    page, revision = articles.create_article(content, publish=auto_publish)
    story.article = page
    story.desk_revision = revision
    story.state = StoryState.PUBLISHED if auto_publish else StoryState.HELD
    story.save()
    DeskEvent.objects.bulk_create(creation_events(story, content, auto_publish, record))
    return Outcome.CREATED


def creation_events(story: Story, content: Content, auto_publish: bool, record) -> list[DeskEvent]:
    """What the story's history says of its creation: drafted, then published or held."""
    agencies = ", ".join(content.source_agencies)
    placed = (
        (Action.PUBLISHED, "Published at once: the agency's policy.")
        if auto_publish
        else (Action.HELD, "Held for an editor's review: the agency's policy.")
    )
    if content.embargo:
        when = newsroom_time(content.embargo_time)
        placed = (
            (Action.SCHEDULED, f"Embargoed until {when}: goes live then, the agency's policy.")
            if auto_publish
            else (Action.HELD, f"{placed[1]} Embargoed until {when}: publishing before then "
                  "schedules it for that time.")
        )
    return [
        DeskEvent(story=story, action=action, note=note, record=record)
        for action, note in ((Action.CREATED, f"Drafted from {agencies} copy."), placed)
    ]


def take_down_story(story: Story, note: str, *, user=None, record=None) -> None:
    """Unpublish the article (its address answers 410) and mark the story killed."""
    if story.article_id is not None:
        articles.take_down(ArticlePage.objects.get(pk=story.article_id), user=user, gone=True)
    story.state = StoryState.KILLED
    story.pending_update = None
    story.lower_flag(FLAG_UPDATE_PENDING)
    story.save()
    record_event(story, Action.KILLED, note, user=user, record=record)


# Editors' actions. Each runs in one transaction; those that move items lock the cursor.


def publish(story: Story, user) -> None:
    if story.state == StoryState.PUBLISHED:
        raise DeskActionError("The story is already published.")
    if story.merged_into_id is not None:
        raise DeskActionError("The story was merged into another; publish that one.")
    if story.article_id is None or not usable_items(story):
        raise DeskActionError("The story has no usable agency item to publish.")
    page = ArticlePage.objects.get(pk=story.article_id)
    until = embargo.story_embargo(story, [item for _, item in usable_items(story)])
    articles.held_back(page, until).publish(user=user)
    story.state = StoryState.PUBLISHED
    story.lower_flag(FLAG_EMPTIED)
    story.save()
    if until is not None:
        record_event(story, Action.SCHEDULED, "Approved by an editor: goes live when the "
                     f"embargo lifts, {newsroom_time(until)}.", user=user)
        return
    record_event(story, Action.PUBLISHED, "Published by an editor.", user=user)


def hold(story: Story, user) -> None:
    if story.state == StoryState.HELD:
        raise DeskActionError("The story is already held.")
    if story.state == StoryState.KILLED:
        raise DeskActionError("A killed story cannot be held; publish it again instead.")
    if story.article_id is not None:
        articles.take_down(ArticlePage.objects.get(pk=story.article_id), user=user, gone=False)
    story.state = StoryState.HELD
    story.save()
    record_event(story, Action.HELD, "Taken off the site for review.", user=user)


def kill(story: Story, user, reason: str = "") -> None:
    if story.state == StoryState.KILLED:
        raise DeskActionError("The story is already killed.")
    take_down_story(story, reason or "Killed by an editor.", user=user)


def retag(story: Story, user, *, primary_country: str, sector: str) -> None:
    """An editor's tags; the edition follows from the country; the article takes them too."""
    touched = articles.editor_touched(story)
    story.primary_country = primary_country
    story.countries = list(with_primary_first(primary_country, story.countries))
    story.sector = sector
    story.edition = edition_for_country(primary_country or None)
    story.tag_flags = []
    story.tags_by_editor = True
    if story.article_id is not None:
        live = ArticlePage.objects.get(pk=story.article_id)
        page = articles.current_page(story)
        articles.apply_tags(page, primary_country, tuple(story.countries), sector)
        revision = articles.save(
            page, user=user,
            publish=(live.live and not live.has_unpublished_changes) or articles.approved(live),
        )
        if not touched:
            story.desk_revision = revision
    story.save()
    record_event(story, Action.RETAGGED,
                 f"Primary country {primary_country or 'none'}, sector {sector or 'none'}, "
                 f"edition {story.edition}.", user=user)


def apply_update(story: Story, user) -> None:
    if not story.pending_update:
        raise DeskActionError("There is no pending update for this story.")
    if story.state == StoryState.KILLED:
        raise DeskActionError("The story is killed; nothing to update.")
    content = Content.from_json(story.pending_update)
    write(story, content, user=user, publish=story.state == StoryState.PUBLISHED,
          tags=not story.tags_by_editor)
    if not story.tags_by_editor:
        story.primary_country = content.primary_country
        story.countries = list(content.countries)
        story.sector = content.sector
        story.edition = edition_for_country(content.primary_country or None)
    story.headline = content.headline[:300]
    story.pending_update = None
    story.lower_flag(FLAG_UPDATE_PENDING)
    story.save()
    record_event(story, Action.UPDATED, content.correction or "Pending wire update applied.",
                 user=user)


def merge(target: Story, other: Story, user) -> None:
    """Move every item of `other` into `target`; other's address redirects to target's."""
    if target.pk == other.pk:
        raise DeskActionError("A story cannot be merged into itself.")
    if other.merged_into_id or target.merged_into_id:
        raise DeskActionError("One of the stories was already merged away.")
    ensure_cursor()
    with transaction.atomic():
        cursor = lock_cursor()
        other.items.update(story=target)
        if other.article_id is not None:
            page = ArticlePage.objects.get(pk=other.article_id)
            path = page.get_url() or ""
            articles.take_down(page, user=user, gone=False)
            if path and target.article_id is not None:
                Redirect.objects.filter(old_path=Redirect.normalise_path(path)).delete()
                Redirect.add_redirect(path, redirect_to=ArticlePage.objects.get(
                    pk=target.article_id))
        other.state = StoryState.KILLED
        other.merged_into = target
        other.pending_update = None
        other.desk_flags = [FLAG_MERGED]
        other.save()
        advance(cursor)
        record_event(other, Action.MERGED, f"Merged into story #{target.pk}.", user=user)
        record_event(target, Action.MERGED, f"Story #{other.pk} merged in.", user=user)
        refresh(target, auto_publish=True, user=user)


def _family(row: StoryItem) -> tuple[str, str]:
    return (row.record.agency, row.record.family_uri)


def split(story: Story, user, item_ids: Iterable[int]) -> Story:
    """Move the chosen items (with their earlier versions) into a new story of their own."""
    chosen = set(item_ids)
    ensure_cursor()
    with transaction.atomic():
        cursor = lock_cursor()
        rows = list(story.items.select_related("record"))
        families = {_family(r) for r in rows if r.pk in chosen and r.usable}
        if not families:
            raise DeskActionError("Choose at least one usable item to split off.")
        staying = {_family(r) for r in rows if r.usable} - families
        if not staying:
            raise DeskActionError("At least one usable item must stay in the story.")
        n = 2
        while Story.objects.filter(key=f"{story.key}~{n}").exists():
            n += 1
        new = Story.objects.create(key=f"{story.key}~{n}", state=StoryState.DRAFT)
        StoryItem.objects.filter(pk__in=[r.pk for r in rows if _family(r) in families]).update(
            story=new
        )
        advance(cursor)
        record_event(new, Action.SPLIT, f"Split off story #{story.pk}.", user=user)
        record_event(story, Action.SPLIT, f"Items moved to new story #{new.pk}.", user=user)
        refresh(new, auto_publish=False, user=user)
        refresh(story, auto_publish=True, user=user)
    return new
