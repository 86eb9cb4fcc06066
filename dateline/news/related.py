"""Related coverage under an article: more on its story, and more from its country.

The desk gives each story one article, so "More on this story" is other coverage of the
same event as the site can tell it from its tags: the same primary country and sector,
published within STORY_WINDOW of the article. The closest lead: the same dateline city
first, then the most other countries in common, then the nearest in time. "More from
<country>" is the country's latest other stories. Only what every reader may see is listed:
nothing killed, held, embargoed or private.

Both are kept in the cache with the site chrome's version, which every publish and kill
renews (see sidebar), so a warm article page asks nothing more of the database and a killed
story leaves these lists with the next page view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache

from . import sidebar
from .models import ArticlePage

STORY_WINDOW = timedelta(days=3)
LIMIT = 4
# Coverage inside the window weighed for closeness; a busier story shows its closest LIMIT.
STORY_CANDIDATES = 50
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    published_at: datetime


def related_coverage(article: ArticlePage) -> dict[str, list[Link]]:
    """Both lists for an article's page, from the cache when the site has not changed."""
    key = f"news:related:v1:{article.pk}:{sidebar.chrome()['version']}"
    found = cache.get(key)
    if found is None:
        story = more_on_story(article)
        country = more_from_country(article, story)
        found = {"more_on_story": _links(story), "more_from_country": _links(country)}
        cache.set(key, found, CACHE_SECONDS)
    return found


def _links(articles: list[ArticlePage]) -> list[Link]:
    return [Link(a.title, a.url, a.published_at) for a in articles]


@dataclass(frozen=True)
class Coverage:
    """What closeness is judged on."""

    pk: int
    published: datetime
    dateline_city: str
    countries: frozenset[int]


def closest(article: Coverage, others: list[Coverage]) -> list[int]:
    """The others, closest to the article first: same dateline city, then most other
    countries in common, then nearest in time, then the newer."""

    def closeness(other: Coverage) -> tuple:
        same_city = bool(article.dateline_city) and (
            other.dateline_city.casefold() == article.dateline_city.casefold()
        )
        apart = abs((other.published - article.published).total_seconds())
        shared = len(article.countries & other.countries)
        return (not same_city, -shared, apart, -other.published.timestamp(), -other.pk)

    return [other.pk for other in sorted(others, key=closeness)]


def _coverage(article: ArticlePage) -> Coverage:
    return Coverage(
        article.pk,
        article.published_at,
        article.dateline_city.strip(),
        frozenset(c.pk for c in article.countries.all()),
    )


def more_on_story(article: ArticlePage) -> list[ArticlePage]:
    if not (article.primary_country_id and article.sector_id):
        return []
    around = article.published_at
    found = {
        other.pk: other
        for other in ArticlePage.objects.listed()
        .public()
        .prefetch_related("countries")
        .filter(
            primary_country_id=article.primary_country_id,
            sector_id=article.sector_id,
            first_published_at__range=(around - STORY_WINDOW, around + STORY_WINDOW),
        )
        .exclude(pk=article.pk)[:STORY_CANDIDATES]
    }
    ranked = closest(_coverage(article), [_coverage(other) for other in found.values()])
    return [found[pk] for pk in ranked[:LIMIT]]


def more_from_country(article: ArticlePage, shown: list[ArticlePage]) -> list[ArticlePage]:
    if not article.primary_country_id:
        return []
    return list(
        ArticlePage.objects.listed()
        .public()
        .filter(primary_country_id=article.primary_country_id)
        .exclude(pk__in=[article.pk, *(a.pk for a in shown)])[:LIMIT]
    )
