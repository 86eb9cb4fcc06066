"""The one adapter between the desk's `Content` and an `ArticlePage`, in both directions.

Only this module knows which page field holds which part of a draft. The desk writes a
draft onto a page with `put_on_page`; it reads a page back (`read_page`) only to show an
editor their article beside a wire update. A new draft is compared with the draft the desk
kept (`Story.last_draft`), never with the page's HTML parsed back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from html import escape

from django.utils import timezone
from lxml import etree
from lxml.html import fragments_fromstring

from dateline.desk.content import Content
from dateline.desk.models import Story
from dateline.news.models import ArticlePage, Country, Sector


def put_on_page(page: ArticlePage, content: Content, *, tags: bool = True) -> None:
    """Put the content's text (and, unless told not to, its tags) on an unsaved page object."""
    page.title = content.headline[:255]
    page.draft_title = page.title
    page.standfirst = content.standfirst
    page.body = content.body_html
    page.takeaways = "\n".join(content.takeaways)
    page.dateline_city = content.dateline_city[:100]
    page.source_agencies = ", ".join(content.source_agencies)[:300]
    page.attribution = content.attribution[:200]
    if content.created_at:
        page.created_at = datetime.fromisoformat(content.created_at)
    # Wagtail's own "not before": publishing a revision that carries it only schedules it.
    page.go_live_at = content.embargo_time
    if tags:
        put_tags_on_page(page, content.primary_country, content.countries, content.sector)


def put_tags_on_page(
    page: ArticlePage, primary: str, countries: tuple[str, ...], sector: str
) -> None:
    """The tags onto an unsaved page, looking up the taxonomy entries they name."""
    wanted = {*countries, primary} - {""}
    known = {c.code: c for c in Country.objects.filter(code__in=wanted)} if wanted else {}
    sectors = {s.slug: s for s in Sector.objects.filter(slug=sector)} if sector else {}
    tag_page(page, primary, countries, sector, country_by_code=known, sector_by_slug=sectors)


def tag_page(
    page: ArticlePage,
    primary: str,
    countries: tuple[str, ...],
    sector: str,
    *,
    country_by_code: Mapping[str, Country],
    sector_by_slug: Mapping[str, Sector],
) -> None:
    """The tags onto an unsaved page, from taxonomy entries already loaded; the other
    countries in the order the mapping holds them."""
    others = {c for c in countries if c != primary}
    page.primary_country = country_by_code.get(primary) if primary else None
    page.countries = [c for code, c in country_by_code.items() if code in others]
    page.sector = sector_by_slug.get(sector) if sector else None


def body_blocks(body_html: str) -> list[tuple[str, str]]:
    """The body's top-level blocks (paragraphs, headings, lists, quotes): markup and text."""
    if not body_html.strip():
        return []
    blocks = []
    for node in fragments_fromstring(body_html):
        if isinstance(node, str):
            text = " ".join(node.split())
            markup = escape(text, quote=False)
        else:
            text = " ".join(node.text_content().split())
            markup = etree.tostring(node, encoding="unicode", with_tail=False)
        if text:
            blocks.append((markup, text))
    return blocks


def read_page(page: ArticlePage) -> Content:
    """The article as it reads now, in the desk's terms: what an editor has made of it."""
    return Content(
        headline=page.title,
        standfirst=page.standfirst,
        body_paragraphs=tuple(text for _, text in body_blocks(page.body or "")),
        takeaways=tuple(page.takeaway_list),
        dateline_city=page.dateline_city,
        source_agencies=tuple(a.strip() for a in page.source_agencies.split(",") if a.strip()),
        attribution=page.attribution,
        primary_country=page.primary_country.code if page.primary_country else "",
        countries=tuple(c.code for c in page.tag_countries),
        sector=page.sector.slug if page.sector else "",
        created_at=page.created_at.isoformat() if page.created_at else "",
        embargo=page.go_live_at.isoformat() if _ahead(page.go_live_at) else "",
    )


def _ahead(when: datetime | None) -> bool:
    return when is not None and when > timezone.now()


def last_draft(story: Story, page: ArticlePage) -> Content:
    """The desk's newest draft of the story's article, the one a new draft is compared with.

    An embargo that has passed is no longer part of it. A story drafted before the desk
    kept its drafts has none stored: its article as it reads stands in, once, until the
    desk keeps the next draft.
    """
    if story.last_draft is None:
        return read_page(page)
    kept = Content.from_json(story.last_draft)
    return kept if _ahead(kept.embargo_time) else replace(kept, embargo="")


def keep_draft(story: Story, content: Content) -> None:
    """Remember the draft the desk wrote or offered (the caller saves the story); a
    correction note belongs to one update, not to the draft kept for comparison."""
    story.last_draft = content.to_json() | {"correction": ""}
