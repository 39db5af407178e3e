"""PostgreSQL: the hidden weighted tsvector column search_vector with a GIN index on events
(offers have theirs since 0003), written by offers.search from Python lexemes. The SQL fold
function of 0003 is no longer used: documents and queries are built in Python for both
backends. Run offers.search.refresh_search_index for offers and events after migrating."""

import importlib

from django.db import migrations

# Going back restores the function as 0003 created it.
FOLD_FUNCTION_SQL = importlib.import_module("offers.migrations.0003_offer_search").FOLD_FUNCTION_SQL


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE offers_event ADD COLUMN search_vector tsvector")
    schema_editor.execute(
        "CREATE INDEX event_search_vector_idx ON offers_event USING gin (search_vector)"
    )
    schema_editor.execute("DROP FUNCTION IF EXISTS offers_search_fold(text)")


def drop_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS event_search_vector_idx")
    schema_editor.execute("ALTER TABLE offers_event DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(FOLD_FUNCTION_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0008_located_model_municipality"),
    ]

    operations = [migrations.RunPython(add_vector, drop_vector)]
