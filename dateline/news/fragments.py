"""Parts of pages that change by the minute, served on their own for edge includes.

With `DATELINE_EDGE_INCLUDES` on, pages carry `<esi:include>` tags for these and Varnish
assembles them: a page stays cached for minutes while its Latest and Trending lists, and an
article's related coverage, live seconds, and a publish purges one fragment instead of every
page. Off (one box, no front cache), the same templates are rendered inline.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .models import ArticlePage
from .related import related_coverage


def edge_includes(request: HttpRequest) -> dict:
    """Template context: whether pages leave their fragments to the front cache."""
    return {"edge_includes": settings.DATELINE_EDGE_INCLUDES}


def mark_edge_includes(response: HttpResponse) -> None:
    """Tell the front cache to assemble this page (Edge Architecture's Surrogate-Control).

    Only HTML is marked, so feeds, sitemaps and images are never parsed for includes.
    """
    if settings.DATELINE_EDGE_INCLUDES and response.get("Content-Type", "").startswith("text/html"):
        response["Surrogate-Control"] = 'content="ESI/1.0"'


def fragment_response(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    response = render(request, template, context)
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.DATELINE_FRAGMENT_SECONDS
    )
    return response


@require_GET
def latest(request: HttpRequest) -> HttpResponse:
    return fragment_response(request, "news/includes/latest.html", {})


@require_GET
def related(request: HttpRequest, page_id: int) -> HttpResponse:
    """An article's related coverage, which changes whenever a story of its country is
    published or killed: the article page stays cached while this lives seconds."""
    article = (
        ArticlePage.objects.live()
        .public()
        .select_related("primary_country")
        .filter(pk=page_id)
        .first()
    )
    if article is None:
        raise Http404("No such article")
    context = {"page": article, **related_coverage(article)}
    return fragment_response(request, "news/includes/related.html", context)
