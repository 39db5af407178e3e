import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from careers.demo import careers_demo_load
from funding.demo import demo_applications_load
from offers import demo
from portal.demo import event_fields_demo_load
from portal.services import regions_load
from regions.services import region_hosts_demo_load

HELP = """Fill the database with the fictitious demo data of the portal (idempotent).

Loads the regions first, then creates whatever is missing: demo actors of every kind in all
five regions, offers (--offers, default 600), events, working-group meetings and the demo
accounts (admin; per region buero-<region> for the Bildungsbüro, schule-<region> for a school
and anbieter-<region> for a provider that is no school, the region's Volkshochschule;
betrieb-<region> for an employer with internship and apprenticeship places; addresses under
.example), which all get one password: DEMO_PASSWORD
from the environment, else the content of --password-file (a missing file is created with a
new password, mode 600), else a newly generated one. Existing demo accounts get that password.

Runs only with DEBUG on; set DEMO_DATA_ALLOW=1 to run it on a production-like setup anyway.
"""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument(
            "--offers",
            type=int,
            default=600,
            help="Total number of demo offers over all regions (default 600).",
        )
        parser.add_argument(
            "--password-file",
            help="File holding the demo password; created with a new password if missing.",
        )

    def handle(self, *args, offers, password_file=None, **options):
        if not settings.DEBUG and os.environ.get("DEMO_DATA_ALLOW") != "1":
            raise CommandError(
                _(
                    "Demo-Daten werden nur mit DEBUG=1 angelegt (Demo data only with DEBUG on). "
                    "Wer sie trotzdem will, setzt DEMO_DATA_ALLOW=1."
                )
            )
        if offers < 0:
            raise CommandError(_("--offers darf nicht negativ sein."))
        started = time.monotonic()
        regions_load()
        password = demo.demo_password_resolve(password_file=password_file)
        try:
            result = demo.demo_data_load(offers=offers, password=password)
        except ValueError as error:
            raise CommandError(str(error)) from error
        applications = demo_applications_load()
        careers = careers_demo_load(password=password)
        event_fields = event_fields_demo_load()
        hosts = region_hosts_demo_load()
        elapsed = time.monotonic() - started

        labels = {
            "actors": _("Akteure"),
            "offers": _("Angebote"),
            "events": _("Veranstaltungen"),
            "meetings": _("Sitzungen"),
        }
        self.stdout.write(_("Demo-Daten angelegt in %(s).1f s:") % {"s": elapsed})
        for key, label in labels.items():
            self.stdout.write(
                _("  %(label)s: %(new)d neu, %(total)d insgesamt")
                % {"label": label, "new": result.created.get(key, 0), "total": result.totals[key]}
            )
        self.stdout.write(
            _("  Förderanträge (Förderfonds Lüneburg): %(new)d neu") % {"new": applications}
        )
        self.stdout.write(
            _("  Betriebe (Ausbildung und Praktikum): %(n)d neu; Plätze: %(p)d neu")
            % {"n": careers.employers, "p": careers.places}
        )
        self.stdout.write(
            _("  Berufsfelder von Veranstaltungen zur Berufsorientierung: %(n)d neu")
            % {"n": event_fields}
        )
        self.stdout.write(
            _("  Host-Namen der Regionen (z. B. http://stade.localhost:8000/): %(n)d neu")
            % {"n": hosts}
        )
        self.stdout.write("")
        self.stdout.write(_("Demo-Zugänge:"))
        rows = [(_("Benutzername"), _("Rolle"), _("Region / Einrichtung"))]
        rows += [(a.username, a.role, a.where) for a in result.accounts]
        rows += [
            (username, _("Betrieb: Praktikums- und Ausbildungsplätze"), f"{region} / {employer}")
            for username, region, employer in careers.accounts
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for number, row in enumerate(rows):
            self.stdout.write(
                ("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))).rstrip()
            )
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(_("Passwort für alle Demo-Zugänge: %(p)s") % {"p": password})
