"""A backlog placed in bulk: an archive loaded into a new desk, or a benchmark's store filled.

The decisions are the live desk's (`pipeline`): the same identity index in the same order,
the same drafts, tags, stories and story items. What changes is how the articles of new,
auto-published stories are written: a run of them is inserted into the page tree together,
already live, with their first revisions and their history (created, published), and each
page then sends the post_save and page_published signals a save and a publish send, instead
of going through add_child, save_revision and publish one by one. Every other decision
(held or embargoed stories, duplicates, coverage, versions, kills) is placed by the live
desk's own code, in order, inside the batch's transaction.

A batch is one transaction under the cursor lock. If it fails, the live desk places its
records again one by one, so a bad record ends up failed, with its error, as it would there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import router, transaction
from django.db.models import F
from django.db.models.signals import post_save
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageLogEntry, Revision

from dateline.desk import articles, page_copy, pipeline
from dateline.desk import cursor as desk_cursor
from dateline.desk.content import Content
from dateline.desk.core.copy import read
from dateline.desk.core.identity import Decision, Kind
from dateline.desk.core.shingles import Fingerprint
from dateline.desk.cursor import CACHE
from dateline.desk.embargo import embargo_of
from dateline.desk.lifecycle import desk_acting
from dateline.desk.models import DeskEvent, ItemKind, Story, StoryItem, StoryState
from dateline.desk.pipeline import DeskSummary
from dateline.desk.stories import creation_events, draft, held_for, keep_tags
from dateline.news import wagtail_internals
from dateline.news.models import ArticleKind, ArticlePage, Country, SectionPage, Sector
from dateline.news.slugs import free_slug, readable_slug
from dateline.wire.item import WireItem
from dateline.wire.models import DeskState, WireItemRecord

log = logging.getLogger(__name__)

BATCH = 500


def backfill(batch: int = BATCH) -> DeskSummary:
    """Place every pending record, `batch` records per transaction; returns what happened."""
    summary = DeskSummary()
    owner = desk_cursor.worker_name()
    if not desk_cursor.take_lease(owner):
        summary.busy = True
        return summary
    try:
        while ids := pipeline.pending_ids(batch):
            placed = DeskSummary()
            try:
                _place_batch(ids, placed, owner)
            except Exception:  # noqa: BLE001 - the live desk sorts out the bad record
                log.exception("desk backfill: a batch failed; placing it record by record")
                placed = DeskSummary(items=len(ids))
                for record_id in ids:
                    pipeline.place_or_fail(record_id, placed, owner)
            summary.add(placed)
    finally:
        desk_cursor.release_lease(owner)
    return summary


def _place_batch(ids: list[int], summary: DeskSummary, owner: str) -> None:
    with transaction.atomic():
        cursor = desk_cursor.lock_cursor()
        try:
            index = CACHE.current(cursor)
            records = WireItemRecord.objects.select_related("source").in_bulk(ids)
            waiting = NewArticles()
            seq = cursor.sequence
            done = []
            for record_id in ids:
                record = records.get(record_id)
                if record is None or record.desk_state != DeskState.PENDING:
                    continue
                summary.items += 1
                try:
                    item = pipeline.wire_copy(record)
                except pipeline.NoCopy as exc:
                    log.warning("desk backfill: wire record %s failed: %s", record_id, exc)
                    pipeline.mark_failed(record_id, exc, summary)
                    continue
                copy = read(item)
                fingerprint = copy.fingerprint
                decision = index.add(item, copy)
                seq += 1
                at_once = (
                    decision.kind is Kind.NEW
                    and pipeline.auto_publish(record)
                    and embargo_of([item]) is None
                )
                if not (at_once and waiting.add(record, item, decision, fingerprint, seq)):
                    waiting.write(summary)
                    pipeline.place(record, item, decision, fingerprint, seq, summary)
                done.append(record_id)
            waiting.write(summary)
            WireItemRecord.objects.filter(pk__in=done).update(
                desk_state=DeskState.DONE, desk_error=""
            )
            desk_cursor.advance(cursor, owner, steps=seq - cursor.sequence)
        except BaseException:
            CACHE.forget()
            raise
    CACHE.committed(cursor)


@dataclass
class _New:
    record: WireItemRecord
    row: StoryItem
    story: Story
    content: Content
    language: str
    page: ArticlePage | None = None
    revision: Revision | None = None


class NewArticles:
    """New stories drafted as the live desk drafts them, waiting to be written together."""

    def __init__(self) -> None:
        self.waiting: list[_New] = []
        self.countries: dict[str, Country] | None = None
        self.sectors: dict[str, Sector] = {}

    def add(
        self,
        record: WireItemRecord,
        item: WireItem,
        decision: Decision,
        fingerprint: Fingerprint,
        seq: int,
    ) -> bool:
        """Draft a new story to write with the others; False, drafting nothing, when its
        flags hold it for an editor (the live desk's path places it then)."""
        story = Story(key=decision.story_id)
        content, tags = draft(story, [item])
        if held_for(tags, [item], record.source):
            return False
        story.headline = content.headline[:300]
        keep_tags(story, tags)
        page_copy.keep_draft(story, content)
        story.state = StoryState.PUBLISHED
        row = pipeline.story_item(record, item, fingerprint, seq)
        row.kind = ItemKind.FIRST
        self.waiting.append(_New(record, row, story, content, read(item).language))
        return True

    def write(self, summary: DeskSummary) -> None:
        """Pages, revisions, history, stories, items and events of every waiting story."""
        if not self.waiting:
            return
        self._pages()
        self._revisions()
        Story.objects.bulk_create([new.story for new in self.waiting])
        for new in self.waiting:
            new.row.story = new.story
        StoryItem.objects.bulk_create([new.row for new in self.waiting])
        DeskEvent.objects.bulk_create(
            [
                event
                for new in self.waiting
                for event in creation_events(new.story, new.content, True, new.record)
            ]
        )
        with desk_acting():  # the creation events above already say they were published
            for new in self.waiting:
                articles.announce_published(new.page, new.revision)
        summary.new_stories += len(self.waiting)
        self.waiting = []

    def _pages(self) -> None:
        """Live pages at the end of the news section, locked as add_child locks it.

        They are inserted together (Django has no bulk create for the child table of a
        multi-table model, so `wagtail_internals` writes those rows as `save` does), then
        every `post_save` receiver (search and reference index) hears of each, as it would
        of a save.
        """
        section = SectionPage.objects.select_for_update().get(kind=ArticleKind.NEWS)
        last = section.get_last_child()
        step = wagtail_internals.path_step(ArticlePage, last.path) if last else 0
        taken = set(section.get_children().values_list("slug", flat=True))
        depth = section.depth + 1
        # Each relation was just looked up by this code, and each slug and path is free by
        # construction; every other field is validated as a live page's save would.
        relations = [f.name for f in ArticlePage._meta.concrete_fields if f.is_relation]
        pages = []
        for new in self.waiting:
            slug = free_slug(readable_slug(new.content.headline), taken)
            taken.add(slug)
            page = articles.new_page(section, new.content, slug, live=True, language=new.language)
            self._tag(page, new.content)
            step += 1
            page.path = wagtail_internals.child_path(ArticlePage, section, step)
            page.depth = depth
            page.kind = section.kind
            page.set_url_path(section)
            page.clean_fields(exclude=relations)
            # Born without these; held in memory, so the first revision needs no query.
            page.authors, page.corrections = [], []
            setattr(page, COMMENTS_RELATION_NAME, [])
            new.page = new.story.article = page
            pages.append(page)
        db = router.db_for_write(ArticlePage)
        Page.objects.bulk_create(pages)
        for page in pages:
            page.page_ptr_id = page.id
        wagtail_internals.insert_specific_rows(ArticlePage, pages, db)
        through = ArticlePage.countries.through
        through.objects.bulk_create(
            through(articlepage_id=page.pk, country_id=country.pk)
            for page in pages
            for country in page.countries.all()
        )
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(pages))
        for page in pages:
            page._state.adding, page._state.db = False, db
            post_save.send(
                ArticlePage, instance=page, created=True, update_fields=None, raw=False, using=db
            )

    def _revisions(self) -> None:
        """Each page's first revision, live and latest, and its history: created, published."""
        base_type = ContentType.objects.get_for_model(Page)
        page_type = ContentType.objects.get_for_model(ArticlePage, for_concrete_model=False)
        for new in self.waiting:
            new.revision = Revision(
                content_type=page_type,
                base_content_type=base_type,
                object_id=str(new.page.pk),
                created_at=articles.now(),
                content=new.page.serializable_data(),
                object_str=str(new.page),
            )
        Revision.objects.bulk_create([new.revision for new in self.waiting])
        for new in self.waiting:
            page, revision = new.page, new.revision
            page.latest_revision = page.live_revision = new.story.desk_revision = revision
            page.latest_revision_created_at = revision.created_at
        ArticlePage.objects.bulk_update(
            [new.page for new in self.waiting],
            ["latest_revision", "live_revision", "latest_revision_created_at"],
        )
        PageLogEntry.objects.bulk_create(
            [
                PageLogEntry(
                    content_type=page_type,
                    label=new.page.get_admin_display_title(),
                    action=action,
                    timestamp=when,
                    page=new.page,
                    revision=revision,
                    content_changed=True,
                )
                for new in self.waiting
                for action, when, revision in (
                    ("wagtail.create", new.page.first_published_at, None),
                    ("wagtail.publish", new.revision.created_at, new.revision),
                )
            ]
        )

    def _tag(self, page: ArticlePage, content: Content) -> None:
        """`page_copy.put_tags_on_page`, from the taxonomy loaded once for the batch."""
        if self.countries is None:
            self.countries = {c.code: c for c in Country.objects.all()}
            self.sectors = {s.slug: s for s in Sector.objects.all()}
        page_copy.tag_page(
            page,
            content.primary_country,
            content.countries,
            content.sector,
            country_by_code=self.countries,
            sector_by_slug=self.sectors,
        )
