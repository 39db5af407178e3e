"""Backups of the portal: the database and the uploaded files (MEDIA_ROOT) in one archive.

The archive is a gzip-compressed tar file holding

- ``manifest.json``: format version, creation time, database vendor and name, tool versions,
  the applied migrations;
- ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``) or ``database.sqlite3``
  (SQLite: a copy made with SQLite's online backup API, consistent while the site runs);
- ``media/…``: the content of MEDIA_ROOT.

The archive holds everything an attacker wants: personal data, password hashes and the TOTP
secrets of the second factor (django-otp). It is written with mode 600 (readable by its owner
only); it must be stored encrypted (``gpg --symmetric``, ``age``) and access-restricted, see the
README. Sessions are left out (the table's rows, not the table): they are disposable, and a
restore logs everybody out.

Restoring replaces the database and MEDIA_ROOT as a whole:

- PostgreSQL: ``pg_restore --clean --if-exists --no-owner --single-transaction``, so a failed
  restore changes nothing; objects that exist only in the target (say a table of a newer
  migration) are left alone.
- SQLite: the backup API again, from the archived copy into the configured database. It writes
  under SQLite's own locking, in one step, so other connections see the old or the new database
  and never a mix, and the write-ahead log stays consistent (swapping the file underneath a WAL
  database would not). It also works for the in-memory database of the test run.
- MEDIA_ROOT: extracted next to it and swapped in by renaming, the old folder removed after.
- The page cache: a new generation (page_cache.bump), so that no instance serves pages or
  derived values (counts, names) of the data before the restore. It reaches the running site
  through the shared cache (CACHE_URL), which the command must use as well.

pg_dump and pg_restore get the connection settings of ``DATABASES`` through their environment
(``PGPASSWORD`` and friends), never on the command line, and must have the server's major
version: Debian's versioned ``/usr/lib/postgresql/<major>/bin`` is preferred to ``PATH``.
"""

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.client import DatabaseClient as PostgreSQLClient
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from . import page_cache

ARCHIVE_FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
PG_BIN_DIR = "/usr/lib/postgresql/{major}/bin"
PG_TOOL_TIMEOUT = 6 * 3600  # seconds; a dump or restore that hangs longer is stopped
# Archived without its rows (see the module docstring).
SESSION_TABLE = Session._meta.db_table


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is meant for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    vendor: str
    database: str
    media_files: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    vendor: str
    database: str
    media_files: int
    created_at: str


def default_backup_name():
    return f"bildungsregion-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"


# --- Creating ---------------------------------------------------------------------------------


def backup_create(*, output, using=DEFAULT_DB_ALIAS):
    """Write the database and MEDIA_ROOT into the archive ``output`` (replaced if it exists).

    The archive is written under a temporary name next to ``output`` (mode 600: it holds
    personal data, password hashes and TOTP secrets) and renamed when complete.
    """
    output = Path(output).resolve()
    connection = connections[using]
    vendor = _supported_vendor(connection)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)

    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as work:
        dump = Path(work) / DATABASE_MEMBERS[vendor]
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "database": str(connection.settings_dict["NAME"]),
            "django": django.get_version(),
            "migrations": _applied_migrations(connection),
        }
        if vendor == "postgresql":
            manifest.update(_pg_dump(connection, dump))
        else:
            _sqlite_dump(connection, dump)

        # mkstemp creates the file with mode 600, whatever the umask; said again for certain.
        fd, partial = tempfile.mkstemp(prefix=f".{output.name}-", dir=output.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(timezone.now().timestamp())
                info.mode = 0o600
                archive.addfile(info, io.BytesIO(data))
                archive.add(dump, arcname=dump.name)
                media_files = _add_media(archive, media_root)
            os.replace(partial, output)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return BackupResult(
        path=output,
        vendor=vendor,
        database=manifest["database"],
        media_files=media_files,
        size=output.stat().st_size,
    )


def _add_media(archive, media_root):
    if not media_root.is_dir():
        info = tarfile.TarInfo(MEDIA)
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        info.mtime = int(timezone.now().timestamp())
        archive.addfile(info)
        return 0
    archive.add(media_root, arcname=MEDIA)
    return sum(1 for path in media_root.rglob("*") if path.is_file())


def _applied_migrations(connection):
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _sqlite_dump(connection, target):
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # One step (pages=-1): the copy is one consistent snapshot of the live database.
        connection.connection.backup(destination)
        # Without the sessions; VACUUM leaves no trace of them in free pages of the copy.
        exists = destination.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [SESSION_TABLE]
        ).fetchone()
        if exists:
            destination.execute(f'DELETE FROM "{SESSION_TABLE}"')
            destination.commit()
            destination.execute("VACUUM")
    finally:
        destination.close()


def _pg_dump(connection, target):
    server_major = _pg_server_major(connection)
    tool = _pg_tool("pg_dump", server_major)
    _run_pg_tool(
        connection,
        [
            tool,
            "--format=custom",
            f"--file={target}",
            f"--exclude-table-data={SESSION_TABLE}",
            "--dbname",
            _pg_dbname(connection),
        ],
    )
    return {"postgresql_server_major": server_major, "pg_dump_major": server_major}


# --- Restoring --------------------------------------------------------------------------------


def database_table_count(*, using=DEFAULT_DB_ALIAS):
    """The number of tables in the configured database; 0 means it is empty."""
    with connections[using].cursor() as cursor:
        return len(connections[using].introspection.table_names(cursor))


def backup_restore(*, archive, using=DEFAULT_DB_ALIAS, replace=False):
    """Replace the database and MEDIA_ROOT with the content of ``archive``.

    Refuses (BackupError) when the database is not empty, unless ``replace`` is true.
    """
    archive = Path(archive)
    connection = connections[using]
    vendor = _supported_vendor(connection)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    manifest = backup_read_manifest(archive)
    if manifest["vendor"] != vendor:
        raise BackupError(
            _(
                "Die Sicherung stammt aus einer %(archive)s-Datenbank, konfiguriert ist aber "
                "%(configured)s. Sie kann nur in dieselbe Art von Datenbank zurückgespielt werden."
            )
            % {"archive": manifest["vendor"], "configured": vendor}
        )
    tables = database_table_count(using=using)
    if tables and not replace:
        raise BackupError(
            _(
                "Die Datenbank „%(name)s“ ist nicht leer (%(tables)d Tabellen). Die "
                "Wiederherstellung ersetzt ihren gesamten Inhalt und alle hochgeladenen Dateien. "
                "Zum Bestätigen mit --yes aufrufen."
            )
            % {"name": connection.settings_dict["NAME"], "tables": tables}
        )

    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Extracted next to MEDIA_ROOT, so that the media folder can be swapped in by renaming.
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            tar.extractall(staging, filter="data")
        dump = staging / DATABASE_MEMBERS[vendor]
        if vendor == "postgresql":
            _pg_restore(connection, dump, manifest)
        else:
            _sqlite_restore(connection, dump)
        restored_media = staging / MEDIA
        media_files = sum(1 for path in restored_media.rglob("*") if path.is_file())
        _media_replace(restored_media, media_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        # Also after a failure halfway: the database may hold the archive's data already.
        page_cache.bump()
    return RestoreResult(
        vendor=vendor,
        database=str(connection.settings_dict["NAME"]),
        media_files=media_files,
        created_at=manifest["created_at"],
    )


def backup_read_manifest(archive):
    """The manifest of ``archive``, after checking that it is a complete backup of the portal."""
    not_a_backup = BackupError(
        _("„%(path)s“ ist keine Sicherung des Bildungsportals.") % {"path": archive}
    )
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            names = set(tar.getnames())
            member = tar.extractfile(MANIFEST) if MANIFEST in names else None
            manifest = json.load(member) if member else None
    except (OSError, tarfile.TarError, ValueError, KeyError) as error:
        raise not_a_backup from error
    if not isinstance(manifest, dict) or manifest.get("vendor") not in DATABASE_MEMBERS:
        raise not_a_backup
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(
            _("Die Sicherung hat das Format %(format)s; diese Version kennt nur %(known)s.")
            % {"format": manifest.get("format"), "known": ARCHIVE_FORMAT}
        )
    if DATABASE_MEMBERS[manifest["vendor"]] not in names or MEDIA not in names:
        raise not_a_backup
    return manifest


def _sqlite_restore(connection, source_path):
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(_("Die Wiederherstellung kann nicht in einer Transaktion laufen."))
    source = sqlite3.connect(source_path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    # Django's connection may have cached what it knew of the old schema.
    connection.close()


def _pg_restore(connection, dump, manifest):
    server_major = _pg_server_major(connection)
    tool = _pg_tool("pg_restore", server_major)
    dump_major = manifest.get("pg_dump_major")
    if dump_major and dump_major > server_major:
        raise BackupError(
            _(
                "Die Sicherung wurde mit pg_dump %(dump)s geschrieben; der Server hat Version "
                "%(server)s. Eine Sicherung lässt sich nicht in eine ältere PostgreSQL-Version "
                "zurückspielen."
            )
            % {"dump": dump_major, "server": server_major}
        )
    # Our own connection must not hold locks on the tables that pg_restore drops.
    connection.close()
    _run_pg_tool(
        connection,
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            _pg_dbname(connection),
            str(dump),
        ],
    )


def _media_replace(source, media_root):
    """Make ``source`` (a folder on the same file system) the new MEDIA_ROOT."""
    retired = media_root.with_name(f".{media_root.name}-old-{os.getpid()}")
    try:
        if media_root.exists():
            os.rename(media_root, retired)
        os.rename(source, media_root)
    except OSError:
        # MEDIA_ROOT may be a mount point, which cannot be renamed: replace its content.
        if retired.exists() and not media_root.exists():
            os.rename(retired, media_root)
        for child in list(media_root.iterdir()):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in list(source.iterdir()):
            shutil.move(child, media_root / child.name)
    else:
        shutil.rmtree(retired, ignore_errors=True)


# --- PostgreSQL tools -------------------------------------------------------------------------


def _supported_vendor(connection):
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Sicherungen gibt es nur für PostgreSQL und SQLite, nicht für %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def _pg_server_major(connection):
    connection.ensure_connection()
    return connection.pg_version // 10000


def _pg_tool(name, server_major):
    """The path of pg_dump or pg_restore in the server's major version, else a clear error."""
    candidates = [Path(PG_BIN_DIR.format(major=server_major)) / name]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    found = []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        major = pg_tool_major(
            subprocess.run(
                [candidate, "--version"], capture_output=True, text=True, check=False
            ).stdout
        )
        if major == server_major:
            return str(candidate)
        found.append(f"{candidate} ({major})")
    raise BackupError(
        _(
            "Für PostgreSQL %(server)s wird %(tool)s in Version %(server)s gebraucht, gefunden: "
            "%(found)s. Bitte das passende Client-Paket installieren "
            "(Debian: postgresql-client-%(server)s)."
        )
        % {"server": server_major, "tool": name, "found": ", ".join(found) or _("keines")}
    )


def pg_tool_major(version_output):
    """The major version in the output of ``pg_dump --version``, e.g. 15 of "… 15.20 (Debian …)"."""
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", version_output or "")
    return int(match.group(1)) if match else None


def _pg_dbname(connection):
    return str(connection.settings_dict["NAME"] or "postgres")


def _run_pg_tool(connection, args):
    """Run pg_dump or pg_restore with the connection settings in its environment."""
    settings_dict = connection.settings_dict
    _, client_env = PostgreSQLClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(client_env or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    try:
        subprocess.run(
            args,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=True,
            timeout=PG_TOOL_TIMEOUT,
        )
    except subprocess.CalledProcessError as error:
        raise BackupError(
            _("%(tool)s ist mit Code %(code)d gescheitert:\n%(stderr)s")
            % {
                "tool": Path(args[0]).name,
                "code": error.returncode,
                "stderr": error.stderr.strip(),
            }
        ) from error
    except subprocess.TimeoutExpired as error:
        raise BackupError(
            _("%(tool)s hat nach %(seconds)d Sekunden nicht geendet.")
            % {"tool": Path(args[0]).name, "seconds": PG_TOOL_TIMEOUT}
        ) from error
