"""What every page shows around its content: menus, footer and sidebar lists.

Computed once a minute and shared by all readers, never per page view. Each build carries a
`version`, so templates can cache the HTML they make from it (`{% cache ... chrome.version %}`)
and a rebuild, on a publish or a kill, retires that HTML with it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from wagtail.models import Page

from .models import ArticleKind, ArticlePage, Edition, HomePage, Sector

CACHE_KEY = "news:chrome:v1"
CACHE_SECONDS = 60
COMMENTARY_KINDS = (ArticleKind.OPINION, ArticleKind.BLOG, ArticleKind.INTERVIEW)


@dataclass(frozen=True)
class Teaser:
    title: str
    url: str
    kind: str
    country: str
    standfirst: str


def _teasers(queryset, limit: int) -> list[Teaser]:
    return [
        Teaser(
            title=a.title,
            url=a.url,
            kind=a.get_kind_display(),
            country=a.primary_country.name if a.primary_country else "",
            standfirst=a.standfirst,
        )
        for a in queryset[:limit]
    ]


def site_pages() -> dict[str, str]:
    """The addresses of the home page's own pages (sections, About, Terms...) by slug, as
    Wagtail serves them, so menus and footers link to them without a query per link."""
    home = HomePage.objects.first()
    if home is None:
        return {}
    pages = Page.objects.child_of(home).live()
    return {"home": home.url or "/", **{page.slug: page.url for page in pages}}


def build_chrome() -> dict:
    listed = ArticlePage.objects.listed()
    return {
        "pages": site_pages(),
        "sectors": list(Sector.objects.values("slug", "name")),
        "editions": list(Edition.objects.values("slug", "name")),
        "commentary": _teasers(listed.filter(kind__in=COMMENTARY_KINDS), 4),
        "shorts": _teasers(listed.filter(kind=ArticleKind.SHORT), 4),
        "latest": _teasers(listed.filter(kind=ArticleKind.NEWS), 6),
        "version": uuid.uuid4().hex,
    }


def chrome() -> dict:
    data = cache.get(CACHE_KEY)
    if data is None:
        data = build_chrome()
        cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def invalidate() -> None:
    """Called when an article is published or withdrawn, so lists never show a dead story."""
    cache.delete(CACHE_KEY)
