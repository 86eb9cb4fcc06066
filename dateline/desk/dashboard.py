"""The desk's panel on the admin dashboard: what waits for an editor, at a glance.

Held stories, embargoes about to lift, wire updates offered and flagged stories, each the
few most recent with a link to the story screen, so an editor starts the shift from there.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from dateline.desk import embargo, release
from dateline.desk.models import Story, StoryState

SHOWN = 5
EMBARGO_WINDOW = timedelta(hours=6)  # "about to lift": within an editor's shift


def _flag(flag: str) -> Q:
    """Stories carrying the flag: the JSON text holds it quoted, on SQLite and PostgreSQL."""
    return Q(desk_flags__icontains=f'"{flag}"') | Q(tag_flags__icontains=f'"{flag}"')


def lifting_soon(now=None) -> list[tuple[Story, object]]:
    """Stories whose embargo lifts within `EMBARGO_WINDOW`, soonest first, with the time."""
    now = now or timezone.now()
    embargoed = (
        Story.objects.filter(_flag(embargo.FLAG_EMBARGOED))
        .exclude(state=StoryState.KILLED)
        .select_related("article")
    )
    soon = []
    for story in embargoed[:50]:
        until = release.status(story).until
        if until is not None and now < until <= now + EMBARGO_WINDOW:
            soon.append((story, until))
    return sorted(soon, key=lambda pair: pair[1])[:SHOWN]


class DeskPanel(Component):
    name = "desk"
    template_name = "desk/_dashboard.html"
    order = 50  # above Wagtail's own panels: the wire does not wait

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        live = Story.objects.exclude(state=StoryState.KILLED).filter(merged_into=None)
        held = live.filter(state=StoryState.HELD)
        pending = live.exclude(pending_update=None)
        flagged = live.exclude(tag_flags=[])
        context.update(
            {
                "held": held[:SHOWN],
                "held_count": held.count(),
                "pending": pending[:SHOWN],
                "pending_count": pending.count(),
                "flagged": flagged[:SHOWN],
                "flagged_count": flagged.count(),
                "lifting": lifting_soon(),
                "window_hours": int(EMBARGO_WINDOW.total_seconds() // 3600),
            }
        )
        return context
