"""Counting one read: the rules every beacon entry point shares."""

from __future__ import annotations

from django.db import close_old_connections
from django.utils import timezone

from . import counter
from .bots import is_bot
from .readers import first_read, hour_of

MAX_ARTICLE_ID = 2**31 - 1


def article_id(raw: str | None) -> int | None:
    """The article a beacon names, or None when the value is not a plausible page id."""
    if not raw or not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ARTICLE_ID else None


def record_read(address: str, agent: str, article: int) -> bool:
    """Count one read unless it comes from a bot or repeats this reader's read this hour.

    The agent only tells bots from people; the address alone tells readers apart. Writes the
    batch of pending reads when it is due in this request; the tally's own flusher writes it
    when no request comes.
    """
    if is_bot(agent):
        return False
    now = timezone.now()
    counted = first_read(address, article, now)
    if counted:
        counter.TALLY.add(article, hour_of(now))
    if counter.TALLY.due():
        counter.TALLY.flush_quietly()
        close_old_connections()
    return counted
