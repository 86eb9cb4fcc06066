"""The configured search backend: one-pass ranking on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from modelsearch.backends.database import SearchBackend as StockDatabaseBackend
from wagtail.search.backends import get_search_backend
from wagtail.search.query import MATCH_ALL

from dateline.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_backend_follows_the_database():
    backend = get_search_backend()
    expected = {"sqlite": "RankedSQLiteSearchBackend", "postgresql": "RankedPostgresSearchBackend"}[
        connection.vendor
    ]
    assert type(backend).__name__ == expected


@pytest.fixture
def port_stories(publish_article):
    return [
        publish_article(title="Port strike ends", slug="a", sector="transport"),
        publish_article(
            title="Port fees rise",
            slug="b",
            sector="economy-business",
            standfirst="The port authority raised port fees.",
            body="<p>Port users pay more at the port.</p>",
        ),
        publish_article(title="New port cranes arrive", slug="c", sector="transport"),
        publish_article(title="Rain floods the valley", slug="d", sector="transport"),
    ]


def test_results_respect_the_queryset_slices_and_count(port_stories):
    transport = ArticlePage.objects.live().filter(sector_id=port_stories[0].sector_id)
    results = transport.search("port").annotate_score("_score")
    found = list(results)
    assert {a.slug for a in found} == {"a", "c"}
    assert results.count() == 2
    assert [a.slug for a in results[1:2]] == [found[1].slug]
    scores = [abs(a._score) for a in found]
    assert scores == sorted(scores, reverse=True) and all(scores)


def test_best_match_first_and_withdrawn_pages_excluded(port_stories):
    assert [a.slug for a in ArticlePage.objects.live().search("port")][0] == "b"
    port_stories[1].unpublish()
    assert {a.slug for a in ArticlePage.objects.live().search("port")} == {"a", "c"}


def test_match_all_and_unordered_searches_keep_working(port_stories):
    assert ArticlePage.objects.live().search(MATCH_ALL).count() == 4
    unordered = ArticlePage.objects.live().search("port", order_by_relevance=False)
    assert {a.slug for a in unordered} == {"a", "b", "c"}


def test_same_order_and_scores_as_the_stock_backend_with_filters(port_stories, publish_article):
    publish_article(
        title="Port talks stall",
        slug="e",
        sector="transport",
        standfirst="Port unions and the port authority met.",
        country="GB",
    )
    stock = StockDatabaseBackend({})
    transport = ArticlePage.objects.live().filter(sector_id=port_stories[0].sector_id)
    for queryset in (ArticlePage.objects.live(), transport, transport.filter(kind="news")):
        ours = list(queryset.search("port rise", operator="or").annotate_score("_score"))
        theirs = list(stock.search("port rise", queryset, operator="or").annotate_score("_score"))
        assert [a.slug for a in ours] == [a.slug for a in theirs]
        assert [a._score for a in ours] == pytest.approx([a._score for a in theirs])


def test_ranked_pks_are_the_results_without_loading_them(port_stories):
    results = ArticlePage.objects.live().search("port").annotate_score("_score")
    loaded = [(a.pk, a._score) for a in results[:2]]
    assert results[:2].ranked_pks() == loaded
    assert len(ArticlePage.objects.live().search("port")[1:].ranked_pks()) == 2


def test_ranked_values_are_the_columns_of_the_ranked_results(port_stories):
    results = ArticlePage.objects.live().search("port").annotate_score("_score")
    loaded = [(a.pk, a._score, a.title, a.kind) for a in results]
    assert results.ranked_values("title", "kind") == loaded
    assert results[1:].ranked_values("title") == [row[:3] for row in loaded[1:]]


def test_filters_that_allow_no_page_find_nothing(port_stories):
    nothing = ArticlePage.objects.live().filter(primary_country_id__in=[])
    results = nothing.search("port").annotate_score("_score")
    assert list(results) == [] and results.count() == 0
    assert results.ranked_values("title") == []


def test_narrow_filter_over_a_common_word_keeps_rank_order(publish_article):
    """Many matches, few of them allowed: the allowed ones still come best first."""
    for n in range(12):
        publish_article(
            title=f"Port story {n}",
            slug=f"p{n}",
            sector="transport" if n % 4 == 0 else "economy-business",
            body="<p>" + "port " * (n + 1) + "</p>",
        )
    transport = ArticlePage.objects.live().filter(
        sector_id=ArticlePage.objects.get(slug="p0").sector_id
    )
    stock = StockDatabaseBackend({})
    ours = [(a.slug, a._score) for a in transport.search("port").annotate_score("_score")]
    theirs = [(a.slug, a._score) for a in stock.search("port", transport).annotate_score("_score")]
    assert [s for s, _ in ours] == [s for s, _ in theirs]
    assert {s for s, _ in ours} == {"p0", "p4", "p8"}
