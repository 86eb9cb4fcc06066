"""Relevance ranking for Wagtail's PostgreSQL search backend, driven by the full-text index.

The stock backend starts from the pages: it joins every allowed page to its index entry on
`object_id = page id::varchar`, a join no index serves, so each search reads every article
row; and it leaves the text search configuration unnamed, so PostgreSQL parses the query
again for every match and every ts_rank call. Here the query starts from the index: the
expression index on `title || body` finds the matches, each match is checked by primary key
against the pages the caller's queryset allows, and the allowed ones are scored (the stock
ts_rank expression, with the configuration named), ordered and cut to the requested slice.
Only that slice of pages is loaded.

Imported only on PostgreSQL. See dateline.search.backends for how it is chosen.
"""

from __future__ import annotations

from functools import cache

from django.contrib.postgres.search import SearchVectorField
from django.db import connections
from django.db.models import Exists, F, IntegerField, OuterRef, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from .ranked_results import RankedResultsMixin

INTEGER_PKS = frozenset({"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                         "BigIntegerField", "PositiveIntegerField"})


def has_integer_pk(model) -> bool:
    """Whether the index's text object ids can be compared to the model's pk as integers."""
    pk = model._meta.pk
    field = pk.target_field if pk.is_relation else pk
    return field.get_internal_type() in INTEGER_PKS


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
        """Plain relevance-ordered searches over the whole index entry of integer-keyed
        models; negations, match-all, fuzzy and per-field searches keep the stock path."""
        return (self.order_by_relevance and self.fields is None
                and not isinstance(self.query, (MatchAll, Not, Fuzzy))
                and has_integer_pk(self.queryset.model))

    def ranked_entries(self, config) -> QuerySet:
        """(object id, score) of every allowed match, best first, ties to the higher id."""
        search_query = self.build_tsquery(self.query, config=config)
        vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
        # The same expression as the `title || body` index, so the planner can use it.
        combined = CombinedExpression(F("title"), "||", F("body"),
                                      output_field=SearchVectorField())
        object_pk = Cast("object_id", IntegerField())
        allowed = self.queryset.order_by().filter(pk=OuterRef("object_pk"))
        return (
            IndexEntry.objects.filter(content_type_id__in=get_descendants_content_types_pks(
                self.queryset.model))
            .alias(vector=combined)
            .filter(vector=search_query)
            .annotate(object_pk=object_pk)
            .filter(Exists(allowed))
            .annotate(score=self._build_rank_expression(vectors, config))
            .order_by(F("score").desc(), F("object_pk").desc())
            .values_list("object_pk", "score")
        )


class RankedPostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    pass


class RankedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresQueryCompiler
    results_class = RankedPostgresSearchResults
