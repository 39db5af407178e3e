"""Send the due "Stand" reminders (offers.freshness); safe to run daily."""

from django.core.management.base import BaseCommand

from offers.freshness import send_review_reminders


class Command(BaseCommand):
    help = "Sends the due Stand reminders, one mail per provider institution (run daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the portal for the links, if PORTAL_BASE_URL is not set.",
        )

    def handle(self, *args, base_url="", **options):
        reminders = send_review_reminders(base_url=base_url or None)
        self.stdout.write(f"{len(reminders)} reminder(s) sent.")
