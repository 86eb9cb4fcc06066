"""Wagtail's page privacy, checked without two queries per page view while nothing is private.

Wagtail looks up view restrictions on a page and all its ancestors on every view. A public
newsroom has none, so pages ask one cached question first; saving or deleting a restriction
clears the answer at once on this process, and within `CACHE_SECONDS` everywhere when the
cache is per process.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from wagtail.models import PageViewRestriction

CACHE_KEY = "news:view-restrictions:v1"
CACHE_SECONDS = 30


def any_exist() -> bool:
    exists = cache.get(CACHE_KEY)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(CACHE_KEY, exists, CACHE_SECONDS)
    return exists


def forget(**kwargs) -> None:
    """A page was made private or public again: ask the database on the next view."""
    cache.delete(CACHE_KEY)


class ViewRestrictionsMixin:
    """For page types: Wagtail's own restriction lookup, only when some page is private."""

    def get_view_restrictions(self) -> QuerySet:
        if not any_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
