"""Listing pages outside the Wagtail tree: editions, sectors, countries, authors, corrections."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import ArticlePage, Author, Country, Edition, Sector
from .models.pages import paginate
from .share_card import draw_share_card

NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000


def _listing(request: HttpRequest, heading: str, articles, **extra) -> HttpResponse:
    context = {"heading": heading, "articles": paginate(request, articles), **extra}
    return render(request, "news/listing.html", context)


def _feeds(kind: str, slug: str) -> dict[str, str]:
    """The RSS and Atom addresses of a listing."""
    return {
        "rss": reverse(f"news:{kind}_rss", args=[slug]),
        "atom": reverse(f"news:{kind}_atom", args=[slug]),
    }


@require_GET
def edition(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Edition, slug=slug)
    articles = ArticlePage.objects.listed().in_edition(chosen)
    return _listing(request, chosen.name, articles, edition=chosen, feeds=_feeds("edition", slug))


@require_GET
def sector(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Sector, slug=slug)
    articles = ArticlePage.objects.listed().in_sector(chosen)
    return _listing(request, chosen.name, articles, sector=chosen, feeds=_feeds("sector", slug))


@require_GET
def country(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Country, slug=slug)
    articles = ArticlePage.objects.listed().in_country(chosen)
    return _listing(request, chosen.name, articles, country=chosen, feeds=_feeds("country", slug))


@require_GET
def country_index(request: HttpRequest) -> HttpResponse:
    """Every country with stories a reader may see, by regional edition, with how many it
    has: about the country or mentioning it, as its page lists them."""
    tagged: dict[int, set[str]] = defaultdict(set)
    rows = (
        ArticlePage.objects.live()
        .public()
        .values_list("pk", "primary_country__code", "countries__code")
    )
    for pk, primary, other in rows:
        tagged[pk].update(code for code in (primary, other) if code)
    counts = Counter(code for codes in tagged.values() for code in codes)
    countries = Country.objects.filter(code__in=counts).select_related("edition")
    editions: dict = defaultdict(list)
    for place in sorted(countries, key=lambda c: (c.edition.sort_order, c.edition.name, c.name)):
        editions[place.edition].append((place, counts[place.code]))
    return render(
        request,
        "news/country_index.html",
        {"heading": "Countries", "editions": list(editions.items())},
    )


@require_GET
def author(request: HttpRequest, slug: str) -> HttpResponse:
    writer = get_object_or_404(Author, slug=slug)
    articles = ArticlePage.objects.listed().filter(authors=writer)
    return _listing(request, writer.name, articles, author=writer)


@require_GET
def corrections(request: HttpRequest) -> HttpResponse:
    articles = (
        ArticlePage.objects.live()
        .filter(corrections__isnull=False)
        .distinct()
        .prefetch_related("corrections")
        .order_by("-last_published_at")
    )
    return render(request, "news/corrections.html", {"articles": paginate(request, articles)})


@require_GET
def share_card(request: HttpRequest, page_id: int) -> HttpResponse:
    article = (
        ArticlePage.objects.live()
        .select_related("sector", "primary_country")
        .filter(pk=page_id)
        .first()
    )
    if article is None:
        raise Http404("No such article")
    png = draw_share_card(
        article.title,
        article.sector.name if article.sector else "",
        article.primary_country.name if article.primary_country else "",
        settings.DATELINE_SITE_NAME,
    )
    return HttpResponse(png, content_type="image/png")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        f"Sitemap: {request.build_absolute_uri('/news-sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: only articles first published in the last 48 hours."""
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    articles = (
        ArticlePage.objects.live()
        .filter(first_published_at__gte=since)
        .order_by("-first_published_at")[:NEWS_SITEMAP_LIMIT]
    )
    return render(
        request,
        "news/news_sitemap.xml",
        {"articles": articles, "publication": settings.DATELINE_SITE_NAME},
        content_type="application/xml",
    )
