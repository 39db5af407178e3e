from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bildungsregion.backup import BackupError, backup_restore

HELP = """Restore a backup written by "manage.py backup": the database and MEDIA_ROOT.

Everything in the configured database and in MEDIA_ROOT is replaced by the content of the
archive (PostgreSQL: pg_restore --clean --if-exists --no-owner in one transaction). Refuses when
the database is not empty unless --yes is given. Stop the site (or put it into maintenance)
while restoring.
"""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by manage.py backup.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the content of a database that is not empty.",
        )
        parser.add_argument(
            "--database", default="default", help="Database alias (default: default)."
        )

    def handle(self, *args, path, yes=False, database="default", **options):
        try:
            result = backup_restore(archive=path, using=database, replace=yes)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = ngettext("%(count)d Datei", "%(count)d Dateien", result.media_files) % {
            "count": result.media_files
        }
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Sicherung vom %(created_at)s wiederhergestellt: Datenbank %(vendor)s "
                    "„%(database)s“, %(files)s."
                )
                % {
                    "created_at": result.created_at,
                    "vendor": result.vendor,
                    "database": result.database,
                    "files": files,
                }
            )
        )
        executor = MigrationExecutor(connections[database])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Die Sicherung ist älter als der Code: %(count)d Migrationen fehlen. "
                        "Bitte „manage.py migrate“ ausführen."
                    )
                    % {"count": len(pending)}
                )
            )
