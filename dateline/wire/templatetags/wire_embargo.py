"""The embargo line editors see on the wire item and story screens, with its countdown."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone

register = template.Library()


def time_left(delta: timedelta) -> str:
    """Time left as "2 d 5 h 12 min", read at a glance; the screen's script words it the same."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes else []
    return " ".join(parts)


@register.inclusion_tag("wire/admin/_embargo.html")
def embargo_countdown(when: datetime | None) -> dict:
    """The embargo time, and how long is left while it is still ahead."""
    now = timezone.now()
    ahead = when is not None and when > now
    return {"when": when, "ahead": ahead, "left": time_left(when - now) if ahead else ""}
