"""The Stories screen's filters, as a django-filter FilterSet: words of the headline, state,
flagged only, country, edition and sector. A value that is not one of the choices is left
out rather than refused, so a stale or hand-typed address still lists stories."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from dateline.desk.models import Story, StoryState
from dateline.news.models import Country, Edition, Sector


def _countries() -> list[tuple[str, str]]:
    return list(Country.objects.values_list("code", "name"))


def _editions() -> list[tuple[str, str]]:
    return list(Edition.objects.values_list("slug", "name"))


def _sectors() -> list[tuple[str, str]]:
    return list(Sector.objects.values_list("slug", "name"))


class StoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Headline",
        method="with_words",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Words in the headline"}),
    )
    state = django_filters.ChoiceFilter(
        label="State", choices=StoryState.choices, empty_label="Any state"
    )
    flagged = django_filters.BooleanFilter(
        label="Flagged only", method="only_flagged", widget=forms.CheckboxInput
    )
    country = django_filters.ChoiceFilter(
        label="Country", choices=_countries, empty_label="Any country", method="about_country"
    )
    edition = django_filters.ChoiceFilter(
        label="Edition", choices=_editions, empty_label="Any edition"
    )
    sector = django_filters.ChoiceFilter(label="Sector", choices=_sectors, empty_label="Any sector")

    class Meta:
        model = Story
        fields: list[str] = []

    def with_words(self, stories: QuerySet[Story], name: str, value: str) -> QuerySet[Story]:
        for word in value.split():
            stories = stories.filter(headline__icontains=word)
        return stories

    def only_flagged(self, stories: QuerySet[Story], name: str, value: bool) -> QuerySet[Story]:
        return stories.exclude(Q(tag_flags=[]) & Q(desk_flags=[])) if value else stories

    def about_country(self, stories: QuerySet[Story], name: str, value: str) -> QuerySet[Story]:
        # The codes as JSON text, a lookup SQLite and PostgreSQL both run.
        return stories.filter(Q(primary_country=value) | Q(countries__icontains=f'"{value}"'))
