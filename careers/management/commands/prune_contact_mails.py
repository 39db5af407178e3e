from django.core.management.base import BaseCommand

from careers.services import contact_mails_prune


class Command(BaseCommand):
    help = (
        "Delete the finished rows of the mail queue that hold messages to employers (contact "
        "form of a place): run hourly, so that no message outlives its sending by an hour."
    )

    def handle(self, *args, **options):
        deleted = contact_mails_prune()
        self.stdout.write(f"Kontaktnachrichten gelöscht: {deleted}")
