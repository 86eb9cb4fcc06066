"""Wagtail's database search backend, with relevance ranking that scales on either database.

Wagtail's SQLite (FTS5) backend scores each result with a correlated subquery that runs the
full-text match again for every matching row, so ranking is quadratic in the number of
matches: a common word over 20,000 articles takes minutes. Its PostgreSQL backend joins
every allowed page to its index entry through a text cast no index serves, and scores every
match before the caller's filters apply. Here, on both, the match drives one statement over
the index: each match is scored once, the matches are walked best first and each is looked
up by primary key among the pages the caller's queryset allows, until the requested slice is
full (`ranked_results`). Searches the one-pass ranking does not cover (boolean, boosted,
negated, match-all, fuzzy, per-field) and MySQL are the stock database backend.

Configured in WAGTAILSEARCH_BACKENDS as "dateline.search.backends"; moving to OpenSearch or
Elasticsearch is still a change of that setting only.
"""

from __future__ import annotations

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params: dict):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The stock database backend for this database, with its ranking replaced."""
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite_ranking import RankedSQLiteSearchBackend, SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):
            return RankedSQLiteSearchBackend(params)
    elif connection.vendor == "postgresql":
        from .postgres_ranking import PostgresSearchBackend, RankedPostgresSearchBackend

        if isinstance(backend, PostgresSearchBackend):
            return RankedPostgresSearchBackend(params)
    return backend
