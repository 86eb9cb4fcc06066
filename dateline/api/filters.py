"""Article filters of the content API: the sections a partner follows, by name, not by id."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.utils import BadRequestError

from dateline.news.models import ArticleKind
from dateline.search.query import parse_query

# ?sector=<slug>, ?country=<ISO code or slug>, ?edition=<slug>, ?kind=, ?language=,
# ?since= and ?until= (an ISO date or date-time, on first publication).
ARTICLE_FILTERS = frozenset({"sector", "country", "edition", "kind", "language", "since", "until"})


def _moment(name: str, value: str, *, end_of_day: bool = False) -> datetime:
    """An ISO date-time, or a whole date (its start, or its end for ?until=), in UTC."""
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:  # well formed but no such day or time, e.g. 2026-13-45
        moment = day = None
    if moment is None:
        if day is None:
            raise BadRequestError(f"{name}: '{value}' is not an ISO date or date-time")
        moment = datetime.combine(day, time.max if end_of_day else time.min)
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, UTC)
    try:
        # In UTC: PostgreSQL takes no offset beyond 15:59, where ISO 8601 allows 23:59.
        return moment.astimezone(UTC)
    except OverflowError:
        raise BadRequestError(f"{name}: '{value}' is before the year 1 in UTC") from None


def filter_articles(queryset: QuerySet, params) -> QuerySet:
    """Narrow articles to what the query asks for; unknown names simply match nothing."""
    if empty := sorted(name for name in ARTICLE_FILTERS if params.get(name) == ""):
        raise BadRequestError(f"empty filter: {', '.join(empty)} (leave it out to take all)")
    if sector := params.get("sector"):
        queryset = queryset.filter(sector__slug=sector)
    if country := params.get("country"):
        match = Q(code__iexact=country) | Q(slug=country)
        queryset = queryset.filter(
            Q(primary_country__in=_countries(match)) | Q(countries__in=_countries(match))
        )
    if edition := params.get("edition"):
        queryset = queryset.filter(primary_country__edition__slug=edition)
    if kind := params.get("kind"):
        if kind not in ArticleKind.values:
            raise BadRequestError(f"kind: '{kind}' is not one of {', '.join(ArticleKind.values)}")
        queryset = queryset.filter(kind=kind)
    if language := params.get("language"):
        queryset = queryset.filter(language__iexact=language)
    if since := params.get("since"):
        queryset = queryset.filter(first_published_at__gte=_moment("since", since))
    if until := params.get("until"):
        queryset = queryset.filter(first_published_at__lte=_moment("until", until, end_of_day=True))
    # By id only from here, so ?search= can follow: the search index knows no sector slug.
    return queryset.model.objects.filter(pk__in=queryset.values("pk"))


def _countries(match: Q) -> QuerySet:
    from dateline.news.models import Country

    return Country.objects.filter(match)


@contextmanager
def _query_as(request, params: QueryDict) -> Iterator[None]:
    """Let one of Wagtail's filters read other query parameters than the partner sent."""
    original, request._request.GET = request._request.GET, params
    try:
        yield
    finally:
        request._request.GET = original


class ArticleFieldsFilter(FieldsFilter):
    """Wagtail's field filters, leaving the article filters (slugs, not ids) to ArticleFilter."""

    def filter_queryset(self, request, queryset, view):
        kept = request.GET.copy()
        for name in ARTICLE_FILTERS:
            kept.pop(name, None)
        with _query_as(request, kept):
            return super().filter_queryset(request, queryset, view)


class PlainWordsSearchFilter(SearchFilter):
    """Wagtail's search on the words of the query only, as the site's search box reads them.

    Full-text operators, quotes and NUL bytes would reach the database's full-text syntax and
    fail there; a query with no word left finds nothing.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        words = parse_query(request.GET["search"])
        if words.is_empty:
            return queryset.none()
        params = request.GET.copy()
        params["search"] = words.backend_text
        with _query_as(request, params):
            return super().filter_queryset(request, queryset, view)


class ArticleFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        from dateline.news.models import ArticlePage

        if not ARTICLE_FILTERS.intersection(request.GET):
            return queryset
        if not issubclass(queryset.model, ArticlePage):
            raise BadRequestError("article filters need type=news.ArticlePage")
        return filter_articles(queryset, request.GET)
