"""Wagtail's database search backend, with relevance ranking on SQLite that scales.

Wagtail's SQLite (FTS5) backend scores each result with a correlated subquery that runs the
full-text match again for every matching row, so ranking is quadratic in the number of
matches: a common word over 20,000 articles takes minutes. Here the match drives one query
over the index (FTS5 computes BM25 once per match), each match checked by primary key
against the pages the caller's queryset allows, ordered and cut to the requested slice;
only that slice of pages is loaded. Everything else, PostgreSQL included, is the stock
database backend.

Configured in WAGTAILSEARCH_BACKENDS as "dateline.search.backends"; moving to OpenSearch or
Elasticsearch is still a change of that setting only.
"""

from __future__ import annotations

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params: dict):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The stock database backend for this database, with the SQLite ranking replaced."""
    backend = DatabaseSearchBackend(params)
    if connection.vendor != "sqlite":
        return backend
    from .sqlite_ranking import RankedSQLiteSearchBackend, SQLiteSearchBackend

    if isinstance(backend, SQLiteSearchBackend):
        return RankedSQLiteSearchBackend(params)
    return backend
