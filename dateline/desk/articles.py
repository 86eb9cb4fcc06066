"""Content onto ArticlePages, always as Wagtail revisions, so editors see every change.

Revisions written from wire copy carry no user; an editor's revision after the desk's last
one means the editor has touched the article and wire copy no longer overwrites it.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from dateline.desk import page_copy
from dateline.desk.content import Content
from dateline.desk.models import Story
from dateline.news import wagtail_internals
from dateline.news.models import (
    ArticleCorrection,
    ArticleKind,
    ArticlePage,
    SectionPage,
    Tombstone,
)
from dateline.news.slugs import free_slug_under


def news_section() -> SectionPage:
    return SectionPage.objects.get(kind=ArticleKind.NEWS)


def _reader_text(page: ArticlePage) -> tuple[str, str, str, str]:
    return (page.title, page.standfirst, page.body, page.takeaways)


def changes_what_readers_read(page: ArticlePage, *, corrected: bool = False) -> bool:
    """Is this unsaved version an update readers should be told of ("Updated")? Only for an
    article readers have seen, and only when its text differs from the live one or a
    correction comes with it: a held, scheduled or unchanged article never shows "Updated".
    """
    if not page.live or page.live_revision_id is None:
        return False
    return corrected or _reader_text(page.live_revision.as_object()) != _reader_text(page)


def add_correction(page: ArticlePage, note: str, when: datetime) -> None:
    page.corrections.add(ArticleCorrection(text=note, corrected_at=when))


def new_page(
    section: SectionPage, content: Content, slug: str, *, live: bool, language: str
) -> ArticlePage:
    """An unsaved article for `section` with the content's text (not its tags), live or not,
    in the copy's `language`."""
    page = ArticlePage(
        slug=slug,
        live=live,
        has_unpublished_changes=not live,
        locale_id=section.locale_id,
        language=language or "en",
    )
    wagtail_internals.never_a_site_root(page)
    page_copy.put_on_page(page, content, tags=False)
    if live:
        page.first_published_at = page.last_published_at = now()
    return page


def create_article(
    content: Content, *, publish: bool, language: str
) -> tuple[ArticlePage, Revision]:
    """A new article under the news section with its first desk revision, live if `publish`,
    in the copy's `language`.

    A live article is inserted live and its first revision marked as the live one, the
    route Wagtail's own copy-and-keep-live takes: the page is written twice (itself, then
    its revision pointers) instead of three times (draft, revision, publish), with the
    history and the page_published signal of a page created and then published. Embargoed
    copy is published the ordinary way, which only schedules it for its go-live time.
    """
    section = news_section()
    live = publish and content.embargo_time is None
    page = new_page(
        section, content, free_slug_under(section, content.headline), live=live, language=language
    )
    page_copy.put_tags_on_page(page, content.primary_country, content.countries, content.sector)
    section.add_child(instance=page)  # a live page is fully validated before it is written
    if not live:
        revision = page.save_revision(log_action=True)
        if publish:
            revision.publish()
        return page, revision
    with disable_reference_index_auto_update():  # the revision pointers reference nothing new
        revision = page.save_revision(changed=False, clean=False)
    page.live_revision = revision
    Page.objects.filter(pk=page.pk).update(live_revision=revision)
    announce_published(page, revision)
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
    return page, revision


def announce_published(page: ArticlePage, revision: Revision) -> None:
    """The signals Wagtail's publish action sends (tombstones, caches and feeds listen)."""
    page_published.send(sender=ArticlePage, instance=page, revision=revision)
    published.send(sender=ArticlePage, instance=page, revision=revision)


def current_page(story: Story) -> ArticlePage:
    """The article as its latest revision has it (drafts included)."""
    page = ArticlePage.objects.get(pk=story.article_id)
    return page.get_latest_revision_as_object()


def save(page: ArticlePage, *, user=None, publish: bool) -> Revision:
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return revision


def editor_touched(story: Story) -> bool:
    """Has an editor saved the article since the desk last wrote it?"""
    if story.article_id is None:
        return False
    return Revision.page_revisions.filter(
        object_id=str(story.article_id),
        user__isnull=False,
        pk__gt=story.desk_revision_id or 0,
    ).exists()


def with_editor_touched(stories: QuerySet[Story]) -> QuerySet[Story]:
    """Annotate `touched` on each story, in the same query."""
    editor_revisions = Revision.page_revisions.filter(
        object_id=Cast(OuterRef("article_id"), CharField()),
        user__isnull=False,
        pk__gt=Coalesce(OuterRef("desk_revision_id"), 0),
    )
    return stories.annotate(touched=Exists(editor_revisions))


def scheduled(page: ArticlePage) -> Revision | None:
    """The revision approved to go live at its go-live time (an embargo), if one waits."""
    return page.revisions.filter(approved_go_live_at__isnull=False).first()


def approved(page: ArticlePage) -> bool:
    """Is the latest revision the one waiting to go live? Then a change to it waits too."""
    waiting = scheduled(page)
    return waiting is not None and waiting.pk == page.latest_revision_id


def unschedule(page: ArticlePage) -> None:
    """Cancel a waiting go-live, as Wagtail's own "cancel scheduled publish" does (and logs)."""
    waiting = scheduled(page)
    if waiting is not None:
        waiting.approved_go_live_at = None
        waiting.save(update_fields=["approved_go_live_at"])


def reschedule(page: ArticlePage, when: datetime | None, *, user=None) -> Revision | None:
    """Give the waiting revision a new go-live time, or none: then it goes out now.

    The approved revision is saved again with the new time and published, so Wagtail
    schedules it (or publishes it) and logs it as it does any publication.
    """
    waiting = scheduled(page)
    if waiting is None:
        return None
    approved = waiting.as_object()
    approved.go_live_at = when
    revision = approved.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    return revision


def held_back(page: ArticlePage, when: datetime | None) -> Revision:
    """The latest revision, made to wait for `when` if it would go out earlier."""
    revision = page.get_latest_revision()
    if when is None:
        return revision
    draft = revision.as_object()
    if draft.go_live_at is not None and draft.go_live_at >= when:
        return revision
    draft.go_live_at = when
    return draft.save_revision(log_action=True)


def take_down(page: ArticlePage, *, user=None, gone: bool = True) -> None:
    """Unpublish; `gone` keeps the 410 tombstone the news app leaves, else the address 404s.
    A go-live still waiting (an embargoed article) is cancelled too."""
    path = page.get_url() or ""
    unschedule(page)
    if page.live:
        page.unpublish(user=user)
    if not gone and path:
        Tombstone.objects.filter(path=path).delete()


def now() -> datetime:
    return timezone.now()
