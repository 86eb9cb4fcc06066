"""The taxonomies readers narrow a search by (sectors, countries, editions, kinds), cached.

They change a few times a year but every search page needs them: the filter form lists
them, the reader's choices are checked against them and results are labelled from them.
The shared cache keeps them for a few minutes under a token; each process also keeps the
copy it last read and reuses it while the shared token is unchanged, so a search asks the
cache for a short token instead of unpickling some 300 choices.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.utils.html import escape

from dateline.news.models import ArticleKind, Country, Edition, Sector
from dateline.news.reference import GLOBAL_EDITION

CHOICES_CACHE_KEY = "search:choices:v3"
CHOICES_TOKEN_KEY = "search:choices:v3:token"
CHOICES_CACHE_SECONDS = 300

_last_read: tuple[str, FilterChoices] | None = None


@dataclass(frozen=True)
class Choice:
    pk: int
    slug: str
    name: str
    # An edition's countries: the edition filter asks for their pks, no join to countries.
    members: tuple[int, ...] = ()


def _option_tags(pairs: list[tuple[str, str]]) -> str:
    """<option> tags for one filter, every value and label escaped; a plain join, as the
    country list (some 250 entries) costs many milliseconds through template loops."""
    return "".join(
        f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in pairs
    )


@dataclass(frozen=True)
class FilterChoices:
    sectors: tuple[Choice, ...]
    countries: tuple[Choice, ...]
    editions: tuple[Choice, ...]
    kinds: tuple[tuple[str, str], ...] = tuple(ArticleKind.choices)
    # Each filter's <option> tags, none selected: built once, cached with the choices.
    option_tags: dict[str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        tags = {
            "sector": _option_tags([(c.slug, c.name) for c in self.sectors]),
            "country": _option_tags([(c.slug, c.name) for c in self.countries]),
            "edition": _option_tags([(c.slug, c.name) for c in self.editions]),
            "kind": _option_tags(list(self.kinds)),
        }
        object.__setattr__(self, "option_tags", tags)

    def sector(self, slug: str) -> Choice | None:
        return next((c for c in self.sectors if c.slug == slug), None)

    def country(self, slug: str) -> Choice | None:
        return next((c for c in self.countries if c.slug == slug), None)

    def edition(self, slug: str) -> Choice | None:
        return next((c for c in self.editions if c.slug == slug), None)

    @cached_property
    def _sectors_by_pk(self) -> dict[int, Choice]:
        return {c.pk: c for c in self.sectors}

    @cached_property
    def _countries_by_pk(self) -> dict[int, Choice]:
        return {c.pk: c for c in self.countries}

    def sector_by_pk(self, pk: int | None) -> Choice | None:
        return self._sectors_by_pk.get(pk)

    def country_by_pk(self, pk: int | None) -> Choice | None:
        return self._countries_by_pk.get(pk)


def _choices(queryset) -> tuple[Choice, ...]:
    return tuple(
        Choice(pk, slug, name) for pk, slug, name in queryset.values_list("pk", "slug", "name")
    )


def _editions() -> tuple[Choice, ...]:
    members: dict[int, list[int]] = defaultdict(list)
    for country_pk, edition_pk in Country.objects.values_list("pk", "edition_id"):
        members[edition_pk].append(country_pk)
    return tuple(
        Choice(c.pk, c.slug, c.name, tuple(members[c.pk]))
        for c in _choices(Edition.objects.exclude(slug=GLOBAL_EDITION))
    )


def filter_choices() -> FilterChoices:
    """The taxonomies as the shared cache has them, read from the database when it has not."""
    global _last_read
    token = cache.get(CHOICES_TOKEN_KEY)
    if token is not None and _last_read is not None and _last_read[0] == token:
        return _last_read[1]
    cached = cache.get(CHOICES_CACHE_KEY) if token is not None else None
    if cached is None:
        choices = FilterChoices(
            sectors=_choices(Sector.objects.all()),
            countries=_choices(Country.objects.all()),
            editions=_editions(),
        )
        cached = (uuid.uuid4().hex, choices)
        cache.set_many(
            {CHOICES_CACHE_KEY: cached, CHOICES_TOKEN_KEY: cached[0]}, CHOICES_CACHE_SECONDS
        )
    _last_read = cached
    return cached[1]
