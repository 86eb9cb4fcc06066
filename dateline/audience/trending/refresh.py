"""One refresh of the trending lists: flush this process's reads, prune, rank, store."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from . import counter, store
from .models import ReadCount
from .ranking import build_lists

RETENTION_DAYS = 7


def refresh_lists() -> dict[str, dict]:
    """Recompute every edition's list from the stored read counts; returns the lists."""
    counter.TALLY.flush()
    now = timezone.now()
    days = getattr(settings, "DATELINE_TRENDING_RETENTION_DAYS", RETENTION_DAYS)
    ReadCount.objects.filter(hour__lt=now - timedelta(days=days)).delete()
    lists = build_lists(now)
    store.save_lists(lists, computed_at=now)
    return lists
