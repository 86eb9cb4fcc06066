"""Fixed-window counters in the shared cache: sign-ups per client and mails per address.

A client that signs up too often gets a clear refusal. An address that has been sent too
many sign-up mails is quietly sent no more, with the same answer on the page, so the limit
can neither be used to bomb someone's inbox nor to learn whether an address is known.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from ..anonymity import client_address, pseudonym, reader_of

SIGNUPS_PER_CLIENT = 5
CLIENT_WINDOW_SECONDS = 15 * 60
MAILS_PER_ADDRESS = 3
ADDRESS_WINDOW_SECONDS = 24 * 60 * 60


def _hit(key: str, window: int) -> int:
    """Count one more hit in the window and return the count so far."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        return 1


def allow_signup(request: HttpRequest) -> bool:
    """Count this sign-up against the client, known only by a daily pseudonym of its address."""
    key = "newsletter:signup:" + pseudonym("signup", reader_of(client_address(request)))
    return _hit(key, CLIENT_WINDOW_SECONDS) <= SIGNUPS_PER_CLIENT


def allow_mail_to(email: str) -> bool:
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    return _hit(f"newsletter:mail:{digest}", ADDRESS_WINDOW_SECONDS) <= MAILS_PER_ADDRESS
