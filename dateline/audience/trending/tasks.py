"""Background work for trending, run by the task worker."""

from __future__ import annotations

from django_tasks import task

from dateline.news.reference import GLOBAL_EDITION

from .refresh import refresh_lists


@task()
def refresh_trending() -> int:
    """Recompute the trending lists; returns how many stories the global list holds."""
    lists = refresh_lists()
    return len(lists.get(GLOBAL_EDITION, {}).get("entries", []))
