"""Which stories are trending: reads weighted by age, so a read now outweighs one yesterday.

Each hour's reads count 2^(-age / half-life), the age taken from the middle of the hour.
Only live articles are ranked; the global list takes every article, an edition's list the
articles whose primary country belongs to it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings

from dateline.news.models import ArticlePage, Edition
from dateline.news.reference import GLOBAL_EDITION

from .models import ReadCount

HALF_LIFE_HOURS = 6.0
WINDOW_HOURS = 48
LIST_SIZE = 10


def decay(age: timedelta, half_life_hours: float) -> float:
    hours = max(age.total_seconds() / 3600, 0.0)
    return 0.5 ** (hours / half_life_hours)


def scores(now: datetime) -> dict[int, float]:
    """Decayed read score of every article read within the window."""
    half_life = getattr(settings, "DATELINE_TRENDING_HALF_LIFE_HOURS", HALF_LIFE_HOURS)
    window = timedelta(hours=getattr(settings, "DATELINE_TRENDING_WINDOW_HOURS", WINDOW_HOURS))
    totals: dict[int, float] = defaultdict(float)
    rows = ReadCount.objects.filter(hour__gte=now - window).values_list(
        "article_id", "hour", "reads"
    )
    for article, hour, reads in rows:
        totals[article] += reads * decay(now - hour - timedelta(minutes=30), half_life)
    return dict(totals)


def _entry(article: ArticlePage) -> dict:
    country = article.primary_country
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.get_url() or "",
        "country": country.name if country else "",
        "country_url": country.get_absolute_url() if country else "",
    }


def build_lists(now: datetime) -> dict[str, dict]:
    """Top stories per edition: {edition slug: {"name": ..., "entries": [...]}}.

    Editions with no read story are left out, so their slot stays hidden.
    """
    size = getattr(settings, "DATELINE_TRENDING_SIZE", LIST_SIZE)
    scored = scores(now)
    articles = (
        ArticlePage.objects.live().filter(pk__in=scored).select_related("primary_country__edition")
    )
    ranked = sorted(articles, key=lambda a: (-scored[a.pk], -a.pk))
    names = dict(Edition.objects.values_list("slug", "name"))
    lists: dict[str, dict] = {}
    if ranked:
        lists[GLOBAL_EDITION] = {
            "name": names.get(GLOBAL_EDITION, "Global"),
            "entries": [_entry(a) for a in ranked[:size]],
        }
    by_edition: dict[str, list[ArticlePage]] = defaultdict(list)
    for article in ranked:
        country = article.primary_country
        if country is not None and country.edition.slug != GLOBAL_EDITION:
            by_edition[country.edition.slug].append(article)
    for slug, chosen in by_edition.items():
        lists[slug] = {"name": names.get(slug, slug), "entries": [_entry(a) for a in chosen[:size]]}
    return lists
