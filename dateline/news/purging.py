"""Front-cache purging: when an article changes, every cached page that shows it goes at once.

The addresses are collected in one Wagtail `PurgeBatch` (each once) and purged by Wagtail's
own purge task with the backends of `WAGTAILFRONTENDCACHE`, which routes each address to the
backends that serve its host. The task runs here, after the change commits, instead of
waiting in the task queue: a kill must leave every cache within seconds even while the queue
is busy with wire copy. Wagtail's page handlers would purge the article again from the queue,
so news.apps leaves article pages to this module.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

from dateline.api.paths import api_paths

from .models import ArticlePage

logger = logging.getLogger(__name__)

SITE_WIDE_ROUTES = (
    "news:feed_rss",
    "news:feed_atom",
    "sitemap",
    "news:news_sitemap",
    "news:corrections",
    "news:country_index",
    "news:latest_fragment",
    "trending:fragment",
)
LISTING_ROUTES = {
    "sector": ("news:sector", "news:sector_rss", "news:sector_atom"),
    "country": ("news:country", "news:country_rss", "news:country_atom"),
    "edition": (
        "news:edition",
        "news:edition_rss",
        "news:edition_atom",
        "trending:edition_fragment",
    ),
}


def paths_showing(article: ArticlePage) -> list[str]:
    """Every public path whose cached copy can contain this article."""
    paths = ["/", *(reverse(name) for name in SITE_WIDE_ROUTES)]
    parent = article.get_parent()
    if parent is not None and (url := parent.get_url()):
        paths.append(url)
    if article.sector:
        paths += _listing("sector", article.sector.slug)
    countries = list(article.tag_countries)
    for country in countries:
        paths += _listing("country", country.slug)
    for slug in sorted({country.edition.slug for country in countries}):
        paths += _listing("edition", slug)
    paths += [author.get_absolute_url() for author in article.authors.all()]
    if url := article.get_url():
        paths += [url, reverse("news:card", args=[article.pk])]
    paths += api_paths(article)
    return list(dict.fromkeys(paths))


def _listing(kind: str, slug: str) -> list[str]:
    return [reverse(name, args=[slug]) for name in LISTING_ROUTES[kind]]


def purge_front_page() -> list[str]:
    """Purge the home page, whose top stories an editor has just re-pinned."""
    if not get_backends():
        return []
    return _purge(PurgeBatch([settings.DATELINE_SITE_URL + "/"]), "the front page")


def purge_article(article: ArticlePage) -> list[str]:
    """Purge the article and everything around it from every configured front cache."""
    if not get_backends():
        return []
    batch = PurgeBatch(settings.DATELINE_SITE_URL + path for path in paths_showing(article))
    return _purge(batch, article.get_url() or f"article {article.pk}")


def _purge(batch: PurgeBatch, what: str) -> list[str]:
    """Send the batch now (callers have checked a front cache is configured)."""
    urls = sorted(batch.urls)
    try:
        purge_urls_from_cache_task.call(urls)
    except Exception:  # a cache being down must never block publishing
        logger.exception("front cache: purge of %s failed", what)
    return urls
