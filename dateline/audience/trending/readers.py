"""Has this reader already read this article this hour? Answered from memory, never the DB.

A reader is their address (an IPv6 reader their /64 network), never what their browser calls
itself: a client that rotates its User-Agent is still one reader, so one address can add at
most one read per article per hour however many requests it sends. The question is keyed by
a pseudonym of the address (see `anonymity`), kept for the rest of the hour. A
shared cache (Redis) answers for every process; with only a local-memory cache, a store of
its own keeps the seen set large enough for real traffic.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache

from ..anonymity import pseudonym, reader_of

HOUR = timedelta(hours=1)
LOCAL_SEEN_ENTRIES = 250_000


def hour_of(moment: datetime) -> datetime:
    """The start of the clock hour a read falls in."""
    return moment.replace(minute=0, second=0, microsecond=0)


_local_seen: LocMemCache | None = None


def _store() -> BaseCache:
    global _local_seen
    shared = caches["default"]
    if not isinstance(shared, LocMemCache):
        return shared
    if _local_seen is None:
        entries = getattr(settings, "DATELINE_TRENDING_LOCAL_SEEN_ENTRIES", LOCAL_SEEN_ENTRIES)
        _local_seen = LocMemCache("dateline-audience-seen", {"OPTIONS": {"MAX_ENTRIES": entries}})
    return _local_seen


def forget_all() -> None:
    """Start a fresh hour for everyone (used when the salt or the store must be reset)."""
    _store().clear()


def first_read(address: str, article_id: int, now: datetime) -> bool:
    """True the first time this reader reads this article in this hour, False after."""
    hour = hour_of(now)
    key = "audience:seen:" + pseudonym(
        reader_of(address), article_id, hour.isoformat(), today=now.date()
    )
    remaining = int((hour + HOUR - now).total_seconds()) + 1
    return _store().add(key, 1, timeout=remaining)
