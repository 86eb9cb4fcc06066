"""Ask the configured Wagtail search backend for matches, then rank them here.

Only Wagtail's search API is used (`PageQuerySet.search`, FilterFields, `annotate_score`), so
moving from the database backend (SQLite FTS5, PostgreSQL full text) to OpenSearch or
Elasticsearch is a change of WAGTAILSEARCH_BACKENDS and nothing else.
"""

from __future__ import annotations

import logging
from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime

from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from dateline.news.models import ArticlePage

from .filters import SearchFilters
from .query import ReaderQuery
from .ranking import CANDIDATE_LIMIT, Candidate, Ranked, rank

logger = logging.getLogger(__name__)

CANDIDATE_FIELDS = ("title", "first_published_at", "sector_id", "kind")


@dataclass(frozen=True)
class Outcome:
    """Ranked matches and what the page tells the reader about them."""

    ranked: list[Ranked] = field(default_factory=list)
    matched_any_word: bool = False
    failed: bool = False

    @property
    def capped(self) -> bool:
        return len(self.ranked) >= CANDIDATE_LIMIT

    def facet(self, attribute: str) -> Counter:
        """How many of the matches fall in each sector or kind, for the narrowing links."""
        return Counter(getattr(r.candidate, attribute) for r in self.ranked)


def _candidates(articles: QuerySet, text: str, operator: str) -> list[Candidate]:
    """The backend's best CANDIDATE_LIMIT matches, with what ranking and facets need.

    This project's database backends hand over primary keys, scores and the few columns
    needed (`ranked_values`): building a page instance for each of a hundred matches costs
    more than the columns. Other backends (OpenSearch, Elasticsearch) hand over the pages.
    """
    results = (
        articles.only(*CANDIDATE_FIELDS)
        .search(text, operator=operator, order_by_relevance=True)
        .annotate_score("_score")[:CANDIDATE_LIMIT]
    )
    if not hasattr(results, "ranked_values"):
        return [
            Candidate(
                a.pk, a.title, a.first_published_at, a.sector_id, a.kind, getattr(a, "_score", None)
            )
            for a in results
        ]
    return [
        Candidate(pk, *values, score)
        for pk, score, *values in results.ranked_values(*CANDIDATE_FIELDS)
    ]


def _rejection_contained() -> AbstractContextManager:
    """A savepoint inside a transaction, so a rejected query leaves it usable. Outside one
    (autocommit, as pages are served) a rejected query harms nothing, and a transaction
    would cost a BEGIN and a COMMIT per search and, on SQLite, whose transactions here
    begin IMMEDIATE, the database's write lock."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def find(query: ReaderQuery, filters: SearchFilters, now: datetime) -> Outcome:
    """Stories matching every word (or, failing that, any word), best first.

    A backend that still rejects the query (a syntax it could not take, a lost connection)
    gives an empty outcome marked failed, so the reader gets a page saying so, not a 500.
    """
    articles = filters.apply(ArticlePage.objects.live())
    try:
        with _rejection_contained():
            found = _candidates(articles, query.backend_text, "and")
            matched_any = False
            if not found and len(query.terms) > 1:
                found = _candidates(articles, query.backend_text, "or")
                matched_any = bool(found)
    except DatabaseError:
        logger.warning("Search backend rejected query %r", query.backend_text, exc_info=True)
        return Outcome(failed=True)
    return Outcome(ranked=rank(found, query.terms, now), matched_any_word=matched_any)


# What a result shows: headline, link, labels, standfirst or body for the snippet, date, and
# the language its words are marked with.
RESULT_FIELDS = (
    "title",
    "url_path",
    "sector_id",
    "primary_country_id",
    "kind",
    "standfirst",
    "body",
    "first_published_at",
    "created_at",
    "language",
)


def articles_in_order(pks: list[int]) -> list[ArticlePage]:
    """The articles of one page of results, in ranked order, still live at this moment."""
    loaded = ArticlePage.objects.live().filter(pk__in=pks).only(*RESULT_FIELDS).order_by()
    by_pk = {a.pk: a for a in loaded}
    return [by_pk[pk] for pk in pks if pk in by_pk]
