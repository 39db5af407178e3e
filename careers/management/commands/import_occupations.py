from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from careers.importing import occupations_import
from careers.models import OccupationField

DEFAULT_SOURCE = "BIBB: Verzeichnis der anerkannten Ausbildungsberufe"


class Command(BaseCommand):
    help = (
        "Import training occupations from a CSV file with a header row (columns: Beruf/"
        "Berufsbezeichnung, optional Berufsfeld, Dauer, Beschreibung, URL). Existing "
        "occupations (same name) are updated, nothing is deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument("--quelle", default=DEFAULT_SOURCE, help="Name of the source.")
        parser.add_argument(
            "--feld", help="Slug of the occupational field for rows without a known field."
        )
        parser.add_argument("--encoding", default="utf-8-sig")

    def handle(self, *args, csv_file, quelle, feld=None, encoding, **options):
        default_field = None
        if feld:
            default_field = OccupationField.objects.filter(slug=feld).first()
            if default_field is None:
                raise CommandError(f"Berufsfeld „{feld}“ gibt es nicht.")
        try:
            with open(csv_file, encoding=encoding, newline="") as file:
                text = file.read()
            result = occupations_import(text, source_name=quelle, default_field=default_field)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Berufe: {result.created} neu, {result.updated} aktualisiert, "
            f"{len(result.skipped)} übersprungen."
        )
        for line, reason in result.skipped:
            self.stdout.write(f"  Zeile {line}: {reason}")
