"""Stories into articles: redrafting after wire changes, and the editors' actions.

Wire copy is applied to an article only while no editor has touched it; after that each
new draft waits in `pending_update` for an editor to take, part by part. Kills always win:
a story left with no usable item comes down at once, whoever touched it, and a killed story
comes back only through Reinstate, with a reason. Every action here runs as the desk
(`lifecycle.by_the_desk`), so the page editor's receivers do not record it twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from enum import StrEnum

import pycountry
from django.conf import settings
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect

from dateline.desk import articles, embargo, page_copy
from dateline.desk.content import Content, StoryTags, with_primary_first
from dateline.desk.core.compose import compose
from dateline.desk.core.copy import read
from dateline.desk.core.corrections import correction_note, without_agency_note
from dateline.desk.core.identity import item_time
from dateline.desk.core.tagging import tag_story
from dateline.desk.cursor import advance, ensure_cursor, lock_cursor
from dateline.desk.lifecycle import by_the_desk
from dateline.desk.models import Action, DeskEvent, ItemKind, Story, StoryItem, StoryState
from dateline.desk.rewriting import polish
from dateline.desk.updates import Offer, offer, taking
from dateline.news.models import ArticlePage
from dateline.news.timefmt import newsroom_time
from dateline.wire.item import WireItem
from dateline.wire.models import Source

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


def story_tags(story: Story, items: Sequence[WireItem]) -> StoryTags:
    if story.tags_by_editor:
        return story.tags
    return StoryTags.of(tag_story(items))


def draft(story: Story, wire: Sequence[WireItem]) -> tuple[Content, StoryTags]:
    wire = [without_agency_note(item) for item in wire]
    tags = story_tags(story, wire)
    times = [t for t in (item_time(item) for item in wire) if t is not None]
    content = Content.build(
        polish(compose(wire, name_agencies=settings.DATELINE_ATTRIBUTION == "agencies"), wire),
        tags,
        min(times) if times else None,
        embargo.story_embargo(story, wire),
    )
    return content, tags


def keep_tags(story: Story, tags: StoryTags) -> None:
    """The machine's tags onto the story (callers check `tags_by_editor` first)."""
    story.set_tags(tags)


def _unchanged(old: Content, new: Content, *, tags: bool) -> bool:
    """Does the new draft say what the last one said? Its tags count only while the
    machine tags the story: an editor's tags are not the wire's to change."""
    return (
        old.text == new.text
        and set(old.source_agencies) == set(new.source_agencies)
        and old.dateline_city == new.dateline_city
        and (
            not tags
            or (old.primary_country, old.sector, set(old.countries))
            == (new.primary_country, new.sector, set(new.countries))
        )
        and old.embargo_time == new.embargo_time
    )


def write(
    story: Story,
    content: Content,
    *,
    user=None,
    publish: bool,
    tags: bool = True,
    page: ArticlePage | None = None,
    body_html: str | None = None,
):
    """Content onto the article's latest revision (`page`, if already loaded); `updated_at`
    moves only if what readers read changed. `body_html`, if given, is the body's markup."""
    page = page or articles.current_page(story)
    page_copy.put_on_page(page, content, tags=tags)
    if body_html is not None:
        page.body = body_html
    when = articles.now()
    if articles.changes_what_readers_read(page, corrected=bool(content.correction)):
        page.updated_at = when
    if content.correction:
        articles.add_correction(page, content.correction, when)
    return articles.save(page, user=user, publish=publish)


@by_the_desk
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
        wire = [item for _, item in items]
        return _create(story, content, tags, wire, auto_publish=auto_publish, record=record)
    page = articles.current_page(story)
    old = page_copy.last_draft(story, page)
    page_copy.keep_draft(story, content)
    if _unchanged(old, content, tags=not story.tags_by_editor) and correcting is None:
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
        why = (
            "an editor has worked on the article" if touched else ("the agency's copy needs review")
        )
        record_event(story, Action.UPDATE_OFFERED, f"New wire copy offered: {why}.", record=record)
        if old.embargo_time != content.embargo_time:
            embargo.follow(story, content.embargo_time, record=record)
        return Outcome.OFFERED
    if not story.tags_by_editor:
        keep_tags(story, tags)
    revision = write(
        story,
        content,
        publish=story.state == StoryState.PUBLISHED,
        tags=not story.tags_by_editor,
        page=page,
    )
    story.desk_revision = revision
    story.save()
    action = Action.CORRECTED if content.correction else Action.UPDATED
    record_event(
        story,
        action,
        content.correction or "Article redrafted from wire copy.",
        record=record,
        user=user,
    )
    return Outcome.UPDATED


def _create(
    story: Story,
    content: Content,
    tags: StoryTags,
    wire: Sequence[WireItem],
    *,
    auto_publish: bool,
    record,
) -> Outcome:
    keep_tags(story, tags)
    page_copy.keep_draft(story, content)
    holding = held_for(tags, wire, record.source if record is not None else None)
    publish = auto_publish and not holding
    language = read(wire[0]).language if wire else ""
    page, revision = articles.create_article(content, publish=publish, language=language)
    story.article = page
    story.desk_revision = revision
    story.state = StoryState.PUBLISHED if publish else StoryState.HELD
    story.save()
    DeskEvent.objects.bulk_create(creation_events(story, content, publish, record, holding))
    return Outcome.CREATED


def held_for(tags: StoryTags, wire: Sequence[WireItem], source: Source | None = None) -> str:
    """Why a new story waits for an editor although its source publishes at once, or "": a
    flag the site holds (`DATELINE_HOLD_FLAGS`: a close call on the country, a dateline that
    differs from the focus, judgements to check before readers see them), or copy in a
    language the site does not publish (`DATELINE_SITE_LANGUAGES`), unless the source is
    trusted to publish every language it sends."""
    flags = [flag for flag in tags.flags if flag in settings.DATELINE_HOLD_FLAGS]
    if flags:
        return f"the desk flagged it ({', '.join(flag.replace('-', ' ') for flag in flags)})"
    languages = settings.DATELINE_SITE_LANGUAGES
    language = read(wire[0]).language if wire else ""
    if source is not None and source.publish_any_language:
        return ""
    if language and "*" not in languages and language not in languages:
        known = pycountry.languages.get(alpha_2=language)
        name = known.name if known is not None else language
        return f"its copy is in {name}, which the site does not publish"
    return ""


def creation_events(
    story: Story,
    content: Content,
    auto_publish: bool,
    record,
    holding: str = "",
) -> list[DeskEvent]:
    """What the story's history says of its creation: drafted, then published or held."""
    agencies = ", ".join(content.source_agencies)
    held_because = holding or "the agency's policy"
    placed = (
        (Action.PUBLISHED, "Published at once: the agency's policy.")
        if auto_publish
        else (Action.HELD, f"Held for an editor's review: {held_because}.")
    )
    if content.embargo:
        when = newsroom_time(content.embargo_time)
        placed = (
            (Action.SCHEDULED, f"Embargoed until {when}: goes live then, the agency's policy.")
            if auto_publish
            else (
                Action.HELD,
                f"{placed[1]} Embargoed until {when}: publishing before then "
                "schedules it for that time.",
            )
        )
    return [
        DeskEvent(story=story, action=action, note=note, record=record)
        for action, note in ((Action.CREATED, f"Drafted from {agencies} copy."), placed)
    ]


@by_the_desk
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
# The `check_*` functions refuse early, so the screen can say no before asking to confirm.


def check_publish(story: Story) -> None:
    if story.merged_into_id is not None:
        raise DeskActionError("The story was merged into another; publish that one.")
    if story.state == StoryState.KILLED:
        raise DeskActionError(
            "The story was killed: its article stays off the site. Only Reinstate, with a "
            "reason, brings it back."
        )
    if story.state == StoryState.PUBLISHED:
        raise DeskActionError("The story is already published.")
    if story.article_id is None or not usable_items(story):
        raise DeskActionError("The story has no usable agency item to publish.")


@by_the_desk
def publish(story: Story, user) -> None:
    check_publish(story)
    page = ArticlePage.objects.get(pk=story.article_id)
    page.get_latest_revision().publish(user=user)
    story.state = StoryState.PUBLISHED
    story.lower_flag(FLAG_EMPTIED)
    story.save()
    record_event(story, Action.PUBLISHED, "Published by an editor.", user=user)


def check_hold(story: Story) -> None:
    if story.state == StoryState.HELD:
        raise DeskActionError("The story is already held.")
    if story.state == StoryState.KILLED:
        raise DeskActionError("A killed story cannot be held; reinstate it first.")


@by_the_desk
def hold(story: Story, user) -> None:
    check_hold(story)
    if story.article_id is not None:
        articles.take_down(ArticlePage.objects.get(pk=story.article_id), user=user, gone=False)
    story.state = StoryState.HELD
    story.save()
    record_event(story, Action.HELD, "Taken off the site for review.", user=user)


def check_kill(story: Story) -> None:
    if story.merged_into_id is not None:
        raise DeskActionError("The story was merged into another; kill that one.")
    if story.state == StoryState.KILLED:
        raise DeskActionError("The story is already killed.")


@by_the_desk
def kill(story: Story, user, reason: str = "") -> None:
    check_kill(story)
    take_down_story(story, reason or "Killed by an editor.", user=user)


def check_reinstate(story: Story, reason: str) -> None:
    if story.merged_into_id is not None:
        raise DeskActionError("The story was merged into another; undo the merge to bring it back.")
    if story.state != StoryState.KILLED:
        raise DeskActionError("Only a killed story can be reinstated.")
    if not reason.strip():
        raise DeskActionError("Give the reason for reinstating the story: it goes in the trail.")
    if story.article_id is None:
        raise DeskActionError("The story's article was deleted; there is nothing to reinstate.")
    if not usable_items(story):
        raise DeskActionError(
            "Every agency item of the story was killed or withdrawn; nothing usable is left "
            "to reinstate."
        )


@by_the_desk
def reinstate(story: Story, user, reason: str) -> None:
    """Bring a killed story back, with a reason: the only way its article goes live again."""
    check_reinstate(story, reason)
    with transaction.atomic():
        # The story first: the article's own guard refuses any publication of a killed story.
        story.state = StoryState.PUBLISHED
        story.lower_flag(FLAG_EMPTIED)
        story.save()
        page = ArticlePage.objects.get(pk=story.article_id)
        page.get_latest_revision().publish(user=user)
        record_event(story, Action.REINSTATED, f"Reinstated: {reason.strip()}", user=user)


@by_the_desk
def retag(story: Story, user, *, primary_country: str, sector: str) -> None:
    """An editor's tags; the edition follows from the country; the article takes them too.

    The other countries are the article's as it stands, so a country an editor removed in
    the page editor stays removed, and the primary country replaced is dropped with it."""
    touched = articles.editor_touched(story)
    current = story.countries
    if story.article_id is not None:
        current = [c.code for c in articles.current_page(story).tag_countries]
    kept = [c for c in current if c not in (story.primary_country, primary_country)]
    story.set_tags(
        StoryTags(
            primary_country=primary_country,
            countries=with_primary_first(primary_country, kept),
            sector=sector,
            dateline_country=story.dateline_country,
        )
    )
    story.tags_by_editor = True
    if story.article_id is not None:
        live = ArticlePage.objects.get(pk=story.article_id)
        page = articles.current_page(story)
        page_copy.put_tags_on_page(page, primary_country, tuple(story.countries), sector)
        revision = articles.save(
            page, user=user, publish=live.live and not live.has_unpublished_changes
        )
        if not touched:
            story.desk_revision = revision
    story.save()
    record_event(
        story,
        Action.RETAGGED,
        f"Primary country {primary_country or 'none'}, sector {sector or 'none'}, "
        f"edition {story.edition}.",
        user=user,
    )


def pending_offer(story: Story) -> Offer:
    """The pending update against the article as it stands now, part by part."""
    if not story.pending_update:
        raise DeskActionError("There is no pending update for this story.")
    if story.state == StoryState.KILLED:
        raise DeskActionError("The story is killed; nothing to update.")
    page = articles.current_page(story)
    current = page_copy.read_page(page)
    return offer(current, page.body or "", Content.from_json(story.pending_update))


def _labels(parts) -> str:
    return ", ".join(p.label.lower() if i else p.label for i, p in enumerate(parts))


@by_the_desk
def apply_update(story: Story, user, taken: Iterable[str], version: str) -> None:
    """Take the chosen parts of the pending update; every other part stays the editor's.

    `version` names the comparison the editor chose from: if the article or the update
    changed since, nothing is applied.
    """
    found = pending_offer(story)
    if version != found.version:
        raise DeskActionError(
            "The article or the wire update changed since you compared them; review the "
            "update again."
        )
    chosen = set(taken)
    took = [p for p in found.choices if p.key in chosen]
    kept = [p for p in found.choices if p.key not in chosen]
    content, body_html = taking(found, {p.key for p in took})
    if took:
        write(
            story,
            content,
            user=user,
            publish=story.state == StoryState.PUBLISHED,
            tags=not story.tags_by_editor,
            body_html=body_html,
        )
        if not story.tags_by_editor:
            story.set_tags(
                replace(
                    story.tags,
                    primary_country=content.primary_country,
                    countries=tuple(content.countries),
                    sector=content.sector,
                )
            )
        story.headline = content.headline[:300]
    story.pending_update = None
    story.lower_flag(FLAG_UPDATE_PENDING)
    story.save()
    if not took:
        note = "Wire update reviewed: nothing taken, the article is unchanged."
    else:
        note = f"Wire update taken in part: {_labels(took)}"
        note += f"; kept as it was: {_labels(kept).lower()}." if kept else "."
    action = Action.CORRECTED if content.correction else Action.UPDATED
    record_event(story, action, note, user=user)


def check_merge(target: Story, other: Story) -> None:
    if target.pk == other.pk:
        raise DeskActionError("A story cannot be merged into itself.")
    if other.merged_into_id or target.merged_into_id:
        raise DeskActionError("One of the stories was already merged away.")
    if other.state == StoryState.KILLED:
        raise DeskActionError(
            f"Story #{other.pk} was killed: its address answers 410 Gone, and merging it "
            "would turn that into a redirect to another story. A killed story cannot be "
            "merged."
        )
    if target.state == StoryState.KILLED:
        raise DeskActionError(
            "This story was killed: merge into a story that is published or held."
        )


@by_the_desk
def merge(target: Story, other: Story, user) -> None:
    """Move every item of `other` into `target`; other's address redirects to target's.

    `other.merge_record` keeps what `unmerge` needs to split it back out.
    """
    check_merge(target, other)
    ensure_cursor()
    with transaction.atomic():
        cursor = lock_cursor()
        record = {
            "state": other.state,
            "flags": list(other.desk_flags),
            "redirect": "",
            "items": list(other.items.values_list("pk", flat=True)),
        }
        other.items.update(story=target)
        if other.article_id is not None:
            page = ArticlePage.objects.get(pk=other.article_id)
            path = page.get_url() or ""
            articles.take_down(page, user=user, gone=False)
            if path and target.article_id is not None:
                Redirect.objects.filter(old_path=Redirect.normalise_path(path)).delete()
                Redirect.add_redirect(
                    path, redirect_to=ArticlePage.objects.get(pk=target.article_id)
                )
                record["redirect"] = path
        other.state = StoryState.KILLED
        other.merged_into = target
        other.merge_record = record
        other.pending_update = None
        other.desk_flags = [FLAG_MERGED]
        other.save()
        advance(cursor)
        record_event(other, Action.MERGED, f"Merged into story #{target.pk}.", user=user)
        record_event(target, Action.MERGED, f"Story #{other.pk} merged in.", user=user)
        refresh(target, auto_publish=True, user=user)


def check_unmerge(story: Story) -> None:
    if story.merged_into_id is None:
        raise DeskActionError("The story was not merged into another.")
    if not story.merge_record:
        raise DeskActionError(
            "This merge was made before merges could be undone; split the items out of "
            f"story #{story.merged_into_id} instead."
        )
    if story.merged_into.state == StoryState.KILLED:
        raise DeskActionError(
            f"Story #{story.merged_into_id} was killed after the merge; reinstate it before "
            "undoing the merge."
        )


@by_the_desk
def unmerge(story: Story, user) -> None:
    """Undo a merge: the story takes back its items (and the versions that came since), its
    article returns as it was (live again if it was live) and its redirect goes."""
    check_unmerge(story)
    target = story.merged_into
    record = story.merge_record
    ensure_cursor()
    with transaction.atomic():
        cursor = lock_cursor()
        brought = StoryItem.objects.filter(pk__in=record["items"]).select_related("record")
        families = {_family(row) for row in brought}
        back = [row.pk for row in target.items.select_related("record") if _family(row) in families]
        StoryItem.objects.filter(pk__in=back).update(story=story)
        if record["redirect"]:
            Redirect.objects.filter(
                old_path=Redirect.normalise_path(record["redirect"]),
                redirect_page_id=target.article_id,
            ).delete()
        story.merged_into = None
        story.merge_record = None
        story.state = record["state"]
        story.desk_flags = list(record["flags"])
        story.save()
        live = story.state == StoryState.PUBLISHED
        if live and story.article_id is not None:
            ArticlePage.objects.get(pk=story.article_id).get_latest_revision().publish(user=user)
        advance(cursor)
        record_event(
            story,
            Action.UNMERGED,
            f"Merge into story #{target.pk} undone: its items are back.",
            user=user,
        )
        record_event(target, Action.UNMERGED, f"Story #{story.pk} split back out.", user=user)
        refresh(story, auto_publish=live, user=user)
        refresh(target, auto_publish=True, user=user)


def _family(row: StoryItem) -> tuple[str, str]:
    return (row.record.agency, row.record.family_uri)


def split_families(
    story: Story, item_ids: Iterable[int]
) -> tuple[list[StoryItem], set[tuple[str, str]]]:
    """The story's items and the item families the chosen ones take away; refuses a split
    that takes nothing or everything."""
    chosen = set(item_ids)
    rows = list(story.items.select_related("record"))
    families = {_family(r) for r in rows if r.pk in chosen and r.usable}
    if not families:
        raise DeskActionError("Choose at least one usable item to split off.")
    staying = {_family(r) for r in rows if r.usable} - families
    if not staying:
        raise DeskActionError("At least one usable item must stay in the story.")
    return rows, families


def items_leaving(story: Story, item_ids: Iterable[int]) -> list[StoryItem]:
    """The usable items a split would move, to show the editor before they confirm."""
    rows, families = split_families(story, item_ids)
    return [row for row in rows if row.usable and _family(row) in families]


@by_the_desk
def split(story: Story, user, item_ids: Iterable[int]) -> Story:
    """Move the chosen items (with their earlier versions) into a new story of their own."""
    ensure_cursor()
    with transaction.atomic():
        cursor = lock_cursor()
        rows, families = split_families(story, item_ids)
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
