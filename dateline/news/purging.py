"""Front-cache purging: when an article changes, every cached page that shows it goes at once.

Wagtail purges the article's own address; this adds the listings and feeds around it and sends
them as one synchronous batch, so a kill reaches readers in seconds, not when a queue drains.
"""

from __future__ import annotations

import logging

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import get_backends

from dateline.api.paths import api_paths

from .models import ArticlePage

logger = logging.getLogger(__name__)

SITE_WIDE = (
    "/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/sitemap.xml",
    "/news-sitemap.xml",
    "/corrections/",
    "/fragments/latest/",
    "/fragments/trending/",
)


def paths_showing(article: ArticlePage) -> list[str]:
    """Every public path whose cached copy can contain this article."""
    paths = list(SITE_WIDE)
    parent = article.get_parent()
    if parent is not None and (url := parent.get_url()):
        paths.append(url)
    if article.sector:
        base = f"/sector/{article.sector.slug}/"
        paths += [
            base,
            f"/feeds/sector/{article.sector.slug}/rss/",
            f"/feeds/sector/{article.sector.slug}/atom/",
        ]
    editions = set()
    for country in article.tag_countries:
        paths += [
            f"/country/{country.slug}/",
            f"/feeds/country/{country.slug}/rss/",
            f"/feeds/country/{country.slug}/atom/",
        ]
        editions.add(country.edition.slug)
    for slug in sorted(editions):
        paths += [
            f"/edition/{slug}/",
            f"/feeds/edition/{slug}/rss/",
            f"/feeds/edition/{slug}/atom/",
            f"/fragments/trending/{slug}/",
        ]
    paths += [author.get_absolute_url() for author in article.authors.all()]
    if url := article.get_url():
        paths += [url, f"/card/{article.pk}.png"]
    paths += api_paths(article)
    return list(dict.fromkeys(paths))


def purge_article(article: ArticlePage) -> list[str]:
    """Purge the article and everything around it from every configured front cache."""
    backends = get_backends()
    if not backends:
        return []
    base = settings.DATELINE_SITE_URL
    urls = [base + path for path in paths_showing(article)]
    for name, backend in backends.items():
        try:
            backend.purge_batch(urls)
        except Exception:  # a cache being down must never block publishing
            logger.exception("front cache %s: purge failed", name)
    return urls
