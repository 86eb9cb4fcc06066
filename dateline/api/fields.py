"""Serializers of the article fields partners read through Wagtail's API v2.

Each turns what the page shows readers into plain JSON: names as well as codes, times in UTC,
the image with what readers are told about where it came from.
"""

from __future__ import annotations

from typing import Any

from rest_framework.fields import Field
from wagtail.rich_text import expand_db_html

# The hero renditions partners can use without asking for more (Wagtail filter specs).
RENDITIONS = {"large": "fill-1200x675", "medium": "fill-640x360", "thumbnail": "fill-320x180"}


class RichTextHTML(Field):
    """Rich text as the page shows it: internal links and images expanded to real HTML."""

    def to_representation(self, value: str) -> str:
        return expand_db_html(value or "")


class ArticleCountries(Field):
    """The article's countries, primary first, each with its edition."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, article: Any) -> list[dict]:
        return [
            {
                "code": country.code,
                "name": country.name,
                "slug": country.slug,
                "edition": country.edition.slug,
                "primary": country == article.primary_country,
            }
            for country in article.tag_countries
        ]


class ArticleSector(Field):
    def to_representation(self, sector: Any) -> dict | None:
        return {"slug": sector.slug, "name": sector.name} if sector else None


class ArticleEdition(Field):
    """The regional edition the article appears in, from its primary country."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, article: Any) -> dict:
        from dateline.news.models import Edition

        slug = article.edition_slug
        edition = Edition.objects.filter(slug=slug).first()
        return {"slug": slug, "name": edition.name if edition else slug}


class ArticleTimes(Field):
    """When the story began, was first published and last meaningfully changed (UTC)."""

    def get_attribute(self, instance: Any) -> Any:
        return instance

    def to_representation(self, article: Any) -> dict:
        def iso(value):
            return value.isoformat() if value else None

        return {
            "created": iso(article.created_at),
            "published": iso(article.published_at),
            "updated": iso(article.updated_at),
            "modified": iso(article.modified_at),
        }


class ArticleCorrections(Field):
    def to_representation(self, corrections: Any) -> list[dict]:
        return [
            {"corrected_at": c.corrected_at.isoformat(), "text": c.text} for c in corrections.all()
        ]


class Agencies(Field):
    """The agencies whose copy the article was written from, one name each."""

    def to_representation(self, value: str) -> list[str]:
        return [name.strip() for name in (value or "").split(",") if name.strip()]


def image_renditions(image: Any) -> list[dict]:
    """The hero's ready-made sizes, each with its absolute address."""
    from django.conf import settings

    renditions = []
    for name, spec in RENDITIONS.items():
        rendition = image.get_rendition(spec)
        url = rendition.url
        if url.startswith("/"):
            url = settings.DATELINE_SITE_URL + url
        renditions.append(
            {"name": name, "url": url, "width": rendition.width, "height": rendition.height}
        )
    return renditions


def image_provenance(image: Any) -> dict:
    """What readers are told about a picture: caption, credit, source and any disclosure."""
    return {
        "id": image.pk,
        "title": image.title,
        "caption": image.caption,
        "credit": image.credit,
        "source_type": image.source_type,
        "digital_source_type": image.digital_source_type,
        "is_generated": image.is_generated,
        "disclosure": image.disclosure,
        "width": image.width,
        "height": image.height,
    }


class HeroImage(Field):
    def to_representation(self, image: Any) -> dict | None:
        if image is None:
            return None
        return {**image_provenance(image), "renditions": image_renditions(image)}
