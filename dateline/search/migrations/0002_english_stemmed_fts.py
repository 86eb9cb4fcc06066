"""SQLite: a second full-text table, stemmed as English, holding only English index entries.

Wagtail's FTS5 table (`wagtailsearch_indexentry_fts`) splits words on Unicode rules and
stems nothing, so there "floods" never found "flooding". FTS5 takes one tokenizer per table,
and the Porter stemmer is English: run over German or over Latin words quoted in Arabic copy
it makes false matches ("Borders" read as "border"). So English entries are copied into this
Porter table as well; other languages stay only in the unstemmed one. The search index keeps
the copy current (dateline.search.sqlite_ranking); a trigger drops it with its entry.
Nothing is done on other databases.
"""

from django.db import migrations

TABLE = "dateline_search_english_fts"
ENTRIES = "wagtailsearch_indexentry"
TRIGGER = "dateline_search_english_fts_delete"


def _has_stock_fts(schema_editor) -> bool:
    if schema_editor.connection.vendor != "sqlite":
        return False
    return f"{ENTRIES}_fts" in schema_editor.connection.introspection.table_names()


def create(apps, schema_editor):
    if not _has_stock_fts(schema_editor):
        return
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} AFTER DELETE ON {ENTRIES} "
        f"BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id; END"
    )
    # Entries already indexed: all but articles in another language.
    schema_editor.execute(
        f"INSERT INTO {TABLE} (rowid, title, body) "
        f"SELECT entry.id, entry.title, entry.body FROM {ENTRIES} AS entry "
        "WHERE NOT EXISTS (SELECT 1 FROM news_articlepage AS article "
        "JOIN django_content_type AS ct ON ct.app_label = 'news' AND ct.model = 'articlepage' "
        "WHERE entry.content_type_id = ct.id "
        "AND CAST(article.page_ptr_id AS text) = entry.object_id "
        "AND lower(article.language) != 'en' AND lower(article.language) NOT GLOB 'en-*')"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_title_body_index"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("news", "0003_articlepage_language"),
    ]
    operations = [migrations.RunPython(create, drop)]
