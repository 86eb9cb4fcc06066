"""An article's authors, countries and corrections, loaded once per published revision.

An article page lists all three, in its byline, its tags and its JSON-LD. They change only
with a new revision (a correction, a retag, a new author are all published ones), so they
are cached under the live revision (its id and the time it went live): the key changes the
moment a new revision goes live, on every process, without anyone having to clear anything.
`CACHE_SECONDS` bounds how long a renamed author or country keeps its old name on a page.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import prefetch_related_objects

from .models import ArticlePage

RELATIONS = ("authors", "countries", "corrections")
CACHE_SECONDS = 300


def _key(article: ArticlePage) -> str | None:
    if article.live_revision_id is None or article.last_published_at is None:
        return None
    published = article.last_published_at.timestamp()
    return f"news:article-relations:v1:{article.pk}:{article.live_revision_id}:{published}"


def load(article: ArticlePage) -> None:
    """Fill the article's prefetch cache, so `article.authors.all()` and co need no query."""
    key = _key(article)
    cached = cache.get(key) if key else None
    if cached is None:
        prefetch_related_objects([article], *RELATIONS)
        if key:
            cached = {name: list(getattr(article, name).all()) for name in RELATIONS}
            cache.set(key, cached, CACHE_SECONDS)
        return
    prefetched = article.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, objects in cached.items():
        queryset = getattr(article, name).get_queryset()
        queryset._result_cache = objects
        queryset._prefetch_done = True
        prefetched[name] = queryset
