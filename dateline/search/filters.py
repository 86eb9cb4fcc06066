"""The reader's narrowing choices: sector, country, edition, kind of piece and a date range.

Every value arrives in the query string and is checked against known slugs and plain ISO
dates before it reaches the database; anything else is ignored, never an error page.
Filters are applied to the candidate queryset before `.search()`, on fields declared as
FilterFields of ArticlePage, so every Wagtail search backend can apply them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from dateline.news.models import ArticleKind, Country, Edition, Sector
from dateline.news.reference import GLOBAL_EDITION
from dateline.news.timefmt import display_zone

CHOICES_CACHE_KEY = "search:choices:v1"
CHOICES_CACHE_SECONDS = 300
SLUG = re.compile(r"^[a-z0-9-]{1,60}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILTER_NAMES = ("sector", "country", "edition", "kind", "from", "to")


@dataclass(frozen=True)
class Choice:
    pk: int
    slug: str
    name: str


@dataclass(frozen=True)
class FilterChoices:
    sectors: tuple[Choice, ...]
    countries: tuple[Choice, ...]
    editions: tuple[Choice, ...]
    kinds: tuple[tuple[str, str], ...] = tuple(ArticleKind.choices)

    def sector(self, slug: str) -> Choice | None:
        return next((c for c in self.sectors if c.slug == slug), None)

    def country(self, slug: str) -> Choice | None:
        return next((c for c in self.countries if c.slug == slug), None)

    def edition(self, slug: str) -> Choice | None:
        return next((c for c in self.editions if c.slug == slug), None)

    def sector_by_pk(self, pk: int | None) -> Choice | None:
        return next((c for c in self.sectors if c.pk == pk), None)


def _choices(queryset) -> tuple[Choice, ...]:
    return tuple(Choice(pk, slug, name) for pk, slug, name in
                 queryset.values_list("pk", "slug", "name"))


def filter_choices() -> FilterChoices:
    """Taxonomies for the filter form, shared by every reader and cached for a few minutes."""
    choices = cache.get(CHOICES_CACHE_KEY)
    if choices is None:
        choices = FilterChoices(
            sectors=_choices(Sector.objects.all()),
            countries=_choices(Country.objects.all()),
            editions=_choices(Edition.objects.exclude(slug=GLOBAL_EDITION)),
        )
        cache.set(CHOICES_CACHE_KEY, choices, CHOICES_CACHE_SECONDS)
    return choices


def _slug(params: QueryDict, name: str) -> str:
    value = params.get(name, "").strip().lower()
    return value if SLUG.match(value) else ""


def _date(params: QueryDict, name: str) -> date | None:
    value = params.get(name, "").strip()
    if not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _start_of_day(day: date) -> datetime:
    """Days are the reader's days: midnight in the newsroom's display zone."""
    return datetime.combine(day, time.min, tzinfo=display_zone())


@dataclass(frozen=True)
class SearchFilters:
    sector: Choice | None = None
    country: Choice | None = None
    edition: Choice | None = None
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def from_params(cls, params: QueryDict, choices: FilterChoices) -> SearchFilters:
        kinds = {value for value, _ in choices.kinds}
        kind = _slug(params, "kind")
        date_from, date_to = _date(params, "from"), _date(params, "to")
        notes: tuple[str, ...] = ()
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
            notes = ("The dates were the wrong way round; we swapped them.",)
        return cls(
            sector=choices.sector(_slug(params, "sector")),
            country=choices.country(_slug(params, "country")),
            edition=choices.edition(_slug(params, "edition")),
            kind=kind if kind in kinds else "",
            date_from=date_from,
            date_to=date_to,
            notes=notes,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.sector or self.country or self.edition or self.kind
                    or self.date_from or self.date_to)

    def apply(self, articles: QuerySet) -> QuerySet:
        """Narrow the candidate articles; only FilterField lookups, so any backend can follow."""
        if self.sector:
            articles = articles.filter(sector_id=self.sector.pk)
        if self.country:
            articles = articles.filter(primary_country_id=self.country.pk)
        if self.edition:
            articles = articles.filter(primary_country__edition_id=self.edition.pk)
        if self.kind:
            articles = articles.filter(kind=self.kind)
        if self.date_from:
            articles = articles.filter(first_published_at__gte=_start_of_day(self.date_from))
        if self.date_to:
            end = _start_of_day(self.date_to + timedelta(days=1))
            articles = articles.filter(first_published_at__lt=end)
        return articles

    def params(self) -> dict[str, str]:
        """The filters as query-string values, for links that keep them."""
        values = {
            "sector": self.sector.slug if self.sector else "",
            "country": self.country.slug if self.country else "",
            "edition": self.edition.slug if self.edition else "",
            "kind": self.kind,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in values.items() if v}


def _options(pairs: list[tuple[str, str]], chosen: str) -> SafeString:
    """<option> tags for one filter, the chosen one selected; a plain join, as the country
    list (some 250 entries) costs many milliseconds through template loops."""
    tags = [
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
        f"{escape(label)}</option>"
        for value, label in pairs
    ]
    return mark_safe("".join(tags))  # every value and label above is escaped


def filter_options(choices: FilterChoices, filters: SearchFilters) -> dict[str, SafeString]:
    """The options of each filter's select, with the reader's choice selected."""
    return {
        "sector": _options([(c.slug, c.name) for c in choices.sectors],
                           filters.sector.slug if filters.sector else ""),
        "country": _options([(c.slug, c.name) for c in choices.countries],
                            filters.country.slug if filters.country else ""),
        "edition": _options([(c.slug, c.name) for c in choices.editions],
                            filters.edition.slug if filters.edition else ""),
        "kind": _options(list(choices.kinds), filters.kind),
    }


def search_url(q: str, filters: dict[str, str], **changes: str | int) -> str:
    """/search/ with the query, the given filters and some values changed (empty drops one)."""
    values: dict[str, str | int] = {"q": q, **filters, **changes}
    kept = {k: v for k, v in values.items() if v not in ("", None)}
    base = reverse("search:results")
    return f"{base}?{urlencode(kept)}" if kept else base
