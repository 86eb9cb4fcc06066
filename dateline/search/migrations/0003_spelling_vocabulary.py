"""What typo tolerance looks words up in, on each database.

PostgreSQL: the pg_trgm extension, and a trigram index on the plain text of indexed headlines
(`title_text`), so a misspelt word finds the headlines holding a word like it without reading
them all. SQLite: an FTS5 vocabulary table over Wagtail's unstemmed full-text table, which
lists every indexed word with the number of entries using it.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

ENTRIES = "wagtailsearch_indexentry"
TRIGRAM_INDEX = "dateline_search_title_trgm"
VOCABULARY = "dateline_search_vocabulary"


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {ENTRIES} "
            "USING gin (title_text gin_trgm_ops)"
        )
    elif connection.vendor == "sqlite" and f"{ENTRIES}_fts" in (
        connection.introspection.table_names()
    ):
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} "
            f"USING fts5vocab({ENTRIES}_fts, row)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {VOCABULARY}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_english_stemmed_fts")]
    # TrigramExtension does nothing on databases other than PostgreSQL.
    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
