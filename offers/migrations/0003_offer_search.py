"""Full-text search of offers (see offers/search.py).

Both backends: the column offers_offer.search_text (SQLite's search document) and the word list
offers_search_word behind "Meinten Sie …?". PostgreSQL only: the extensions unaccent and pg_trgm,
the function offers_search_fold(), the hidden tsvector column offers_offer.search_vector with a
GIN index, and a trigram index on the word list.
"""

from django.db import migrations, models


# The twin of offers.search.fold(): change both together.
FOLD_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION offers_search_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(
    regexp_replace(
      replace(replace(replace(lower(unaccent('unaccent'::regdictionary, $1)),
        'ae', 'a'), 'oe', 'o'), 'ue', 'u'),
      '([[:alnum:]][[:alnum:]][aoy])s\M', '\1', 'g'),
    '[^[:alnum:]\s]+', ' ', 'g')
$$
"""

WORD_TABLE_SQL = (
    "CREATE TABLE offers_search_word ("
    "word varchar(64) NOT NULL PRIMARY KEY, "
    "display varchar(64) NOT NULL, "
    "frequency integer NOT NULL DEFAULT 0)"
)

POSTGRESQL_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    FOLD_FUNCTION_SQL,
    "ALTER TABLE offers_offer ADD COLUMN search_vector tsvector",
    "CREATE INDEX offer_search_vector_idx ON offers_offer USING gin (search_vector)",
    "CREATE INDEX offer_search_word_trgm_idx ON offers_search_word USING gin (word gin_trgm_ops)",
]

POSTGRESQL_REVERSE_SQL = [
    "DROP INDEX IF EXISTS offer_search_vector_idx",
    "ALTER TABLE offers_offer DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS offers_search_fold(text)",
]


def create_search_objects(apps, schema_editor):
    schema_editor.execute(WORD_TABLE_SQL)
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_SQL:
            schema_editor.execute(sql)


def drop_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRESQL_REVERSE_SQL:
            schema_editor.execute(sql)
    schema_editor.execute("DROP TABLE IF EXISTS offers_search_word")


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="search_text",
            field=models.TextField(default="", editable=False, verbose_name="Suchtext"),
        ),
        migrations.RunPython(create_search_objects, drop_search_objects),
    ]
