from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bildungsregion import linkcheck
from bildungsregion.models import BROKEN_AFTER_FAILURES


class Command(BaseCommand):
    help = gettext_lazy(
        "Prüft die Web-Adressen der Einträge (Angebote, Veranstaltungen, Akteure, Regionen, "
        "Dokumente, Förderprogramme), die in den letzten LINK_CHECK_INTERVAL_HOURS Stunden "
        "nicht geprüft wurden: als Aufgabe für den Worker, mit --now sofort in diesem Prozess. "
        "Täglich aufrufen; ein zweiter Lauf am selben Tag prüft nichts erneut."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help=_("Sofort in diesem Prozess prüfen, statt eine Aufgabe einzureihen."),
        )

    def handle(self, *args, now=False, **options):
        if now:
            self.report(linkcheck.check_due())
            return
        result = linkcheck.check_due_links.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:  # a backend that runs it at once
            self.report(result.return_value)
        elif result.status == TaskResultStatus.FAILED:
            errors = "\n".join(error.traceback for error in result.errors)
            raise CommandError(_("Die Linkprüfung ist fehlgeschlagen.") + "\n" + errors)
        else:
            self.stdout.write(
                _("Die Linkprüfung wartet als Aufgabe %(id)s auf den Worker.") % {"id": result.id}
            )

    def report(self, summary):
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Links geprüft: %(checked)d (in Ordnung: %(ok)d, Fehlerseite: %(broken)d, "
                    "nicht erreichbar: %(unreachable)d, Zeitüberschreitung: %(timeout)d, "
                    "Weiterleitung ins Leere: %(redirect)d, nicht öffentlich: %(refused)d). "
                    "Als defekt gelten jetzt %(now_broken)d Links (nach %(after)d Fehlschlägen "
                    "in Folge)."
                )
                % {
                    "checked": summary["checked"],
                    "ok": summary["ok"],
                    "broken": summary["defekt"],
                    "unreachable": summary["nicht-erreichbar"],
                    "timeout": summary["zeitueberschreitung"],
                    "redirect": summary["weiterleitung"],
                    "refused": summary["nicht-erlaubt"],
                    "now_broken": summary["broken_now"],
                    "after": BROKEN_AFTER_FAILURES,
                }
            )
        )
