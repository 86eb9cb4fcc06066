"""Agency timestamps in all their spellings, turned into timezone-aware UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from dateutil import parser as date_parser

_COMPACT = re.compile(
    r"^(\d{4})(\d{2})(\d{2})T?(\d{2})(\d{2})(\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$"
)


def to_utc(value: datetime) -> datetime:
    """Naive times are taken as UTC: agencies that omit the offset send UTC in practice."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601, compact NewsML 1.2 (20140829T134951+0000), RFC 822; None when unreadable."""
    if not value:
        return None
    text = value.strip()
    if not text:
        return None
    compact = _COMPACT.match(text)
    if compact:
        year, month, day, hour, minute, second, zone = compact.groups()
        stamp = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}{zone or ''}"
        text = stamp.replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)  # most feeds: ISO 8601, read without guessing
    except ValueError:
        try:
            parsed = date_parser.parse(text)
        except (ValueError, OverflowError):
            return None
    return to_utc(parsed)
