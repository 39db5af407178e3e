"""Where the coordinates of actors come from, so that those of the postcode or town follow
a changed place and hand-entered ones stay. Existing rows: coordinates equal to those of the
entry's postcode or town are the place's, other coordinates hand-entered; rows without any get
them (``regions.services.located_coordinates_fill``)."""

from django.db import migrations, models

from regions.services import located_coordinates_fill

MODELS = ("Actor",)


def classify(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("actors", name)
        located_coordinates_fill(queryset=model.objects.all(), apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0007_workinggroup_article"),
        ("regions", "0008_load_postcode_places"),
    ]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="coordinates_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "keine Angabe"),
                    ("place", "aus Postleitzahl oder Ort"),
                    ("manual", "von Hand eingetragen"),
                ],
                default="",
                editable=False,
                help_text="Koordinaten aus Postleitzahl oder Ort folgen ihnen, wenn sie sich ändern; von Hand eingetragene bleiben.",
                max_length=6,
                verbose_name="Herkunft der Koordinaten",
            ),
        ),
        migrations.AddField(
            model_name="historicalactor",
            name="coordinates_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "keine Angabe"),
                    ("place", "aus Postleitzahl oder Ort"),
                    ("manual", "von Hand eingetragen"),
                ],
                default="",
                editable=False,
                help_text="Koordinaten aus Postleitzahl oder Ort folgen ihnen, wenn sie sich ändern; von Hand eingetragene bleiben.",
                max_length=6,
                verbose_name="Herkunft der Koordinaten",
            ),
        ),
        migrations.RunPython(classify, migrations.RunPython.noop),
    ]
