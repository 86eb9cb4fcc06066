"""The public search page, /search/: the same answer for every reader, so front caches keep it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

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
from dateline.news.routing import find_site

from . import spelling
from .choices import FilterChoices, filter_choices
from .engine import Outcome, articles_in_order, find
from .filters import SearchFilters, SearchLinks, filter_options
from .highlight import mark, plain_text, snippet, term_pattern
from .query import ReaderQuery, parse_query

# Results change as stories are published; a short shared lifetime keeps them current.
SEARCH_CACHE_SECONDS = 60
# Fewer stories than this for the words as typed, and a corrected spelling is offered.
FEW_RESULTS = 3


@dataclass(frozen=True)
class Hit:
    article: ArticlePage
    url: str
    kicker: str
    country: str
    headline: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str


def _hits(
    request: HttpRequest, articles: list[ArticlePage], query: ReaderQuery, choices: FilterChoices
) -> list[Hit]:
    """Each article with its labels, marked headline and snippet.

    Sector and country names come from the cached taxonomies, not joins; the body's text
    is worked out only when the standfirst has no match; URLs are asked with the request,
    which keeps the site and its root paths for every link of the page.
    """
    find_site(request)  # the site from the shared cache, kept on the request for get_url
    pattern = term_pattern(query.terms)
    kinds = dict(choices.kinds)
    hits = []
    for a in articles:
        sector = choices.sector_by_pk(a.sector_id)
        country = choices.country_by_pk(a.primary_country_id)
        hits.append(
            Hit(
                a,
                a.get_url(request),
                sector.name if sector else kinds.get(a.kind, ""),
                country.name if country else "",
                mark(a.title, pattern),
                snippet([a.standfirst, partial(plain_text, a.body)], pattern),
            )
        )
    return hits


def _facets(
    outcome: Outcome, links: SearchLinks, filters: SearchFilters, choices: FilterChoices
) -> dict[str, list[FacetLink]]:
    sectors = []
    if not filters.sector:
        for pk, count in outcome.facet("sector_id").most_common():
            if sector := choices.sector_by_pk(pk):
                sectors.append(FacetLink(sector.name, count, links.url(sector=sector.slug)))
    kinds = []
    if not filters.kind:
        labels = dict(choices.kinds)
        for kind, count in outcome.facet("kind").most_common():
            if kind in labels:
                kinds.append(FacetLink(labels[kind], count, links.url(kind=kind)))
    return {"sectors": sectors, "kinds": kinds}


def _active_filters(
    links: SearchLinks, filters: SearchFilters, choices: FilterChoices
) -> list[FacetLink]:
    """Each filter in use, with a link that removes just that one."""
    params = links.filters
    labels = {
        "sector": filters.sector.name if filters.sector else "",
        "country": filters.country.name if filters.country else "",
        "edition": filters.edition.name if filters.edition else "",
        "kind": dict(choices.kinds).get(filters.kind, ""),
        "from": f"From {params.get('from', '')}",
        "to": f"To {params.get('to', '')}",
    }
    return [FacetLink(labels[name], 0, links.url(**{name: ""})) for name in params]


def _with_spelling_corrected(
    query: ReaderQuery,
    filters: SearchFilters,
    outcome: Outcome,
    context: dict,
    links: SearchLinks,
) -> tuple[Outcome, ReaderQuery]:
    """When the search found nothing, or matched only some of the words, the search again
    with misspelt words corrected: if that finds stories with every word, they are shown, and
    the page says so and links to the words as typed. When it found only a few stories, the
    corrected words are offered ("Did you mean") and the results stay as typed."""
    if outcome.failed or (outcome.ranked and not outcome.matched_any_word and not few(outcome)):
        return outcome, query
    fixed = spelling.corrected(query.terms)
    if fixed is None:
        return outcome, query
    fixed_query = ReaderQuery(text=" ".join(fixed), terms=fixed)
    retried = find(fixed_query, filters, timezone.now())
    if outcome.ranked and not outcome.matched_any_word:
        if len(retried.ranked) > len(outcome.ranked) and not retried.matched_any_word:
            context.update(suggested=fixed_query, suggested_url=links.url(q=fixed_query.text))
        return outcome, query
    if not retried.ranked or (outcome.ranked and retried.matched_any_word):
        return outcome, query
    context.update(typed_query=query, exact_url=links.url(exact=1))
    return retried, fixed_query


def few(outcome: Outcome) -> bool:
    """Too few stories for the reader to be sure the words were the ones meant."""
    return len(outcome.ranked) < FEW_RESULTS


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    choices = filter_choices()
    query = parse_query(request.GET.get("q"))
    filters = SearchFilters.from_params(request.GET, choices)
    links = SearchLinks(query.text, filters.params())
    context: dict = {
        "query": query,
        "typed": bool(query.text),
        "filters": filters,
        "options": filter_options(choices, filters),
        "active_filters": _active_filters(links, filters, choices),
        "clear_url": links.without_filters(),
    }
    if not query.is_empty:
        outcome = find(query, filters, timezone.now())
        if not request.GET.get("exact"):
            outcome, query = _with_spelling_corrected(query, filters, outcome, context, links)
            context["query"] = query
        page = Paginator(outcome.ranked, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = articles_in_order([r.candidate.pk for r in page])
        context.update(
            outcome=outcome,
            page=page,
            hits=_hits(request, shown, query, choices),
            total=len(outcome.ranked),
            facets=_facets(outcome, links, filters, choices),
        )
    elif not filters.is_empty:
        listed = filters.apply(ArticlePage.objects.listed())
        page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            hits=_hits(request, list(page), query, choices),
            total=page.paginator.count,
            browsing=True,
        )
    if page := context.get("page"):
        context["prev_url"] = (
            links.url(page=page.previous_page_number()) if page.has_previous() else ""
        )
        context["next_url"] = links.url(page=page.next_page_number()) if page.has_next() else ""
    response = render(request, "search/results.html", context)
    patch_cache_control(
        response,
        public=True,
        max_age=SEARCH_CACHE_SECONDS // 2,
        s_maxage=min(SEARCH_CACHE_SECONDS, settings.DATELINE_CACHE_SECONDS),
    )
    response["X-Robots-Tag"] = "noindex"
    return response
