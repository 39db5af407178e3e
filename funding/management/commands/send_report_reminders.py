"""Send the due reminders of the funding reports (funding.services.send_report_reminders);
safe to run daily: each application is reminded at most once before and once after its due
date. The mails go into the mail queue (worked off by db_worker)."""

from django.core.management.base import BaseCommand

from funding.services import send_report_reminders


class Command(BaseCommand):
    help = "Queues the reminders of the funding reports (Verwendungsnachweise); run daily."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the portal for the links, if PORTAL_BASE_URL is not set.",
        )

    def handle(self, *args, base_url="", **options):
        sent = send_report_reminders(base_url=base_url or None)
        self.stdout.write(f"{len(sent)} reminder(s) queued.")
