"""A fixture with one bad row: `loaddata` over a registry, or `seed_registry` into an empty one, stops with a
message naming the problem, and the database is exactly as it was (every table's rows, compared by checksum)."""

import hashlib
import json
import shutil
import sqlite3

import psycopg
import pytest

from .conftest import ROOT, manage, portal_env

FIXTURES = ROOT / "fixtures"
# The last project of the fixture, broken two ways (and the words the error names it by): the rows before it
# are written before the error is found.
BREAKAGES = {
    "an unknown status": ({"status": "no-such-status"}, "project_status_valid"),
    "a district that does not exist": ({"district": 999999}, "999999"),
}


class Database:
    def __init__(self, url, connect, tables_sql):
        self.url, self.connect, self.tables_sql = url, connect, tables_sql

    def fingerprint(self):
        """{table: (rows, sha256 of its rows in key order)} for every table."""
        connection = self.connect()
        try:
            tables = sorted(row[0] for row in connection.execute(self.tables_sql).fetchall())
            result = {}
            for table in tables:
                rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
                result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
            return result
        finally:
            connection.close()


@pytest.fixture(scope="module")
def blank_sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("blank") / "db.sqlite3"
    manage(portal_env(f"sqlite:///{path}"), "migrate", "--noinput", "--verbosity", "0")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_registry(request, tmp_path):
    """A migrated registry without data, on SQLite or on the suite's PostgreSQL cluster."""
    if request.param == "sqlite":
        path = tmp_path / "db.sqlite3"
        shutil.copy(request.getfixturevalue("blank_sqlite"), path)
        return Database(
            f"sqlite:///{path}", lambda: sqlite3.connect(path), "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    cluster = request.getfixturevalue("running_cluster")
    url = cluster.create_database("alatau_fixture", template=request.getfixturevalue("blank_database"))
    tables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return Database(url, lambda: psycopg.connect(url), tables)


def broken_fixtures(folder, breakage):
    """Copies of the fixtures in `folder`, with the first project changed and the last one broken: loading the
    rows before the broken one would change the registry."""
    rows = json.loads((FIXTURES / "projects.json").read_text())
    projects = [row for row in rows if row["model"] == "projects.project"]
    projects[0]["fields"]["title_en"] = "Changed by a broken fixture"
    projects[-1]["fields"].update(breakage)
    shutil.copy(FIXTURES / "districts.json", folder / "districts.json")
    (folder / "projects.json").write_text(json.dumps(rows, ensure_ascii=False))
    return folder / "projects.json"


def assert_refused(done, expected):
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    # The message names the fixture and the broken rule (the last line of the traceback manage.py prints).
    assert "Problem installing fixture" in output and expected in output, output


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_loaddata_of_a_broken_fixture_changes_nothing(empty_registry, breakage, tmp_path):
    env = portal_env(empty_registry.url)
    manage(env, "seed_registry")
    before = empty_registry.fingerprint()
    fields, expected = BREAKAGES[breakage]
    done = manage(env, "loaddata", broken_fixtures(tmp_path, fields), check=False)
    assert_refused(done, expected)
    assert empty_registry.fingerprint() == before


def test_seed_registry_with_a_broken_fixture_leaves_the_registry_empty(empty_registry, tmp_path):
    env = portal_env(empty_registry.url, FIXTURE_DIR=str(tmp_path))
    before = empty_registry.fingerprint()
    fields, expected = BREAKAGES["a district that does not exist"]
    broken_fixtures(tmp_path, fields)
    done = manage(env, "seed_registry", "--settings", "tests.reliability.fixture_settings", check=False)
    assert_refused(done, expected)
    assert empty_registry.fingerprint() == before
    assert before["projects_project"][0] == 0
