"""Load the gazetteer of German postcodes shipped in regions/data/postcode_places_de.csv
(GeoNames, CC BY 4.0): radius search from anywhere in Germany needs it from the start.
`manage.py load_postcodes` replaces it later with a newer file."""

from django.db import migrations

from regions import gazetteer
from regions.services import postcode_places_replace


def load(apps, schema_editor):
    postcode_places_replace(
        places=gazetteer.read_csv(), model=apps.get_model("regions", "PostcodePlace")
    )


def unload(apps, schema_editor):
    apps.get_model("regions", "PostcodePlace").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0007_postcode_places"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
