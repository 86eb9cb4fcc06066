"""Template filters and tags of the public site."""

from __future__ import annotations

import json
from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from ..timefmt import newsroom_time

register = template.Library()


@register.filter
def newsroom(value: datetime | None) -> str:
    return newsroom_time(value)


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A JSON-LD script block that stays valid JSON whatever the text holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
