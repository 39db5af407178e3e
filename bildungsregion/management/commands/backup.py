from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bildungsregion.backup import BackupError, backup_create, default_backup_name

HELP = """Back up the database and the uploaded files (MEDIA_ROOT) into one .tar.gz archive.

PostgreSQL is dumped with pg_dump --format=custom (in the server's major version), SQLite with
its online backup API; both are consistent while the site runs. The archive (mode 600) holds
personal data and password hashes: keep it as safe as the database. Restore with
"manage.py restore PATH".
"""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Archive to write (default: bildungsregion-backup-<time>.tar.gz in the "
            "current folder); an existing file is replaced.",
        )
        parser.add_argument(
            "--database", default="default", help="Database alias (default: default)."
        )

    def handle(self, *args, output=None, database="default", **options):
        try:
            result = backup_create(output=Path(output or default_backup_name()), using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ngettext("%(count)d Datei", "%(count)d Dateien", result.media_files) % {
            "count": result.media_files
        }
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Sicherung geschrieben: %(path)s (%(size)s; Datenbank %(vendor)s "
                    "„%(database)s“, %(files)s)"
                )
                % {
                    "path": result.path,
                    "size": filesizeformat(result.size),
                    "vendor": result.vendor,
                    "database": result.database,
                    "files": files,
                }
            )
        )
