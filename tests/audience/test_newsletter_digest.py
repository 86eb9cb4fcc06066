"""What goes into a digest: the period's live news for the reader's editions and sectors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from dateline.audience.newsletter.digest import Period, Preferences, latest_period, top_stories

pytestmark = pytest.mark.django_db


def test_periods_end_at_the_local_send_hour(settings):
    settings.DATELINE_DISPLAY_TIME_ZONE = "Asia/Kolkata"
    settings.DATELINE_NEWSLETTER_SEND_HOUR = 6
    monday_morning = datetime(2025, 4, 28, 5, 0, tzinfo=UTC)  # 10:30 IST, Monday
    assert latest_period("daily", monday_morning) == Period(
        datetime(2025, 4, 27, 0, 30, tzinfo=UTC), datetime(2025, 4, 28, 0, 30, tzinfo=UTC)
    )
    assert latest_period("weekly", monday_morning) == Period(
        datetime(2025, 4, 21, 0, 30, tzinfo=UTC), datetime(2025, 4, 28, 0, 30, tzinfo=UTC)
    )
    before_six = datetime(2025, 4, 28, 0, 0, tzinfo=UTC)  # 05:30 IST, Monday
    assert latest_period("daily", before_six).end == datetime(2025, 4, 27, 0, 30, tzinfo=UTC)
    assert latest_period("weekly", before_six).end == datetime(2025, 4, 21, 0, 30, tzinfo=UTC)


def test_daylight_saving_keeps_the_local_hour(settings):
    settings.DATELINE_DISPLAY_TIME_ZONE = "Europe/London"
    settings.DATELINE_NEWSLETTER_SEND_HOUR = 6
    # Clocks went forward on 30 March 2025: the day before is 23 hours long.
    period = latest_period("daily", datetime(2025, 3, 30, 12, 0, tzinfo=UTC))
    assert period.end == datetime(2025, 3, 30, 5, 0, tzinfo=UTC)  # 06:00 BST
    assert period.start == datetime(2025, 3, 29, 6, 0, tzinfo=UTC)  # 06:00 GMT


def titles(stories) -> list[str]:
    return [story.title for story in stories]


def test_stories_follow_editions_sectors_kind_period_and_liveness(publish_article):
    publish_article(
        title="Kenya clinics", country="KE", sector="health", published_ago=timedelta(hours=5)
    )
    publish_article(
        title="Nigeria clinics", country="NG", sector="health", published_ago=timedelta(hours=4)
    )
    publish_article(
        title="Lagos derby", country="NG", sector="sports", published_ago=timedelta(hours=3)
    )
    publish_article(
        title="Paris hospitals", country="FR", sector="health", published_ago=timedelta(hours=2)
    )
    publish_article(
        title="Stateless story", country=None, sector="health", published_ago=timedelta(hours=1)
    )
    publish_article(
        title="Old Nigeria clinics", country="NG", sector="health", published_ago=timedelta(days=3)
    )
    publish_article(title="Nigeria clinics blog", kind="blog", country="NG", sector="health")
    killed = publish_article(
        title="Killed Nigeria clinics",
        country="NG",
        sector="health",
        published_ago=timedelta(hours=1),
    )
    killed.unpublish()

    now = timezone.now()
    day = Period(now - timedelta(days=1), now)
    everything = Preferences(frozenset(), frozenset())
    assert titles(top_stories(everything, day)) == [
        "Stateless story",
        "Paris hospitals",
        "Lagos derby",
        "Nigeria clinics",
        "Kenya clinics",
    ]
    west_health = Preferences(frozenset({"west-africa"}), frozenset({"health"}))
    assert titles(top_stories(west_health, day)) == ["Nigeria clinics"]
    africa = Preferences(frozenset({"west-africa", "east-africa"}), frozenset())
    assert titles(top_stories(africa, day)) == ["Lagos derby", "Nigeria clinics", "Kenya clinics"]
    global_sports = Preferences(frozenset({"global"}), frozenset({"sports"}))
    assert titles(top_stories(global_sports, day)) == ["Lagos derby"]
    nothing = Preferences(frozenset({"north-america"}), frozenset())
    assert top_stories(nothing, day) == []
    week = Period(now - timedelta(days=7), now)
    assert "Old Nigeria clinics" in titles(top_stories(west_health, week))
    assert len(top_stories(everything, week, limit=3)) == 3
