"""Where the coordinates of events and offers come from, so that those of the postcode or
town follow a changed place and hand-entered ones stay. Existing rows: coordinates equal to those of the
entry's postcode or town are the place's, other coordinates hand-entered; rows without any get
them (``regions.services.located_coordinates_fill``), and so do their rows of the offer list."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from regions.services import located_coordinates_fill

MODELS = ("Event", "Offer")


def classify(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("offers", name)
        located_coordinates_fill(queryset=model.objects.all(), apps=apps)
    # Offers that got coordinates: the offer list's table copies them (a bulk write sends no
    # signal that would refresh it).
    offer = apps.get_model("offers", "Offer").objects.filter(pk=OuterRef("offer_id"))
    apps.get_model("offers", "OfferIndex").objects.update(
        latitude=Subquery(offer.values("latitude")[:1]),
        longitude=Subquery(offer.values("longitude")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0011_vocabulary_english"),
        ("regions", "0008_load_postcode_places"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
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
            model_name="historicalevent",
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
            model_name="historicaloffer",
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
            model_name="offer",
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
