"""Relevance ranking for Wagtail's SQLite (FTS5) search backend, in one statement.

The stock backend scores each result with a correlated subquery that runs the full-text match
again for every matching row, so ranking is quadratic in the number of matches. Here the FTS5
match drives the statement: each match is scored once (the stock BM25 expression) into a
materialised list, which is then joined by primary key to the pages the caller's queryset
allows, ordered and cut to the requested slice.

The list is materialised without an order of its own: SQLite would otherwise compute the
BM25 score again as the sort key, and that score is most of a common word's cost.

Imported only on SQLite: the FTS index model it relies on exists on no other database.
See dateline.search.backends for why.
"""

from __future__ import annotations

from modelsearch.backends.database.sqlite.query import MatchExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from .ranked_results import RankedEntries, RankedResultsMixin, Walk, has_integer_pk

# The stock score for one text query: BM25 over the whole entry, scaled by the title's
# length norm and again unscaled (lower is better).
MATCHES = (
    "SELECT CAST(entry.object_id AS integer) AS object_pk, "
    "bm25({fts}) * entry.title_norm + bm25({fts}) * 1.0 AS score "
    "FROM {fts} JOIN {table} AS entry ON {fts}.rowid = entry.id "
    "WHERE {match} AND entry.content_type_id IN ({content_types})"
)

WALK = Walk(
    statement=(
        "SELECT m.object_pk, m.score{selected} "
        "FROM ({matches} LIMIT -1 OFFSET 0) AS m "
        "JOIN ({allowed}) AS a ON a.allowed_pk = m.object_pk "
        "ORDER BY m.score, m.object_pk DESC"
    ),
    no_limit="-1",
)


class RankedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    def ranks_in_one_pass(self) -> bool:
        """Plain relevance-ordered text or phrase searches over the whole index entry,
        scored by BM25 alone; boolean, boosted, negated, match-all and per-field searches
        keep the stock path."""
        return (
            self.order_by_relevance
            and self.fields is None
            and isinstance(self.query, (PlainText, Phrase))
            and has_integer_pk(self.queryset.model)
        )

    def ranked_entries(self, config, fields: tuple[str, ...] = ()) -> RankedEntries:
        """(object id, BM25 score, *fields) of every allowed match, best first, ties to the
        higher id; the fields are read from the allowed pages in the same statement."""
        compiler = SQLiteFTSIndexEntry.objects.all().query.get_compiler(using=self.queryset.db)
        match, match_params = MatchExpression(
            self.FTS_TABLE_FIELDS, self.build_search_query(self.query, config=config)
        ).as_sql(compiler, compiler.connection)
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        sql = MATCHES.format(
            fts=SQLiteFTSIndexEntry._meta.db_table,
            table=SQLiteFTSIndexEntry._meta.get_field("index_entry").related_model._meta.db_table,
            match=match,
            content_types=", ".join(["%s"] * len(content_types)),
        )
        return RankedEntries(self.queryset, sql, (*match_params, *content_types), WALK, fields)


class RankedSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    pass


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteQueryCompiler
    results_class = RankedSQLiteSearchResults
