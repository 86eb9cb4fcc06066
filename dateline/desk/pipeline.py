"""The live desk: pending wire records → identity → stories → articles, one record at a time.

Each record is handled in its own transaction together with its `desk_state`, under the
cursor lock, so a crash leaves every record either fully placed or still pending, and a
rerun places the rest exactly as an uninterrupted run would have. A record that fails is
marked failed with its error and the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.db import transaction

from dateline.desk import cursor as desk_cursor
from dateline.desk.core.copy import read
from dateline.desk.core.coverage import term_words
from dateline.desk.core.identity import Decision, Kind, item_time
from dateline.desk.core.shingles import Fingerprint
from dateline.desk.cursor import CACHE
from dateline.desk.models import Action, ItemKind, Story, StoryItem, StoryState
from dateline.desk.stories import FLAG_SOURCE_KILLED, Outcome, record_event, refresh
from dateline.wire.item import Signal, WireItem
from dateline.wire.models import DeskState, Policy, WireItemRecord

log = logging.getLogger(__name__)

Progress = Callable[["DeskSummary"], None]
ERROR_LIMIT = 2000


class NoCopy(ValueError):
    """A record with nothing to publish; it is marked failed with this reason."""


@dataclass
class DeskSummary:
    items: int = 0
    new_stories: int = 0
    updated_stories: int = 0
    duplicates: int = 0
    versions: int = 0
    killed: int = 0
    errors: int = 0
    busy: bool = False  # another worker holds the queue; it will process these records

    def add(self, other: DeskSummary) -> None:
        """Count `other`'s work in this summary too."""
        for name in (f.name for f in fields(self) if f.name != "busy"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.busy = self.busy or other.busy

    def __str__(self) -> str:
        text = (
            f"{self.items} items: {self.new_stories} new stories, {self.updated_stories} "
            f"updated, {self.duplicates} duplicates, {self.versions} versions, "
            f"{self.killed} kills, {self.errors} errors"
        )
        return text + (" (another desk worker is busy)" if self.busy else "")


def pending_ids(limit: int | None = None) -> list[int]:
    rows = WireItemRecord.objects.filter(desk_state=DeskState.PENDING).order_by("received_at", "id")
    return list(rows.values_list("id", flat=True)[:limit])


def process_pending(progress: Progress | None = None, limit: int | None = None) -> DeskSummary:
    """Place every pending wire record, oldest first; returns what happened.

    Safe to call from several workers at once: one drains the queue, the others return at
    once with `busy` set.
    """
    summary = DeskSummary()
    owner = desk_cursor.worker_name()
    while limit is None or summary.items < limit:
        if not desk_cursor.take_lease(owner):
            summary.busy = True
            break
        try:
            _drain(owner, summary, progress, limit)
        finally:
            desk_cursor.release_lease(owner)
        # Records that came in while the lease was being released are ours to take.
        if not pending_ids(1):
            break
    return summary


def _drain(owner: str, summary: DeskSummary, progress: Progress | None, limit: int | None):
    while limit is None or summary.items < limit:
        batch = pending_ids(None if limit is None else limit - summary.items)
        if not batch:
            return
        for record_id in batch:
            place_or_fail(record_id, summary, owner)
            summary.items += 1
            if progress is not None:
                progress(summary)


def place_or_fail(record_id: int, summary: DeskSummary, owner: str = "") -> None:
    """Place one record; if that fails, the record is marked failed with its error."""
    try:
        process_record(record_id, summary, owner)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the desk
        log.exception("desk: wire record %s failed", record_id)
        mark_failed(record_id, exc, summary)


def mark_failed(record_id: int, exc: Exception, summary: DeskSummary) -> None:
    """The record waits no longer: failed, with its error for the wire screens."""
    summary.errors += 1
    error = f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
    WireItemRecord.objects.filter(pk=record_id, desk_state=DeskState.PENDING).update(
        desk_state=DeskState.FAILED, desk_error=error
    )


def wire_copy(record: WireItemRecord) -> WireItem:
    """The record's item, if it has anything to publish (a kill needs no text)."""
    item = record.item()
    if not item.is_kill and not (item.headline + item.body_text + item.body_html).strip():
        raise NoCopy("the item has neither a headline nor any text")
    return item


def process_record(record_id: int, summary: DeskSummary, owner: str = "") -> None:
    """Place one record in its own transaction; the cached index is dropped on any failure.

    The cursor row exists: taking the lease made sure of it.
    """
    index_touched = False
    try:
        with transaction.atomic():
            cursor = desk_cursor.lock_cursor()
            record = WireItemRecord.objects.select_related("source").get(pk=record_id)
            if record.desk_state != DeskState.PENDING:
                return
            item = wire_copy(record)
            index = CACHE.current(cursor)
            copy = read(item)
            index_touched = True
            decision = index.add(item, copy)
            place(record, item, decision, copy.fingerprint, cursor.sequence + 1, summary)
            record.desk_state, record.desk_error = DeskState.DONE, ""
            record.save(update_fields=["desk_state", "desk_error"])
            desk_cursor.advance(cursor, owner)
        CACHE.committed(cursor)
    except BaseException:
        if index_touched:
            CACHE.forget()
        raise


def auto_publish(record: WireItemRecord) -> bool:
    """The source's policy; copy that came with no source is published at once."""
    source = record.source
    return source is None or source.policy == Policy.PUBLISH


def _story(decision: Decision) -> Story | None:
    if decision.story_id is None:
        return None
    return Story.objects.get(key=decision.story_id)


def _family_head(record: WireItemRecord) -> StoryItem | None:
    return (
        StoryItem.objects.filter(
            head=True, record__agency=record.agency, record__family_uri=record.family_uri
        )
        .order_by("-seq")
        .first()
    )


def story_item(
    record: WireItemRecord, item: WireItem, fingerprint: Fingerprint, seq: int
) -> StoryItem:
    """The record's unsaved row in the identity log; its story and kind come with the decision."""
    return StoryItem(
        record=record,
        seq=seq,
        version=item.version,
        time=item_time(item),
        fingerprint=fingerprint.to_bytes(),
    )


def place(
    record: WireItemRecord,
    item: WireItem,
    decision: Decision,
    fingerprint: Fingerprint,
    seq: int,
    summary: DeskSummary,
) -> None:
    """Store one decision: the record's story item, its story, and the story's article."""
    row = story_item(record, item, fingerprint, seq)
    kind = decision.kind
    if kind is Kind.NEW:
        story = Story.objects.create(key=decision.story_id)
        row.story, row.kind = story, ItemKind.FIRST
        row.save()
        if refresh(story, auto_publish=auto_publish(record), record=record) is Outcome.CREATED:
            summary.new_stories += 1
        return
    if kind in (Kind.DUPLICATE, Kind.COVERAGE):
        _join(row, record, item, decision, summary)
        return
    if kind is Kind.VERSION:
        _version(row, record, item, decision, summary)
        return
    if kind is Kind.KILL:
        _kill(row, record, item, decision, summary)
        return
    # A stale repeat: kept for provenance, it changes nothing.
    row.story, row.kind, row.head = _story(decision), ItemKind.REPEAT, False
    row.save()


def _join(row, record, item, decision, summary) -> None:
    story = _story(decision)
    row.story = story
    if decision.kind is Kind.DUPLICATE:
        row.kind = ItemKind.DUPLICATE
        row.duplicate_of = (
            story.items.filter(record__guid=decision.duplicate_of).order_by("-seq").first()
        )
        row.save()
        summary.duplicates += 1
        record_event(
            story,
            Action.JOINED,
            f"Duplicate of {decision.duplicate_of} from {record.agency}; the article is unchanged.",
            record=record,
        )
        return
    row.kind = ItemKind.COVERAGE
    row.save()
    record_event(
        story,
        Action.JOINED,
        f"{record.agency} coverage joined the story: {why_joined(item, decision)}.",
        record=record,
    )
    _count(refresh(story, auto_publish=auto_publish(record), record=record), summary)


def why_joined(item: WireItem, decision: Decision) -> str:
    """The match score and the words an item shares with its story, for the story's trail."""
    copy = read(item)
    shared = ", ".join(term_words(copy.headline, copy.lead, decision.evidence))
    return f"match {decision.score:.2f}" + (f", sharing {shared}" if shared else "")


def _version(row, record, item, decision, summary) -> None:
    story = _story(decision)
    old = _family_head(record)
    if old is not None:
        old.head = False
        old.save(update_fields=["head"])
    row.story, row.kind = story, ItemKind.VERSION
    row.save()
    summary.versions += 1
    correcting = item if Signal.CORRECTION in item.signals else None
    outcome = refresh(
        story, auto_publish=auto_publish(record), correcting=correcting, record=record
    )
    _count(outcome, summary)


def _kill(row, record, item, decision, summary) -> None:
    old = _family_head(record)
    row.kind, row.removed, row.fingerprint = ItemKind.KILL, True, b""
    if old is not None:
        row.version = max(old.version, item.version)
        row.time = row.time or old.time
        old.head, old.removed = False, True
        old.save(update_fields=["head", "removed"])
    story = _story(decision)
    row.story = story
    row.save()
    summary.killed += 1
    if story is None:
        return
    what = "withdrawn" if item.pubstatus != "usable" else "killed"
    record_event(
        story, Action.KILLED, f"{record.agency} {what} item {decision.replaced}.", record=record
    )
    if story.state == StoryState.KILLED:
        return
    outcome = refresh(story, auto_publish=auto_publish(record), record=record)
    if outcome is Outcome.OFFERED:
        # The editor's text may still carry the killed copy: tell them, loudly.
        story.raise_flag(FLAG_SOURCE_KILLED)
        story.save(update_fields=["desk_flags"])
    _count(outcome, summary)


def _count(outcome: Outcome, summary: DeskSummary) -> None:
    if outcome in (Outcome.UPDATED, Outcome.OFFERED):
        summary.updated_stories += 1
