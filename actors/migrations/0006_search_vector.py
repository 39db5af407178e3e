"""PostgreSQL: the hidden weighted tsvector column search_vector with a GIN index on actors and
working groups, written by offers.search from the same Python lexemes as SQLite's search_text
(run offers.search.refresh_search_index for each model after migrating). Nothing on SQLite."""

from django.db import migrations

TABLES = (("actors_actor", "actor_search_vector_idx"), ("actors_workinggroup", "workinggroup_search_vector_idx"))


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector")
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0005_located_model_municipality"),
    ]

    operations = [migrations.RunPython(add_vectors, drop_vectors)]
