"""Sectors, editions and countries: taxonomies kept as data, editable in the admin."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from ..reference import GLOBAL_EDITION


class Sector(index.Indexed, models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:sector", args=[self.slug])


class Edition(index.Indexed, models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        if self.is_global:
            return "/"
        return reverse("news:edition", args=[self.slug])

    @property
    def is_global(self) -> bool:
        return self.slug == GLOBAL_EDITION


class Country(index.Indexed, models.Model):
    """An ISO 3166 country and the one regional edition its stories appear in."""

    code = models.CharField("ISO 3166 alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="countries")

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("slug"), FieldPanel("edition")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("code"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:country", args=[self.slug])
