"""`manage.py backup` and `manage.py restore` (what `make backup` and `make restore` run): a seeded portal with
images, backed up and restored into an empty database and media folder, has every row and every image file back;
a database that has tables is refused. On SQLite and on PostgreSQL (scratch databases on 127.0.0.1:5432)."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile

import psycopg
import pytest
from psycopg import sql

from .test_serving import ROOT
from .tools import require

POSTGRES = "postgres://postgres@127.0.0.1:5432"
SCRATCH_DATABASES = ["alatau_backup_src", "alatau_backup_dst"]

# Runs in the portal's environment: the seeded registry, and a photograph (with its renditions) on a project.
SEED = """
from django.core.management import call_command
from projects.models import Project
from tests.factories import image_file, make_image

call_command("seed_registry")
make_image(Project.objects.published().order_by("pk").first(), image=image_file(1200, 900), caption_en="A photo")
"""

# Runs in the portal's environment: what it holds, as JSON: the rows of every table, a few values, every media
# file's digest.
SNAPSHOT = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from django.db import connection
from projects.models import Project, ProjectImage

with connection.cursor() as cursor:
    counts = {}
    for table in connection.introspection.table_names():
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
media = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "counts": counts,
    "projects": sorted(Project.objects.values_list("slug", "title_ru", "title_en", "status", "is_published")),
    "images": sorted(ProjectImage.objects.values_list("image", "caption_en", "is_cover")),
    "media": {
        path.relative_to(media).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*")) if path.is_file()
    },
}, default=str))
"""

# Runs in the portal's environment: a new row after the restore takes a new id (PostgreSQL's sequences came back).
WRITE_AFTER_RESTORE = """
from django.contrib.contenttypes.models import ContentType
ContentType.objects.create(app_label="backups", model="written_after_restore")
"""


def portal_env(tmp_path, database_url, media):
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "REDIS_URL"))}
    return env | {"HOME": str(tmp_path), "DATABASE_URL": database_url, "DJANGO_MEDIA_ROOT": str(media)}


def manage(env, *args, check=True):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def snapshot(env):
    return json.loads(manage(env, "shell", "-c", SNAPSHOT).stdout.strip().splitlines()[-1])


def scratch_postgresql():
    """Empty scratch databases on the machine's PostgreSQL, made with autocommit (CREATE DATABASE needs it)."""
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as admin:
        for name in SCRATCH_DATABASES:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_scratch_postgresql():
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as admin:
        for name in SCRATCH_DATABASES:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", "postgresql"])
def source_and_target(request, tmp_path):
    """The source and the (empty) target database's URLs."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    require(shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump", "apt-get install postgresql-client")
    try:
        scratch_postgresql()
    except psycopg.OperationalError as error:
        require(False, "PostgreSQL on 127.0.0.1:5432", f"start it ({error})")
    yield tuple(f"{POSTGRES}/{name}" for name in SCRATCH_DATABASES)
    drop_scratch_postgresql()


def test_a_backup_restored_into_an_empty_database_has_every_row_and_image_back(source_and_target, tmp_path):
    source_url, target_url = source_and_target
    source = portal_env(tmp_path, source_url, tmp_path / "media")
    manage(source, "migrate", "-v0")
    manage(source, "shell", "-c", SEED)
    before = snapshot(source)

    manage(source, "backup", "--dir", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("alatau-*.tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["engine"] == ("sqlite" if source_url.startswith("sqlite") else "postgresql")
    assert "projects.0001_initial" in manifest["migrations"]
    assert manifest["media_files"] == len(before["media"])

    target = portal_env(tmp_path, target_url, tmp_path / "restored-media")
    restored = manage(target, "restore", str(archive))
    assert "Restored" in restored.stdout and not restored.stderr
    after = snapshot(target)

    assert before["counts"]["projects_project"] > 10 and before["counts"]["projects_projectimage"] == 1
    assert before["counts"]["django_migrations"] > 0 and len(before["media"]) > 5  # the photo and its renditions
    assert after["counts"] == before["counts"]
    assert after["projects"] == before["projects"]
    assert after["images"] == before["images"] and after["images"][0][1] == "A photo"
    assert after["media"] == before["media"]
    manage(target, "shell", "-c", WRITE_AFTER_RESTORE)

    # The restored database has tables now: a second restore is refused and changes nothing.
    again = manage(target, "restore", str(archive), check=False)
    assert again.returncode != 0
    assert "restored into an empty database only" in again.stderr
    assert snapshot(target)["counts"]["projects_project"] == before["counts"]["projects_project"]


def test_a_restore_refuses_a_media_folder_whose_files_differ_and_writes_nothing(tmp_path):
    source = portal_env(tmp_path, f"sqlite:///{tmp_path / 'source.sqlite3'}", tmp_path / "media")
    with sqlite3.connect(tmp_path / "source.sqlite3") as database:
        database.execute("CREATE TABLE registry (name TEXT)")
    database.close()
    (tmp_path / "media" / "projects").mkdir(parents=True)
    (tmp_path / "media" / "projects" / "a.png").write_bytes(b"the backup's")
    manage(source, "backup", "--dir", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("alatau-*.tar.gz")

    (tmp_path / "other" / "projects").mkdir(parents=True)
    (tmp_path / "other" / "projects" / "a.png").write_bytes(b"another")
    target = portal_env(tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "other")
    refused = manage(target, "restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "differ from the backup's" in refused.stderr
    assert (tmp_path / "other" / "projects" / "a.png").read_bytes() == b"another"
    tables = manage(
        target, "shell", "-c", "from django.db import connection; print(connection.introspection.table_names())"
    )
    assert tables.stdout.splitlines()[-1] == "[]"
