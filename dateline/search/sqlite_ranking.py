"""Relevance ranking for Wagtail's SQLite (FTS5) search backend, in one pass.

Imported only on SQLite: the FTS index model it relies on exists on no other database.
See dateline.search.backends for why.
"""

from __future__ import annotations

from django.db.models import Exists, F, IntegerField, OuterRef
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .ranked_results import RankedResultsMixin


class RankedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    reads_fields_while_ranking = False

    def ranks_in_one_pass(self) -> bool:
        """Plain relevance-ordered searches; negations and match-all keep the stock path."""
        query = normalize(self.query)
        return self.order_by_relevance and not isinstance(query, (MatchAll, Not))

    def ranked_entries(self, config):
        """(object id, BM25 score) of every allowed match, best first, in one query."""
        query = normalize(self.query)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS,
                                self.build_search_query(query, config=config))
        # Checked per match by primary key (page ids are integers; the index stores text),
        # so a rare word costs a few lookups instead of listing every live page.
        allowed = self.queryset.order_by().filter(
            pk=Cast(OuterRef("index_entry__object_id"), IntegerField())
        )
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(
                self.queryset.model))
            .filter(Exists(allowed))
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
            .order_by("score", F("index_entry__object_id").desc())
            .values_list("index_entry__object_id", "score")
        )


class RankedSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    pass


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteQueryCompiler
    results_class = RankedSQLiteSearchResults
