"""The reader's narrowing choices: sector, country, edition, kind of piece and a date range.

Every value arrives in the query string and is checked against known slugs and plain ISO
dates before it reaches the database; anything else is ignored, never an error page.
Filters are applied to the candidate queryset before `.search()`, on fields declared as
FilterFields of ArticlePage, so every Wagtail search backend can apply them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import MAXYEAR, UTC, date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from dateline.news.timefmt import display_zone

from .choices import Choice, FilterChoices

SLUG = re.compile(r"^[a-z0-9-]{1,60}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILTER_NAMES = ("sector", "country", "edition", "kind", "from", "to")


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


def _start_of_day(day: date) -> datetime | None:
    """Days are the reader's days: midnight in the newsroom's display zone, as a UTC time.

    None for a day at an end of the calendar (year 1 or 9999) whose midnight falls outside
    the times Python can hold once moved to UTC: no story is anywhere near it.
    """
    try:
        return datetime.combine(day, time.min, tzinfo=display_zone()).astimezone(UTC)
    except OverflowError:
        return None


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
        return not (
            self.sector
            or self.country
            or self.edition
            or self.kind
            or self.date_from
            or self.date_to
        )

    def apply(self, articles: QuerySet) -> QuerySet:
        """Narrow the candidate articles; only FilterField lookups, so any backend can follow."""
        if self.sector:
            articles = articles.filter(sector_id=self.sector.pk)
        if self.country:
            articles = articles.filter(primary_country_id=self.country.pk)
        if self.edition:
            articles = articles.filter(primary_country_id__in=self.edition.members)
        if self.kind:
            articles = articles.filter(kind=self.kind)
        return self._published_within(articles)

    def _published_within(self, articles: QuerySet) -> QuerySet:
        """The reader's days, inclusive. A range reaching an end of the calendar is open on
        that side; one lying wholly beyond the times a story can have finds nothing."""
        if self.date_from:
            start = _start_of_day(self.date_from)
            if start is None and self.date_from.year == MAXYEAR:
                return articles.none()
            if start is not None:
                articles = articles.filter(first_published_at__gte=start)
        if self.date_to and self.date_to < date.max:
            end = _start_of_day(self.date_to + timedelta(days=1))
            if end is not None:
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


def _select(tags: str, chosen: str) -> SafeString:
    """The option tags with the chosen value's tag selected."""
    if chosen:
        value = f'value="{escape(chosen)}">'
        tags = tags.replace(value, f"{value[:-1]} selected>", 1)
    return mark_safe(tags)  # built from escaped values and labels only


def filter_options(choices: FilterChoices, filters: SearchFilters) -> dict[str, SafeString]:
    """The options of each filter's select, with the reader's choice selected."""
    chosen = {
        "sector": filters.sector.slug if filters.sector else "",
        "country": filters.country.slug if filters.country else "",
        "edition": filters.edition.slug if filters.edition else "",
        "kind": filters.kind,
    }
    return {name: _select(tags, chosen[name]) for name, tags in choices.option_tags.items()}


@dataclass(frozen=True)
class SearchLinks:
    """Links to /search/ that keep the reader's words and filters; the path is looked up
    once for the twenty-odd links of a page of results."""

    q: str
    filters: dict[str, str]
    path: str = field(default_factory=lambda: reverse("search:results"))

    def url(self, **changes: str | int) -> str:
        """The search with some values changed (an empty value drops one)."""
        values: dict[str, str | int] = {"q": self.q, **self.filters, **changes}
        kept = {k: v for k, v in values.items() if v not in ("", None)}
        return f"{self.path}?{urlencode(kept)}" if kept else self.path

    def without_filters(self) -> str:
        return self.url(**dict.fromkeys(FILTER_NAMES, ""))
