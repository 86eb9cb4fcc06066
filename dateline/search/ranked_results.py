"""Search results ranked in one query over the index, for this project's database backends.

The backend's query compiler says whether a search can be ranked in one pass
(`ranks_in_one_pass`) and gives the allowed matches' (object id, score), best first
(`ranked_entries`). Results then load only the requested slice of objects, or none at all:
`ranked_pks` hands over just the primary keys and scores, and `ranked_values` adds a few
columns, for callers that need those of many matches and would otherwise pay for a model
instance per match. A compiler whose `ranked_entries` takes the fields reads them in the
ranking statement itself; otherwise they come in one more query.
"""

from __future__ import annotations

from typing import Any


class RankedResultsMixin:
    """For a SearchResults class whose query compiler provides the two methods above."""

    def ranked_pks(self) -> list[tuple[Any, float | None]]:
        """(primary key, score) of this slice of the results, best first."""
        compiler = self.query_compiler
        if not compiler.ranks_in_one_pass():
            score_field = self._score_field
            return [(obj.pk, getattr(obj, score_field) if score_field else None) for obj in self]
        to_pk = compiler.queryset.model._meta.pk.to_python
        entries = compiler.ranked_entries(compiler.get_config(self.backend))
        return [(to_pk(object_id), score) for object_id, score in entries[self.start:self.stop]]

    def ranked_values(self, *fields: str) -> list[tuple]:
        """(primary key, score, *fields) of this slice of the results, best first."""
        compiler = self.query_compiler
        if compiler.ranks_in_one_pass() and compiler.reads_fields_while_ranking:
            to_pk = compiler.queryset.model._meta.pk.to_python
            entries = compiler.ranked_entries(compiler.get_config(self.backend), fields)
            return [(to_pk(object_id), score, *values)
                    for object_id, score, *values in entries[self.start:self.stop]]
        scored = self.ranked_pks()
        columns = {pk: values for pk, *values in compiler.queryset.order_by().filter(
            pk__in=[pk for pk, _ in scored]).values_list("pk", *fields)}
        return [(pk, score, *columns[pk]) for pk, score in scored if pk in columns]

    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.ranks_in_one_pass():
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
        compiler = self.query_compiler
        if not compiler.ranks_in_one_pass():
            return super()._do_count()
        return compiler.ranked_entries(compiler.get_config(self.backend)).count()
