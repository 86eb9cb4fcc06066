"""Ask the configured Wagtail search backend for matches, then rank them here.

Only Wagtail's search API is used (`PageQuerySet.search`, FilterFields, `annotate_score`), so
moving from the database backend (SQLite FTS5, PostgreSQL full text) to OpenSearch or
Elasticsearch is a change of WAGTAILSEARCH_BACKENDS and nothing else.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db import DatabaseError, transaction
from django.db.models import QuerySet

from dateline.news.models import ArticlePage

from .filters import SearchFilters
from .query import ReaderQuery
from .ranking import CANDIDATE_LIMIT, Candidate, Ranked, rank

logger = logging.getLogger(__name__)

CANDIDATE_FIELDS = ("title", "first_published_at", "sector", "kind")


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
    matches = (
        articles.only(*CANDIDATE_FIELDS)
        .search(text, operator=operator, order_by_relevance=True)
        .annotate_score("_score")[:CANDIDATE_LIMIT]
    )
    return [
        Candidate(
            pk=a.pk,
            headline=a.title,
            published_at=a.first_published_at,
            sector_id=a.sector_id,
            kind=a.kind,
            backend_score=getattr(a, "_score", None),
        )
        for a in matches
    ]


def find(query: ReaderQuery, filters: SearchFilters, now: datetime) -> Outcome:
    """Stories matching every word (or, failing that, any word), best first.

    A backend that still rejects the query (a syntax it could not take, a lost connection)
    gives an empty outcome marked failed, so the reader gets a page saying so, not a 500.
    """
    articles = filters.apply(ArticlePage.objects.live())
    try:
        with transaction.atomic():
            found = _candidates(articles, query.backend_text, "and")
            matched_any = False
            if not found and len(query.terms) > 1:
                found = _candidates(articles, query.backend_text, "or")
                matched_any = bool(found)
    except DatabaseError:
        logger.warning("Search backend rejected query %r", query.backend_text, exc_info=True)
        return Outcome(failed=True)
    return Outcome(ranked=rank(found, query.terms, now), matched_any_word=matched_any)


def articles_in_order(pks: list[int]) -> list[ArticlePage]:
    """Full articles for one page of results, in ranked order, still live at this moment."""
    loaded = ArticlePage.objects.live().filter(pk__in=pks).select_related(
        "sector", "primary_country", "hero_image"
    )
    by_pk = {a.pk: a for a in loaded}
    return [by_pk[pk] for pk in pks if pk in by_pk]
