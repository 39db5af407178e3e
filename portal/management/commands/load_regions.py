from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import seed
from portal.services import regions_load

LABELS = {
    "regions": gettext_lazy("Bildungsregionen"),
    "municipalities": gettext_lazy("Städte und Gemeinden"),
    "postal_codes": gettext_lazy("Postleitzahlen"),
    "focus_areas": gettext_lazy("Handlungsfelder"),
    "documents": gettext_lazy("Dokumente"),
    "funding_programmes": gettext_lazy("Förderprogramme"),
    "actors": gettext_lazy("Akteure"),
    "working_groups": gettext_lazy("Arbeitsgruppen"),
    "memberships": gettext_lazy("Mitgliedschaften"),
    "events": gettext_lazy("Veranstaltungen"),
}


class Command(BaseCommand):
    help = gettext_lazy(
        "Lädt die fünf Bildungsregionen mit Städten und Gemeinden, Postleitzahlen, "
        "Handlungsfeldern, Partnern, Arbeitsgruppen, Dokumenten und Förderprogrammen. "
        "Legt nur Fehlendes an; mit --update werden vorhandene Einträge überschrieben."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help=_("Vorhandene Einträge mit den Werten der Vorlage überschreiben."),
        )
        parser.add_argument(
            "--data-dir",
            default=seed.DATA_DIR,
            help=_("Ordner mit den Datendateien (Voreinstellung: regions/data/)."),
        )

    def handle(self, *args, update=False, data_dir=seed.DATA_DIR, **options):
        try:
            counts = regions_load(update=update, data_dir=data_dir)
        except seed.SeedError as error:
            raise CommandError(
                _("Die Datendateien sind fehlerhaft, nichts wurde geladen:\n%(problems)s")
                % {"problems": "\n".join(error.problems)}
            ) from None
        for key, label in LABELS.items():
            self.stdout.write(
                _("%(label)s: %(created)d neu, %(updated)d aktualisiert")
                % {"label": label, **counts[key]}
            )
        created = sum(row["created"] for row in counts.values())
        updated = sum(row["updated"] for row in counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                _("Regionen geladen: %(created)d Einträge neu, %(updated)d aktualisiert.")
                % {"created": created, "updated": updated}
            )
        )
