"""Which published offer has which word of the "Meinten Sie …?" list (offers_search_word), so
that the data layer keeps the list right when an offer is edited, unpublished or deleted
(offers.search._write_vocabulary). Filled by the next full rebuild of the search index:
``manage.py check_search_index --fix`` (``make serve`` runs it where the index drifted)."""

from django.db import migrations

CREATE_SQL = [
    "CREATE TABLE offers_search_word_use ("
    "offer_id bigint NOT NULL, "
    "word varchar(64) NOT NULL, "
    "display varchar(64) NOT NULL, "
    "frequency integer NOT NULL, "
    "PRIMARY KEY (offer_id, word, display))",
    "CREATE INDEX offer_search_word_use_word_idx ON offers_search_word_use (word)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0012_coordinates_source"),
    ]

    operations = [migrations.RunSQL(CREATE_SQL, "DROP TABLE offers_search_word_use")]
