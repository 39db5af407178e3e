from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions import gazetteer
from regions.services import postcode_places_replace


class Command(BaseCommand):
    help = gettext_lazy(
        "Lädt die Postleitzahlen Deutschlands mit ihren Orten und Koordinaten (GeoNames, "
        "CC BY 4.0) neu: aus der mitgelieferten Datei regions/data/postcode_places_de.csv oder "
        "aus GeoNames' DE.zip bzw. DE.txt (https://download.geonames.org/export/zip/). "
        "Ersetzt alle bisherigen Einträge."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source",
            nargs="?",
            default=str(gazetteer.DATA_FILE),
            help=_("DE.zip, DE.txt oder eine CSV-Datei im Format der mitgelieferten Datei."),
        )
        parser.add_argument(
            "--write-data-file",
            nargs="?",
            const=str(gazetteer.DATA_FILE),
            metavar="PATH",
            help=_(
                "Die gelesenen Orte auch als CSV-Datei schreiben, ohne Angabe in "
                "regions/data/postcode_places_de.csv (um die mitgelieferte Datei zu erneuern)."
            ),
        )

    def handle(self, *args, source, write_data_file=None, **options):
        try:
            places = gazetteer.read(source)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(
                _("Die Datei %(source)s ist nicht lesbar: %(error)s")
                % {"source": source, "error": error}
            ) from None
        if not places:
            raise CommandError(
                _("Die Datei %(source)s enthält keine deutsche Postleitzahl; nichts wurde geladen.")
                % {"source": source}
            )
        if write_data_file:
            gazetteer.write_csv(places, write_data_file)
        counts = postcode_places_replace(places=places)
        codes = len({place.code for place in places})
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Postleitzahlen geladen: %(places)d Orte mit %(codes)d Postleitzahlen "
                    "(vorher %(before)d Orte)."
                )
                % {"places": counts["after"], "codes": codes, "before": counts["before"]}
            )
        )
