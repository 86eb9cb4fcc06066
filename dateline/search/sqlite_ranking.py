"""Relevance ranking for Wagtail's SQLite (FTS5) search backend, in one statement.

The stock backend scores each result with a correlated subquery that runs the full-text match
again for every matching row, so ranking is quadratic in the number of matches. Here the FTS5
match drives the statement: each match is scored once (the stock BM25 expression) into a
materialised list, which is then joined by primary key to the pages the caller's queryset
allows, ordered and cut to the requested slice.

The list is materialised without an order of its own: SQLite would otherwise compute the
BM25 score again as the sort key, and that score is most of a common word's cost.

Words are matched twice: as written, in Wagtail's unstemmed table, which holds every entry in
every language; and stemmed as English ("floods" finds "flooding"), in a Porter table that
holds English entries only, so no German or Arabic article is matched by an English stem.
An entry found as written keeps the stock score; one found only by its stem is scored in the
English table. The index keeps the English table current
(`LanguageAwareSQLiteIndex`). Searches that take the stock path (the admin's autocomplete,
boolean queries) read the unstemmed table only.

Imported only on SQLite: the FTS index model it relies on exists on no other database.
See dateline.search.backends for why.
"""

from __future__ import annotations

from django.utils.encoding import force_str
from modelsearch.backends.database.sqlite.query import MatchExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from . import languages
from .ranked_results import RankedEntries, RankedResultsMixin, Walk, has_integer_pk

ENTRIES_TABLE = SQLiteFTSIndexEntry._meta.get_field("index_entry").related_model._meta.db_table
BATCH = 500


def batched(ids: list[str], size: int) -> list[list[str]]:
    """`ids` in runs of at most `size`, under SQLite's limit on parameters per statement."""
    return [ids[n : n + size] for n in range(0, len(ids), size)]


ENGLISH_FTS = "dateline_search_english_fts"

# The stock score for one text query: BM25 over the whole entry, scaled by the title's
# length norm and again unscaled (lower is better).
MATCHES_IN = (
    "SELECT CAST(entry.object_id AS integer) AS object_pk, "
    "bm25({fts}) * entry.title_norm + bm25({fts}) * 1.0 AS score, {stemmed} AS stemmed "
    "FROM {fts} JOIN {{table}} AS entry ON {fts}.rowid = entry.id "
    "WHERE {fts} MATCH %s AND entry.content_type_id IN ({{content_types}})"
)
# Matches as written, then matches by English stem, each entry once: with its score as
# written when it matches so (the stock score), else its score by stem. SQLite takes the bare
# `score` from the row that holds the group's min(stemmed).
MATCHES = (
    "SELECT object_pk, score, min(stemmed) AS stemmed FROM "
    f"({MATCHES_IN.format(fts='{fts}', stemmed=0)} "
    f"UNION ALL {MATCHES_IN.format(fts='{english}', stemmed=1)}) "
    "GROUP BY object_pk"
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
        _, match_params = MatchExpression(
            self.FTS_TABLE_FIELDS, self.build_search_query(self.query, config=config)
        ).as_sql(compiler, compiler.connection)
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        sql = MATCHES.format(
            fts=SQLiteFTSIndexEntry._meta.db_table,
            english=ENGLISH_FTS,
            table=ENTRIES_TABLE,
            content_types=", ".join(["%s"] * len(content_types)),
        )
        params = (*match_params, *content_types) * 2
        return RankedEntries(self.queryset, sql, params, WALK, fields)


class RankedSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    pass


class LanguageAwareSQLiteIndex(SQLiteIndex):
    """Wagtail's index, with English entries copied into the English-stemmed table."""

    def add_items(self, model, objs) -> None:
        objs = list(objs)
        super().add_items(model, objs)
        if not objs or not model.get_search_fields():
            return
        content_type = get_content_type_pk(model)
        every = [force_str(obj.pk) for obj in objs]
        english = [
            force_str(obj.pk) for obj in objs if languages.is_english(getattr(obj, "language", ""))
        ]
        entries = (
            f"SELECT id{{columns}} FROM {ENTRIES_TABLE} "
            "WHERE content_type_id = %s AND object_id IN ({ids})"
        )
        with self.write_connection.cursor() as cursor:
            for chunk in batched(every, BATCH):
                ids = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {ENGLISH_FTS} WHERE rowid IN "
                    f"({entries.format(columns='', ids=ids)})",
                    (content_type, *chunk),
                )
            for chunk in batched(english, BATCH):
                ids = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {ENGLISH_FTS} (rowid, title, body) "
                    f"{entries.format(columns=', title, body', ids=ids)}",
                    (content_type, *chunk),
                )


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = LanguageAwareSQLiteIndex
    query_compiler_class = RankedSQLiteQueryCompiler
    results_class = RankedSQLiteSearchResults
