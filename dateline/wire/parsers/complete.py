"""The last touches every format shares, so each parser only maps what its format says."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from dateline.wire.item import Rejection, WireItem
from dateline.wire.parsers import signals
from dateline.wire.parsers.datelines import dateline_in_body, parse_dateline


def complete(item: WireItem) -> WireItem:
    """Check the item is usable and fill what can be inferred: signals, dateline, a stable guid."""
    if not item.headline.strip() and not item.body_text.strip() and not item.images:
        raise Rejection("item has no headline, no body and no image")
    found = set(item.signals) | signals.from_headline(item.headline)
    found |= signals.status_signals(item.pubstatus)
    dateline = item.dateline
    opening = _opening_dateline(item.body_text) if not dateline.text else ""
    if opening:
        # The body's own dateline beats a desk location: Reuters files Damascus copy from Bangalore.
        dateline = parse_dateline(opening)
    elif dateline.text and not dateline.country:
        dateline = parse_dateline(dateline.text, city=dateline.city)
    guid = item.guid.strip()
    if not guid:
        digest = hashlib.sha1(
            f"{item.agency}\n{item.headline}\n{item.body_text}".encode()
        ).hexdigest()
        guid = f"urn:dateline:{item.agency.lower() or 'wire'}:{digest[:20]}"
    family = item.family_uri if item.family_uri and item.family_uri != item.guid else guid
    return replace(item, guid=guid, family_uri=family, signals=frozenset(found), dateline=dateline)


def _opening_dateline(body_text: str) -> str:
    """The dateline in the first lines of the body (a byline line may come first)."""
    for line in body_text.splitlines()[:3]:
        found = dateline_in_body(line)
        if found:
            return found
    return ""
