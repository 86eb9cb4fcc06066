"""Which period a digest covers and which stories go into it for a subscriber's preferences.

Periods end at the send hour in the site's display time zone (readers expect their morning
digest at the same local time every day, whatever the season), weekly ones on Mondays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from dateline.news.models import ArticleKind, ArticlePage
from dateline.news.reference import GLOBAL_EDITION

from .models import Frequency, Subscriber

STORIES_PER_DIGEST = 10


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Preferences:
    """A subscriber's choices as slugs; subscribers with equal choices share one story list."""

    editions: frozenset[str]
    sectors: frozenset[str]

    @classmethod
    def of(cls, subscriber: Subscriber) -> Preferences:
        return cls(
            editions=frozenset(e.slug for e in subscriber.editions.all()),
            sectors=frozenset(s.slug for s in subscriber.sectors.all()),
        )


def latest_period(frequency: str, now: datetime) -> Period:
    """The most recent complete period of this frequency at `now`."""
    zone = ZoneInfo(settings.DATELINE_DISPLAY_TIME_ZONE)
    local = now.astimezone(zone)
    send_at = time(hour=settings.DATELINE_NEWSLETTER_SEND_HOUR)
    end = datetime.combine(local.date(), send_at, tzinfo=zone)
    if frequency == Frequency.WEEKLY:
        end -= timedelta(days=end.weekday())
        if end > local:
            end -= timedelta(days=7)
        start = end - timedelta(days=7)
    else:
        if end > local:
            end -= timedelta(days=1)
        start = end - timedelta(days=1)
    # Rebuild the local wall-clock times after the arithmetic so DST changes are honoured.
    return Period(start=_utc(start, zone), end=_utc(end, zone))


def _utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(tzinfo=None).replace(tzinfo=zone).astimezone(UTC)


def top_stories(
    preferences: Preferences, period: Period, limit: int = STORIES_PER_DIGEST
) -> list[ArticlePage]:
    """Live news published in the period for these editions and sectors, newest first."""
    stories: QuerySet[ArticlePage] = ArticlePage.objects.listed().filter(
        kind=ArticleKind.NEWS,
        first_published_at__gte=period.start,
        first_published_at__lt=period.end,
    )
    if preferences.editions and GLOBAL_EDITION not in preferences.editions:
        stories = stories.filter(primary_country__edition__slug__in=preferences.editions)
    if preferences.sectors:
        stories = stories.filter(sector__slug__in=preferences.sectors)
    return list(stories[:limit])
