"""Telling readers apart without knowing who they are.

A reader is reduced to a keyed hash whose salt is random, lives only in the cache and is
replaced every day, so yesterday's hashes cannot be recomputed from an address. The address
itself is never written anywhere.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import date

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

SALT_SECONDS = 2 * 24 * 60 * 60

_memo_lock = threading.Lock()
_memo: tuple[date, bytes] | None = None


def client_address(request: HttpRequest) -> str:
    """The peer address; a proxy in front must pass the reader's address as REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def daily_salt(today: date | None = None) -> bytes:
    """Today's salt, shared through the cache so every process hashes a reader the same way."""
    global _memo
    today = today or timezone.now().date()
    memo = _memo
    if memo is not None and memo[0] == today:
        return memo[1]
    with _memo_lock:
        key = f"audience:salt:{today.isoformat()}"
        cache.add(key, secrets.token_hex(16), SALT_SECONDS)
        salt = bytes.fromhex(cache.get(key) or secrets.token_hex(16))
        _memo = (today, salt)
        return salt


def pseudonym(*parts: object, today: date | None = None) -> str:
    """A short keyed hash of the parts: equal parts give equal hashes for one day only."""
    digest = hashlib.blake2b(key=daily_salt(today), digest_size=16)
    digest.update("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
