from django.db import migrations

from articles.core import search


def create_index(apps, schema_editor):
    search.create_index(schema_editor.connection)


def drop_index(apps, schema_editor):
    search.drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    """Full-text search: FTS5 tables on SQLite, weighted tsvector columns on PostgreSQL."""

    dependencies = [
        ("articles", "0002_history"),
        ("comparisons", "0002_history"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
