"""Backups of the whole portal, its database and its media in one archive (`manage.py backup`, `manage.py restore`,
called by `make backup` and `make restore`).

An archive is a .tar.gz of `manifest.json` (when, which database engine, the migrations applied), the database
(`database.dump` in pg_dump's custom format, or `database.sqlite3` copied with SQLite's online backup API while the
portal runs) and `media/` (every file in the media folder). Images in object storage (DJANGO_S3_BUCKET) are not
copied: the bucket's own versioning or replication keeps them. A backup is restored into an empty database only.
"""

import datetime
import filecmp
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from psycopg.conninfo import make_conninfo

MANIFEST = "manifest.json"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
ENGINES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def engine():
    if connection.vendor not in DATABASE_FILES:
        raise CommandError(f"Backups know PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def media_root():
    """The media folder, or None when the images are in object storage."""
    return Path(default_storage.location) if isinstance(default_storage, FileSystemStorage) else None


def media_files(root):
    if root is None or not root.is_dir():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def write_backup(directory):
    """Write an archive of the database and the media folder into `directory`; return its path and manifest."""
    vendor = engine()
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"alatau-{created:%Y%m%dT%H%M%SZ}.tar.gz"
    if path.exists():
        raise CommandError(f"{path} already exists: wait a second and back up again.")
    root = media_root()
    media = media_files(root)
    manifest = {
        "created": created.isoformat(),
        "engine": vendor,
        "database": DATABASE_FILES[vendor],
        "migrations": sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()),
        "media_files": len(media),
        "media_in_object_storage": root is None,
    }
    partial = path.with_name(path.name + ".partial")  # never mistaken for a whole archive
    try:
        with tempfile.TemporaryDirectory() as scratch:
            database = Path(scratch) / DATABASE_FILES[vendor]
            if vendor == "postgresql":
                dump_postgresql(database)
            else:
                copy_sqlite(database)
            # Owner only: the archive holds password hashes and sessions.
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
                with tarfile.open(fileobj=file, mode="w:gz") as archive:
                    text = Path(scratch) / MANIFEST
                    text.write_text(json.dumps(manifest, indent=2) + "\n")
                    archive.add(text, arcname=MANIFEST)
                    archive.add(database, arcname=database.name)
                    for name in media:
                        archive.add(root / name, arcname=f"media/{name}")
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return path, manifest


def restore_backup(path):
    """Restore an archive into the empty database and the media folder; return its manifest, the number of media
    files restored and a list of warnings. Checks everything it can before it writes anything."""
    vendor = engine()
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"{path} is not a readable backup: {error}") from error
    with archive, tempfile.TemporaryDirectory() as scratch:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except (KeyError, ValueError) as error:
            raise CommandError(f"{path} is not a backup of the portal: it has no {MANIFEST}.") from error
        if manifest["engine"] != vendor:
            raise CommandError(
                f"{path} holds a {ENGINES[manifest['engine']]} database; this portal's database is "
                f"{ENGINES[vendor]}. Point DATABASE_URL at an empty {ENGINES[manifest['engine']]} database."
            )
        if tables := connection.introspection.table_names():
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} already has {len(tables)} tables: a backup is "
                "restored into an empty database only. Create an empty database and point DATABASE_URL at it "
                "(or move the SQLite file aside), then restore again."
            )
        # The whole archive is read (and its checksum checked) before the database is touched; the "data"
        # filter refuses names that lead out of the scratch folder, links and devices.
        archive.extractall(scratch, filter="data")
        media = Path(scratch) / "media"
        names = media_files(media)
        root = media_root()
        warnings = []
        if root is None:
            if names:
                warnings.append(f"The {len(names)} media files were not restored: the images are in object storage.")
            names = []
        if clashes := [name for name in names if (root / name).exists() and not same_file(media / name, root / name)]:
            raise CommandError(
                f"{len(clashes)} files in the media folder {root} differ from the backup's (e.g. {clashes[0]}). "
                "Restore into an empty media folder (DJANGO_MEDIA_ROOT)."
            )
        database = Path(scratch) / DATABASE_FILES[vendor]
        if vendor == "postgresql":
            restore_postgresql(database)
        else:
            restore_sqlite(database)
        for name in names:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(media / name, root / name)
    return manifest, len(names), warnings + migration_warnings(manifest["migrations"])


def same_file(first, second):
    return second.is_file() and filecmp.cmp(first, second, shallow=False)


def migration_warnings(applied):
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    warnings = []
    if unknown := sorted(set(applied) - known):
        warnings.append(
            f"The backup has {len(unknown)} migrations this code does not know (e.g. {unknown[0]}): it was taken "
            "by a newer version of the portal. Run that version on it."
        )
    if set(known) - set(applied):
        warnings.append("This code has migrations the backup predates: run `manage.py migrate` before serving it.")
    return warnings


# PostgreSQL: pg_dump and pg_restore reach the database as the portal does, the password in their environment.


def libpq():
    """The database's connection string (without the password) and the environment that holds the password."""
    database = connection.settings_dict
    params = {"dbname": database["NAME"], "host": database["HOST"], "port": database["PORT"], "user": database["USER"]}
    # TLS options only: timeouts set for the portal's requests must not cut a dump short.
    params |= {key: value for key, value in database["OPTIONS"].items() if key.startswith("ssl")}
    env = os.environ | ({"PGPASSWORD": database["PASSWORD"]} if database["PASSWORD"] else {})
    return make_conninfo(**{key: str(value) for key, value in params.items() if value}), env


def run_tool(name, *args):
    tool = shutil.which(name)
    if tool is None:
        raise CommandError(
            f"{name} is missing: install PostgreSQL's client programs (apt-get install postgresql-client)."
        )
    conninfo, env = libpq()
    done = subprocess.run([tool, "--dbname", conninfo, *args], env=env, capture_output=True, text=True)
    if done.returncode:
        raise CommandError(f"{name} failed: {done.stderr.strip()}")


def dump_postgresql(target):
    run_tool("pg_dump", "--format=custom", "--file", str(target))


def restore_postgresql(source):
    # One transaction: a restore that fails leaves the database empty. Owners and grants are the new server's.
    run_tool("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(source))


# SQLite: the online backup API copies a consistent database while the portal may be writing to it.


def copy_sqlite(target):
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def restore_sqlite(source):
    # The same API the other way round: into the portal's own connection, so no stale journal outlives the copy.
    connection.ensure_connection()
    with sqlite3.connect(source) as backup:
        backup.backup(connection.connection)
    backup.close()
