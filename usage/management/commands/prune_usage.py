"""Daily: delete search statistics and page feedback older than the retention period."""

from django.core.management.base import BaseCommand

from usage.models import RETENTION_DAYS
from usage.services import usage_prune


class Command(BaseCommand):
    help = (
        f"Delete search statistics and page feedback older than {RETENTION_DAYS} days: run "
        "daily; a second run the same day deletes nothing."
    )

    def handle(self, *args, **options):
        searches, feedback = usage_prune()
        self.stdout.write(f"{searches} Suchzeilen und {feedback} Rückmeldungen gelöscht.")
