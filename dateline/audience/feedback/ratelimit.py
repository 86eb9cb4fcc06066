"""How often one client may send feedback: a fixed window counted in the cache.

The counter is keyed by a daily pseudonym of the client's address (as a trusted proxy
forwarded it), never the address.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from ..anonymity import client_address, pseudonym, reader_of

MESSAGES_PER_WINDOW = 5
WINDOW_SECONDS = 15 * 60


def allow_message(request: HttpRequest) -> bool:
    """Count this attempt; False once the client has used up its window."""
    limit = getattr(settings, "DATELINE_FEEDBACK_LIMIT", MESSAGES_PER_WINDOW)
    window = getattr(settings, "DATELINE_FEEDBACK_WINDOW_SECONDS", WINDOW_SECONDS)
    key = "audience:feedback:" + pseudonym("feedback", reader_of(client_address(request)))
    if cache.add(key, 1, timeout=window):
        return True
    try:
        hits = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        hits = 1
    return hits <= limit
