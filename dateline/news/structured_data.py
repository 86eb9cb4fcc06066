"""schema.org JSON-LD for article pages: NewsArticle and BreadcrumbList, built as plain dicts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .models import ArticlePage
from .models.images import IPTC_SOURCE_TYPE


def absolute(request: HttpRequest | None, path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.DATELINE_SITE_URL + path


def hero_image(article: ArticlePage, request: HttpRequest | None) -> dict:
    """The hero image (or the generated share card) with its provenance."""
    image = article.hero_image
    if image is None:
        return {
            "@type": "ImageObject",
            "url": absolute(request, reverse("news:card", args=[article.pk])),
            "width": 1200,
            "height": 630,
            "caption": "Illustration generated from the headline; not a photograph.",
            "digitalSourceType": IPTC_SOURCE_TYPE + "algorithmicMedia",
        }
    rendition = image.get_rendition("fill-1200x675")
    data = {
        "@type": "ImageObject",
        "url": absolute(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "caption": image.caption,
        "creditText": image.credit,
        "digitalSourceType": image.digital_source_type,
    }
    return {k: v for k, v in data.items() if v}


def news_article(article: ArticlePage, request: HttpRequest | None) -> dict:
    authors = list(article.authors.all())
    if authors:
        author = [
            {"@type": "Person", "name": a.name, "url": absolute(request, a.get_absolute_url())}
            for a in authors
        ]
    else:
        author = [
            {
                "@type": "Organization",
                "name": settings.DATELINE_DESK_NAME,
                "url": absolute(request, "/about/"),
            }
        ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": article.get_full_url(request),
        "headline": article.title[:110],
        "description": article.standfirst,
        "image": [hero_image(article, request)],
        "datePublished": article.published_at.isoformat(),
        "dateCreated": article.created_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "author": author,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.DATELINE_SITE_NAME,
            "url": absolute(request, "/"),
            "logo": {"@type": "ImageObject", "url": absolute(request, "/static/news/logo.png")},
        },
        "inLanguage": article.language,
        "isAccessibleForFree": True,
    }
    if article.dateline_city:
        data["dateline"] = article.dateline_city
    if article.sector:
        data["articleSection"] = article.sector.name
    countries = article.tag_countries
    if countries:
        data["contentLocation"] = [{"@type": "Country", "name": c.name} for c in countries]
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": c.text,
                "datePublished": c.corrected_at.isoformat(),
            }
            for c in corrections
        ]
    return data


def breadcrumbs(article: ArticlePage, request: HttpRequest | None) -> dict:
    trail = [(settings.DATELINE_SITE_NAME, absolute(request, "/"))]
    if article.sector:
        trail.append((article.sector.name, absolute(request, article.sector.get_absolute_url())))
    trail.append((article.title, article.get_full_url(request)))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(trail, start=1)
        ],
    }
