"""The hot path from a URL to a Wagtail page, in as few queries as a cached page can't avoid.

Wagtail finds a page by looking up the site (one query), its root page and that page's
specific type (two more), then walking down one query per level, then checking view
restrictions on every ancestor (two more, skipped by `view_restrictions` while no page is
private). An article is the page readers ask for most, so
`serve` resolves it in one query by its URL path and hands Wagtail the result through the
per-request attributes Wagtail itself caches (see `wagtail_internals`).
Everything else, from hooks and view restrictions to `serve()`, stays Wagtail's own.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Site

from . import wagtail_internals
from .models import ArticlePage

SITE_SECONDS = 60


def _site_key(request: HttpRequest) -> str:
    hostname = split_domain_port(wagtail_internals.raw_host(request))[0]
    digest = hashlib.blake2s(f"{hostname}:{request.get_port()}".encode(), digest_size=12)
    return f"news:site:v1:{digest.hexdigest()}"


def find_site(request: HttpRequest) -> Site | None:
    """Wagtail's site for this request, remembered for a minute per host and port.

    Sites change once in a newsroom's life (a new domain); a minute's delay is harmless.
    """
    if wagtail_internals.site_known(request):
        return wagtail_internals.known_site(request)
    key = _site_key(request)
    site = cache.get(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page  # noqa: B018 - load it, so the cached copy carries it
            cache.set(key, site, SITE_SECONDS)
    wagtail_internals.remember_site(request, site)
    return site


def find_article(site: Site, path: str) -> ArticlePage | None:
    """The article at `section/slug/` under the site's root."""
    components = [c for c in path.split("/") if c]
    if len(components) != 2:
        return None
    url_path = f"{site.root_page.url_path}{components[0]}/{components[1]}/"
    # No joins: what the sector, country and picture feed is cached with the page's HTML.
    found = ArticlePage.objects.filter(slug=components[1], url_path=url_path).order_by()[:1]
    return found[0] if found else None


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, with the site and any article found the quick way first."""
    site = find_site(request)
    if site is not None and not wagtail_internals.route_known(request):
        article = find_article(site, path)
        if article is not None:
            try:
                wagtail_internals.remember_route(request, article.route(request, []))
            except Http404:
                wagtail_internals.remember_route(request, None)
    return wagtail_views.serve(request, path)
