from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offers.indexing import search_index_drift

PARTS = {
    "offers": gettext_lazy("Suchdokumente der Angebote"),
    "offer_list": gettext_lazy("Angebotsliste (OfferIndex)"),
    "actors": gettext_lazy("Suchtexte der Akteure"),
    "events": gettext_lazy("Suchtexte der Veranstaltungen"),
    "working_groups": gettext_lazy("Suchtexte der Arbeitsgruppen"),
    "suggestion_words": gettext_lazy("Wörter für „Meinten Sie …?“"),
}
EXAMPLES = 5


def _examples(ids):
    shown = ", ".join(str(pk) for pk in ids[:EXAMPLES])
    return shown + (", …" if len(ids) > EXAMPLES else "")


class Command(BaseCommand):
    help = gettext_lazy(
        "Vergleicht den Suchindex und die Tabelle der Angebotsliste mit den Daten und nennt "
        "Abweichungen mit Anzahl und Beispielen (Rückgabewert 1 bei Abweichungen); mit --fix "
        "wird der Index neu aufgebaut."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help=_("Abweichungen reparieren (den Index aus den Daten neu aufbauen)."),
        )

    def handle(self, *args, fix=False, **options):
        drifts = search_index_drift(fix=fix)
        total = 0
        for drift in drifts:
            label = PARTS[drift.part]
            if not drift.rows:
                self.stdout.write(_("%(part)s: stimmt") % {"part": label})
                continue
            total += len(drift.rows)
            lines = []
            if drift.missing:
                lines.append(
                    _("%(count)d fehlen (z. B. %(ids)s)")
                    % {"count": len(drift.missing), "ids": _examples(drift.missing)}
                )
            if drift.orphaned:
                lines.append(
                    _("%(count)d ohne Eintrag (z. B. %(ids)s)")
                    % {"count": len(drift.orphaned), "ids": _examples(drift.orphaned)}
                )
            for column, ids in drift.changed.items():
                lines.append(
                    _("%(column)s: %(count)d veraltet (z. B. %(ids)s)")
                    % {"column": column, "count": len(ids), "ids": _examples(ids)}
                )
            self.stdout.write(
                _("%(part)s: %(count)d abweichend – %(details)s")
                % {"part": label, "count": len(drift.rows), "details": "; ".join(lines)}
            )
        if not total:
            self.stdout.write(self.style.SUCCESS(_("Der Suchindex stimmt mit den Daten überein.")))
        elif fix:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Repariert: %(count)d Einträge neu aufgebaut.") % {"count": total}
                )
            )
        else:
            raise CommandError(
                _(
                    "Der Suchindex weicht in %(count)d Einträgen von den Daten ab; "
                    "„manage.py check_search_index --fix“ repariert ihn."
                )
                % {"count": total}
            )
