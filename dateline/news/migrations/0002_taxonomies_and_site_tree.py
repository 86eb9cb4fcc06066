"""Seed the sectors, editions and countries, and replace Wagtail's welcome page with the site tree."""

from django.db import migrations

from dateline.news.site_tree import build_site_tree, seed_taxonomies


def seed(apps, schema_editor):
    seed_taxonomies(apps)


def tree(apps, schema_editor):
    build_site_tree(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(tree, migrations.RunPython.noop),
    ]
