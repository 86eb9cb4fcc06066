"""How the site shows times: stored in UTC, shown in the newsroom's zone, `28-04-2025 11:49 IST`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def display_zone() -> ZoneInfo:
    return ZoneInfo(settings.DATELINE_DISPLAY_TIME_ZONE)


def newsroom_time(value: datetime | None) -> str:
    """Day-month-year, 24-hour clock and the zone's abbreviation, as readers of the desk expect."""
    if value is None:
        return ""
    local = value.astimezone(display_zone())
    return f"{local:%d-%m-%Y %H:%M} {local.tzname()}"
