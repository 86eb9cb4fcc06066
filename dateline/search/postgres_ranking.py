"""Relevance ranking for Wagtail's PostgreSQL search backend, driven by the full-text index.

The stock backend starts from the pages: it joins every allowed page to its index entry on
`object_id = page id::varchar`, a join no index serves, so each search reads every article
row; and it leaves the text search configuration unnamed, so PostgreSQL parses the query
again for every match and every ts_rank call. Here the query starts from the index: the
expression index on `title || body` finds the matches, which are scored (the stock ts_rank
expression, with the configuration named) and sorted as bare (id, score) pairs; walking down
that order, each match is checked by primary key against the pages the caller's queryset
allows, until the requested slice is full. Only that slice of pages is loaded.

Sorting before checking matters for common words: checked first, every one of thousands of
matches costs two index probes, and the sort then carries each row's whole index entry;
sorted first, the check runs about as many times as results are asked for.

Imported only on PostgreSQL. See dateline.search.backends for how it is chosen.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from copy import copy
from functools import cache, reduce

from django.db import connections
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from . import languages
from .ranked_results import RankedEntries, RankedResultsMixin, Walk, has_integer_pk

# The stock score of an index entry for one text query: title rank scaled by the title's
# length norm, plus body rank; both weighted as the backend weighs index fields. Written
# out rather than built with the ORM, whose expression building costs more than the query
# itself for a rare word.
MATCHES = (
    "SELECT entry.object_id::integer AS object_pk, "
    "ts_rank(%s::float4[], entry.title, {tsquery}) * entry.title_norm "
    "+ ts_rank(%s::float4[], entry.body, {tsquery}) AS score "
    "FROM {table} AS entry "
    # The same expression as the `title || body` index, so the planner can use it.
    "WHERE entry.content_type_id = ANY(%s) AND (entry.title || entry.body) @@ {tsquery}"
)

# The matches scored and sorted in a subquery kept apart from the rest (`OFFSET 0`), then
# each looked up by primary key among the allowed pages, in that order, until the slice is
# full. The lookup is LATERAL so that a narrowing filter (a sector, an edition) cannot turn
# it into a hash join that reads every page to keep a few hundred matches.
WALK = Walk(
    statement=(
        "SELECT m.object_pk, m.score{selected} "
        "FROM ({matches} ORDER BY score DESC, object_pk DESC OFFSET 0) AS m "
        "CROSS JOIN LATERAL (SELECT * FROM ({allowed}) AS page "
        "WHERE page.allowed_pk = m.object_pk OFFSET 0) AS a "
        "ORDER BY m.score DESC, m.object_pk DESC"
    ),
    no_limit="ALL",
)


@cache
def session_text_search_config(alias: str) -> str:
    """The configuration PostgreSQL uses when none is named, as the index was built with.

    Naming it makes `to_tsquery(config, text)` immutable, so PostgreSQL parses the query
    once instead of once per match and per ts_rank call.
    """
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW default_text_search_config")
        return cursor.fetchone()[0]


class RankedPostgresQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend) -> str:
        return backend.config or session_text_search_config(self.queryset.db)

    def ranks_in_one_pass(self) -> bool:
        """Plain relevance-ordered text or phrase searches over the whole index entry of
        integer-keyed models, scored by one ts_rank per vector; boolean, boosted, negated,
        match-all, fuzzy and per-field searches keep the stock path."""
        return (
            self.order_by_relevance
            and self.fields is None
            and isinstance(self.query, (PlainText, Phrase))
            and has_integer_pk(self.queryset.model)
        )

    def ranked_entries(self, config, fields: tuple[str, ...] = ()) -> RankedEntries:
        """(object id, score, *fields) of every allowed match, best first, ties to the
        higher id; the fields are read from the allowed pages in the same statement."""
        compiler = IndexEntry.objects.all().query.get_compiler(using=self.queryset.db)
        search_query = reduce(
            operator.or_,
            (self.build_tsquery(self.query, config=c) for c in languages.query_configs(config)),
        )
        tsquery, tsquery_params = compiler.compile(search_query.resolve_expression(compiler.query))
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        sql = MATCHES.format(tsquery=tsquery, table=IndexEntry._meta.db_table)
        params = (
            self.sql_weights,
            *tsquery_params,
            self.sql_weights,
            *tsquery_params,
            content_types,
            *tsquery_params,
        )
        return RankedEntries(self.queryset, sql, params, WALK, fields)


class RankedPostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    pass


class LanguageAwarePostgresIndex(PostgresIndex):
    """Index entries built with each article's own language configuration."""

    def add_items(self, model, objs) -> None:
        by_config: dict[str | None, list] = defaultdict(list)
        for obj in objs:
            by_config[languages.config_for(getattr(obj, "language", ""), None)].append(obj)
        languages.note_indexed({obj.language for obj in objs if hasattr(obj, "language")})
        backend = self.backend
        try:
            for config, group in by_config.items():
                if config is not None:
                    self.backend = copy(backend)
                    self.backend.config = config
                super().add_items(model, group)
                self.backend = backend
        finally:
            self.backend = backend


class RankedPostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguageAwarePostgresIndex
    query_compiler_class = RankedPostgresQueryCompiler
    results_class = RankedPostgresSearchResults
