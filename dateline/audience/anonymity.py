"""Telling readers apart without knowing who they are.

A reader is reduced to a keyed hash whose salt is random, lives only in the cache and is
replaced every day, so yesterday's hashes cannot be recomputed from an address. The address
itself is never written anywhere.

Behind a front cache every request arrives from the proxy's own address. Only a peer listed in
DATELINE_TRUSTED_PROXIES may say who the reader is, through X-Forwarded-For; the list is read
from the nearest hop outwards and the first address that is not a trusted proxy is the
reader's, so whatever a reader writes into the header themselves is never believed.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import threading
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

SALT_SECONDS = 2 * 24 * 60 * 60

_memo_lock = threading.Lock()
_memo: tuple[date, bytes] | None = None


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Addresses of one IPv6 network this wide belong to one subscriber line: counted as one.
IPV6_READER_PREFIX = 64


def _parse(raw: object) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(str(raw).strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(listed: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The trusted networks; an entry that is no address trusts nothing (the check says so)."""
    return tuple(network for entry in listed if (network := _network(entry)) is not None)


def check_trusted_proxies(app_configs: object = None, **kwargs: object) -> list[checks.Error]:
    """A mistyped proxy address would quietly make every reader behind it one reader."""
    wrong = [
        entry
        for entry in getattr(settings, "DATELINE_TRUSTED_PROXIES", ())
        if _network(str(entry)) is None
    ]
    return [
        checks.Error(
            f"DATELINE_TRUSTED_PROXIES has an entry that is not an address or network: {entry!r}",
            id="audience.E001",
        )
        for entry in wrong
    ]


def _trusted(address: IPAddress) -> bool:
    listed = tuple(getattr(settings, "DATELINE_TRUSTED_PROXIES", ()))
    return any(address in network for network in _networks(listed))


def address_from(meta: Mapping[str, object]) -> str:
    """The reader's address from a request's META (or a WSGI environ).

    The peer's own address unless the peer is a trusted proxy; then X-Forwarded-For is walked
    from the right past every trusted proxy, and a hop that is not an address ends the walk.
    """
    peer = _parse(meta.get("REMOTE_ADDR") or "")
    if peer is None:
        return str(meta.get("REMOTE_ADDR") or "") or "unknown"
    if not _trusted(peer):
        return str(peer)
    nearest = peer
    hops = str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    for raw in reversed(hops):
        hop = _parse(raw)
        if hop is None:
            break
        if not _trusted(hop):
            return str(hop)
        nearest = hop
    return str(nearest)


def client_address(request: HttpRequest) -> str:
    """The reader's address, as a trusted proxy forwarded it (see `address_from`)."""
    return address_from(request.META)


def reader_of(address: str) -> str:
    """What stands for one reader: the address, or its /64 network for IPv6.

    One IPv6 line hands its owner a whole network, so counting single addresses there would
    let one reader count as thousands.
    """
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((parsed, IPV6_READER_PREFIX), strict=False)
        return str(network)
    return address


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
