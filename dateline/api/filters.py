"""Article filters of the content API: the sections a partner follows, by name, not by id."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.utils import BadRequestError

# ?sector=<slug>, ?country=<ISO code or slug>, ?edition=<slug>, ?kind=, ?language=,
# ?since= and ?until= (an ISO date or date-time, on first publication).
ARTICLE_FILTERS = frozenset({"sector", "country", "edition", "kind", "language", "since", "until"})


def _moment(name: str, value: str, *, end_of_day: bool = False) -> datetime:
    """An ISO date-time, or a whole date (its start, or its end for ?until=), in UTC."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise BadRequestError(f"{name}: '{value}' is not an ISO date or date-time")
        moment = datetime.combine(day, time.max if end_of_day else time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def filter_articles(queryset: QuerySet, params) -> QuerySet:
    """Narrow articles to what the query asks for; unknown values simply match nothing."""
    if sector := params.get("sector"):
        queryset = queryset.filter(sector__slug=sector)
    if country := params.get("country"):
        match = Q(code__iexact=country) | Q(slug=country)
        queryset = queryset.filter(
            Q(primary_country__in=_countries(match)) | Q(countries__in=_countries(match))
        )
        queryset = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    if edition := params.get("edition"):
        queryset = queryset.filter(primary_country__edition__slug=edition)
    if kind := params.get("kind"):
        queryset = queryset.filter(kind=kind)
    if language := params.get("language"):
        queryset = queryset.filter(language__iexact=language)
    if since := params.get("since"):
        queryset = queryset.filter(first_published_at__gte=_moment("since", since))
    if until := params.get("until"):
        queryset = queryset.filter(first_published_at__lte=_moment("until", until, end_of_day=True))
    return queryset


def _countries(match: Q) -> QuerySet:
    from dateline.news.models import Country

    return Country.objects.filter(match)


class ArticleFieldsFilter(FieldsFilter):
    """Wagtail's field filters, leaving the article filters (slugs, not ids) to ArticleFilter."""

    def filter_queryset(self, request, queryset, view):
        kept = request.GET.copy()
        for name in ARTICLE_FILTERS:
            kept.pop(name, None)
        original, request._request.GET = request._request.GET, kept
        try:
            return super().filter_queryset(request, queryset, view)
        finally:
            request._request.GET = original


class ArticleFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        from dateline.news.models import ArticlePage

        if not ARTICLE_FILTERS.intersection(request.GET):
            return queryset
        if not issubclass(queryset.model, ArticlePage):
            raise BadRequestError("article filters need type=news.ArticlePage")
        return filter_articles(queryset, request.GET)
