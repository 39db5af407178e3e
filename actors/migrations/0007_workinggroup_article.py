"""The article of a working group's name, so that pages and texts can say "das Netzwerk …"
and "die Ausbildungsregion …". Groups already loaded from regions/data/working_groups.json get
the article written there (load_regions creates only missing rows); the others keep an empty
field, which means the article of their kind."""

from django.db import migrations, models

# (region slug, group slug): article, as in regions/data/working_groups.json.
ARTICLES = {
    ("wesermarsch", "bildungsnetzwerk-wesermarsch"): "das",
    ("hameln-pyrmont", "ag-schule-beruf"): "die",
    ("hameln-pyrmont", "ag-schulabsentismus"): "die",
    ("hameln-pyrmont", "buendnis-gegen-kinderarmut"): "das",
    ("hameln-pyrmont", "steuergruppe"): "die",
    ("stade", "netzwerk-bildungsregion-stade"): "das",
    ("osnabrueck", "ausbildungsregion-osnabrueck"): "die",
    ("lueneburg", "region-des-lernens"): "das",
}


def load(apps, schema_editor):
    WorkingGroup = apps.get_model("actors", "WorkingGroup")
    for (region, slug), article in ARTICLES.items():
        WorkingGroup.objects.filter(region__slug=region, slug=slug, article="").update(
            article=article
        )


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0006_search_vector'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalworkinggroup',
            name='article',
            field=models.CharField(blank=True, choices=[('der', 'der'), ('die', 'die'), ('das', 'das')], help_text='Wie der Name im Satz steht: „das Bildungsnetzwerk …“, „die Ausbildungsregion …“. Leer: der Artikel der Art (die Arbeitsgruppe, das Netzwerk, die Steuergruppe, das Bündnis).', max_length=3, verbose_name='Artikel des Namens'),
        ),
        migrations.AddField(
            model_name='workinggroup',
            name='article',
            field=models.CharField(blank=True, choices=[('der', 'der'), ('die', 'die'), ('das', 'das')], help_text='Wie der Name im Satz steht: „das Bildungsnetzwerk …“, „die Ausbildungsregion …“. Leer: der Artikel der Art (die Arbeitsgruppe, das Netzwerk, die Steuergruppe, das Bündnis).', max_length=3, verbose_name='Artikel des Namens'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
