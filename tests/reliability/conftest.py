"""The reliability suite (`make reliability`): faults against real gunicorn servers on a PostgreSQL cluster of
its own, and fuzzing through the test client. `make test` leaves this folder out (pyproject.toml).

The cluster is made here with initdb in a temporary folder, on a port of 5541-5549, and stopped and deleted at
the end: the machine's PostgreSQL on 5432 is never stopped (only the scale-out test uses it, for a scratch
database of its own). Servers run as production does (debug off, a real secret, gunicorn.conf.py) on ports
8941-8959. A missing tool (PostgreSQL's binaries, root for `runuser`) skips, except under CI=true.
"""

import secrets

import pytest

from ..servers import ROOT, Cluster, Server, free_port, manage
from ..servers import portal_env as production_env

CLUSTER_PORTS = range(5541, 5550)
SERVER_PORTS = range(8941, 8960)
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# One secret for the servers and the manage.py commands of a run: sessions signed by one are read by another.
SECRET_KEY = secrets.token_urlsafe(45)  # 60 characters
ADMIN = {"username": "reliability-admin", "password": secrets.token_urlsafe(18)}


def portal_env(database_url, **extra):
    """The environment of a portal in production mode on plain HTTP, on `database_url`."""
    hosts = {"DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_HTTPS": "0"}
    return production_env(database_url, SECRET_KEY, **hosts | extra)


@pytest.fixture(scope="session")
def collected_static():
    """The hashed static files that production serves (WhiteNoise's manifest): pages fail without them."""
    manage(portal_env(f"sqlite:///{ROOT / 'db.sqlite3'}"), "collectstatic", "--noinput", "--verbosity", "0")


@pytest.fixture(scope="session")
def cluster():
    cluster = Cluster(CLUSTER_PORTS, prefix="alatau-reliability-pg-")
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def blank_database(cluster):
    """A migrated, empty registry on the suite's cluster: a template for the others."""
    env = portal_env(cluster.create_database("alatau_blank"))
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    return "alatau_blank"


@pytest.fixture(scope="session")
def seeded_database(cluster, blank_database):
    """The demo registry with a superuser (ADMIN), on the suite's cluster: what the fault tests serve."""
    env = portal_env(cluster.create_database("alatau_faults", template=blank_database))
    manage(env, "seed_registry")
    env["DJANGO_SUPERUSER_PASSWORD"] = ADMIN["password"]
    manage(env, "createsuperuser", "--noinput", "--username", ADMIN["username"], "--email", "admin@example.org")
    return cluster.url("alatau_faults")


@pytest.fixture
def running_cluster(cluster):
    """The cluster, started again if a test stopped it and failed before starting it."""
    if not cluster.is_running():
        cluster.start()
    return cluster


@pytest.fixture
def serve(collected_static, tmp_path):
    """serve(database_url, workers=2, **env) starts a gunicorn server as production runs it and waits until it
    answers; every server is stopped after the test."""
    servers = []

    def start(database_url, workers=2, **env):
        port = free_port(SERVER_PORTS)
        log = tmp_path / f"gunicorn-{port}.log"
        env = portal_env(database_url, **{"HOME": str(tmp_path), "DJANGO_MEDIA_ROOT": str(tmp_path / "media")} | env)
        command = [GUNICORN, "--config", "gunicorn.conf.py", "alatau.wsgi", "--bind", f"127.0.0.1:{port}"]
        server = Server([*command, "--workers", str(workers)], port, env, log)
        servers.append(server)
        return server.wait(workers)

    yield start
    for server in servers:
        server.stop()
