"""Parts of pages that change by the minute, served on their own for the reader's browser.

With `DATELINE_EDGE_INCLUDES` on, pages carry placeholders for these (`data-fragment`, with a
link to the full listing) and `news/rails.js` fetches them from the front cache: a page stays
cached whole for minutes while its Latest and Trending lists, and an article's related
coverage, live seconds, and a publish purges one fragment instead of every page. Varnish
serves each as a plain hit; assembling them into the page on every hit (ESI) cost four cache
lookups per page view. Off (one box, no front cache), the same templates are rendered inline.
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


def fragment_response(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The fragment, kept by the front cache for seconds and revalidated by browsers."""
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
