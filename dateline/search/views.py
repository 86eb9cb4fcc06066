"""The public search page, /search/: the same answer for every reader, so front caches keep it."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from dateline.news.models import ArticlePage
from dateline.news.models.pages import PAGE_SIZE

from .engine import Outcome, articles_in_order, find
from .filters import (
    FilterChoices,
    SearchFilters,
    filter_choices,
    filter_options,
    search_url,
)
from .highlight import mark, plain_text, snippet, term_pattern
from .query import ReaderQuery, parse_query

# Results change as stories are published; a short shared lifetime keeps them current.
SEARCH_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Hit:
    article: ArticlePage
    headline: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str


def _hits(articles: list[ArticlePage], query: ReaderQuery) -> list[Hit]:
    pattern = term_pattern(query.terms)
    return [
        Hit(a, mark(a.title, pattern), snippet([a.standfirst, plain_text(a.body)], pattern))
        for a in articles
    ]


def _facets(outcome: Outcome, query: ReaderQuery, filters: SearchFilters,
            choices: FilterChoices) -> dict[str, list[FacetLink]]:
    params = filters.params()
    sectors = []
    if not filters.sector:
        for pk, count in outcome.facet("sector_id").most_common():
            if sector := choices.sector_by_pk(pk):
                sectors.append(FacetLink(sector.name, count,
                                         search_url(query.text, params, sector=sector.slug)))
    kinds = []
    if not filters.kind:
        labels = dict(choices.kinds)
        for kind, count in outcome.facet("kind").most_common():
            if kind in labels:
                kinds.append(FacetLink(labels[kind], count,
                                       search_url(query.text, params, kind=kind)))
    return {"sectors": sectors, "kinds": kinds}


def _active_filters(query: ReaderQuery, filters: SearchFilters,
                    choices: FilterChoices) -> list[FacetLink]:
    """Each filter in use, with a link that removes just that one."""
    params = filters.params()
    labels = {
        "sector": filters.sector.name if filters.sector else "",
        "country": filters.country.name if filters.country else "",
        "edition": filters.edition.name if filters.edition else "",
        "kind": dict(choices.kinds).get(filters.kind, ""),
        "from": f"From {params.get('from', '')}",
        "to": f"To {params.get('to', '')}",
    }
    return [FacetLink(labels[name], 0, search_url(query.text, params, **{name: ""}))
            for name in params]


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    choices = filter_choices()
    query = parse_query(request.GET.get("q"))
    filters = SearchFilters.from_params(request.GET, choices)
    params = filters.params()
    context: dict = {
        "query": query,
        "typed": bool(query.text),
        "filters": filters,
        "options": filter_options(choices, filters),
        "active_filters": _active_filters(query, filters, choices),
        "clear_url": search_url(query.text, {}),
    }
    if not query.is_empty:
        outcome = find(query, filters, timezone.now())
        page = Paginator(outcome.ranked, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = articles_in_order([r.candidate.pk for r in page])
        context.update(outcome=outcome, page=page, hits=_hits(shown, query),
                       total=len(outcome.ranked),
                       facets=_facets(outcome, query, filters, choices))
    elif not filters.is_empty:
        listed = filters.apply(ArticlePage.objects.listed())
        page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page=page, hits=_hits(list(page), query), total=page.paginator.count,
                       browsing=True)
    if page := context.get("page"):
        context["prev_url"] = (search_url(query.text, params, page=page.previous_page_number())
                               if page.has_previous() else "")
        context["next_url"] = (search_url(query.text, params, page=page.next_page_number())
                               if page.has_next() else "")
    response = render(request, "search/results.html", context)
    patch_cache_control(response, public=True, max_age=SEARCH_CACHE_SECONDS // 2,
                        s_maxage=min(SEARCH_CACHE_SECONDS, settings.DATELINE_CACHE_SECONDS))
    response["X-Robots-Tag"] = "noindex"
    return response
