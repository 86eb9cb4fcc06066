"""Where page views get the trending lists: the cache, backed by one database row per edition.

Lists are written only by the background refresh (and trimmed when a story is withdrawn);
a page view reads the cache, and on a miss one query fills it for everyone.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import TrendingList

CACHE_KEY = "audience:trending:v1"
CACHE_SECONDS = 60


def _cache_seconds() -> int:
    return getattr(settings, "DATELINE_TRENDING_CACHE_SECONDS", CACHE_SECONDS)


def current_lists() -> dict[str, dict]:
    """{edition slug: {"name", "entries", "version"}}, from the cache whenever it is warm."""
    lists = cache.get(CACHE_KEY)
    if lists is None:
        lists = _versioned(
            {
                row.edition: {"name": row.edition_name, "entries": row.entries}
                for row in TrendingList.objects.all()
            }
        )
        cache.set(CACHE_KEY, lists, _cache_seconds())
    return lists


def _versioned(lists: dict[str, dict]) -> dict[str, dict]:
    """Give each list a digest of its entries, for caching the HTML made from it."""
    for chosen in lists.values():
        digest = hashlib.blake2s(repr(chosen["entries"]).encode(), digest_size=8)
        chosen["version"] = digest.hexdigest()
    return lists


@transaction.atomic
def save_lists(lists: dict[str, dict], computed_at: datetime | None = None) -> None:
    """Replace every edition's list at once."""
    computed_at = computed_at or timezone.now()
    TrendingList.objects.exclude(edition__in=lists).delete()
    for slug, chosen in lists.items():
        TrendingList.objects.update_or_create(
            edition=slug,
            defaults={
                "edition_name": chosen["name"],
                "entries": chosen["entries"],
                "computed_at": computed_at,
            },
        )
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.set(CACHE_KEY, _versioned(lists), _cache_seconds()))


def drop_article(article_id: int) -> None:
    """Take a withdrawn story out of every list now, without waiting for the next refresh."""
    with transaction.atomic():
        for row in TrendingList.objects.select_for_update():
            kept = [e for e in row.entries if e["id"] != article_id]
            if len(kept) == len(row.entries):
                continue
            if kept:
                row.entries = kept
                row.save(update_fields=["entries"])
            else:
                row.delete()
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    cache.delete(CACHE_KEY)
