"""PostgreSQL: index the combined title and body vectors that Wagtail's search matches on.

Wagtail's PostgreSQL backend filters on `title || body @@ query`, which neither of its
per-column GIN indexes can serve, so every search scanned the whole index table. This
expression index serves that filter. Nothing is done on other databases.
"""

from django.db import migrations

INDEX = "dateline_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]
    operations = [migrations.RunPython(create, drop)]
