"""Search results ranked in one statement over the index, for this project's database backends.

The backend's query compiler says whether a search can be ranked in one pass
(`ranks_in_one_pass`) and gives the allowed matches, best first (`ranked_entries`): its own
SQL for the matches and their scores, and the way its database walks them in order and
looks each one up among the pages the caller's queryset allows. Results then load only the
requested slice of objects, or none at all: `ranked_pks` hands over just the primary keys
and scores, and `ranked_values` adds a few columns of each page, read in the same statement,
for callers that need those of many matches and would otherwise pay for a model instance
per match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.sql.compiler import SQLCompiler

INTEGER_PKS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
    }
)


def has_integer_pk(model) -> bool:
    """Whether the index's text object ids can be compared to the model's pk as integers."""
    pk = model._meta.pk
    field = pk.target_field if pk.is_relation else pk
    return field.get_internal_type() in INTEGER_PKS


@dataclass(frozen=True)
class Walk:
    """How a database ranks the matches, then keeps the allowed ones in that order.

    `statement` selects `m.object_pk, m.score{selected}` from the matches ({matches}, columns
    object_pk and score) joined by primary key to the allowed pages ({allowed}, alias `a`,
    with column allowed_pk), best first; `no_limit` is what LIMIT takes to mean "all".
    """

    statement: str
    no_limit: str


class RankedEntries:
    """The allowed matches in ranked order, fetched a slice at a time, or counted."""

    def __init__(
        self,
        allowed: QuerySet,
        matches: str,
        params: tuple,
        walk: Walk,
        fields: tuple[str, ...] = (),
    ) -> None:
        self.allowed = allowed.order_by()
        self.matches = matches
        self.params = params
        self.walk = walk
        self.fields = fields

    def _execute(self, sql: str, params: tuple) -> list[tuple]:
        with connections[self.allowed.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _allowed(self, **columns: F) -> tuple[SQLCompiler, str, tuple] | None:
        """The allowed pages' query compiled, with its SQL and parameters; None when the
        filters can match no page at all."""
        compiler = self.allowed.values(allowed_pk=F("pk"), **columns).query.get_compiler(
            self.allowed.db
        )
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        return compiler, sql, tuple(params)

    def __getitem__(self, window: slice) -> list[tuple]:
        start, stop = window.start or 0, window.stop
        columns = {f"value_{n}": F(name) for n, name in enumerate(self.fields)}
        if (allowed := self._allowed(**columns)) is None:
            return []
        compiler, allowed_sql, allowed_params = allowed
        sql = self.walk.statement.format(
            matches=self.matches,
            allowed=allowed_sql,
            selected="".join(f", a.{column}" for column in columns),
        )
        limit = self.walk.no_limit if stop is None else f"{max(stop - start, 0):d}"
        rows = self._execute(
            f"{sql} LIMIT {limit} OFFSET {start:d}", (*self.params, *allowed_params)
        )
        # The database's values as the ORM would give them (aware datetimes on SQLite, say).
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        if not converters:
            return rows
        scores = [score for _, score, *_ in rows]
        converted = compiler.apply_converters(
            ((pk, *values) for pk, _, *values in rows), converters
        )
        return [
            (pk, score, *values) for (pk, *values), score in zip(converted, scores, strict=True)
        ]

    def count(self) -> int:
        if (allowed := self._allowed()) is None:
            return 0
        _, allowed_sql, allowed_params = allowed
        sql = (
            f"SELECT count(*) FROM ({self.matches}) AS m WHERE EXISTS "
            f"(SELECT 1 FROM ({allowed_sql}) AS a WHERE a.allowed_pk = m.object_pk)"
        )
        return self._execute(sql, (*self.params, *allowed_params))[0][0]


class RankedResultsMixin:
    """For a SearchResults class whose query compiler provides the two methods above.

    The backend hands the same results class to its autocomplete compiler (the admin's page,
    image and document searches and the page chooser), which ranks nothing in one pass:
    results from a compiler without `ranks_in_one_pass` take the stock path.
    """

    def _ranks_in_one_pass(self) -> bool:
        ranks = getattr(self.query_compiler, "ranks_in_one_pass", None)
        return ranks is not None and ranks()

    def _entries(self, fields: tuple[str, ...] = ()) -> RankedEntries:
        compiler = self.query_compiler
        return compiler.ranked_entries(compiler.get_config(self.backend), fields)

    def ranked_pks(self) -> list[tuple[Any, float | None]]:
        """(primary key, score) of this slice of the results, best first."""
        return [(pk, score) for pk, score, *_ in self.ranked_values()]

    def ranked_values(self, *fields: str) -> list[tuple]:
        """(primary key, score, *fields) of this slice of the results, best first."""
        compiler = self.query_compiler
        if self._ranks_in_one_pass():
            to_pk = compiler.queryset.model._meta.pk.to_python
            return [
                (to_pk(object_id), score, *values)
                for object_id, score, *values in self._entries(fields)[self.start : self.stop]
            ]
        score_field = self._score_field
        scored = [(obj.pk, getattr(obj, score_field) if score_field else None) for obj in self]
        if not fields:
            return scored
        columns = {
            pk: values
            for pk, *values in compiler.queryset.order_by()
            .filter(pk__in=[pk for pk, _ in scored])
            .values_list("pk", *fields)
        }
        return [(pk, score, *columns[pk]) for pk, score in scored if pk in columns]

    def _do_search(self):
        compiler = self.query_compiler
        if not self._ranks_in_one_pass():
            return super()._do_search()
        ranked = self.ranked_pks()
        loaded = compiler.queryset.order_by().in_bulk([pk for pk, _ in ranked])
        results = []
        for pk, score in ranked:
            if (obj := loaded.get(pk)) is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results

    def _do_count(self):
        if not self._ranks_in_one_pass():
            return super()._do_count()
        return self._entries().count()
