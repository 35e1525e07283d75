"""Throwaway servers for the tests that serve the portal for real: a PostgreSQL cluster in a temporary folder and
gunicorn masters. Each caller passes its own range of ports, so suites run side by side."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from .tools import require

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port(ports):
    """The first port of `ports` nothing listens on."""
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {ports}")


def answers(port, healthy=True, timeout=2):
    """Whether a portal on `port` answers /healthz: with 200, or with any status when not `healthy`."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return not healthy
    except OSError:
        return False


def portal_env(database_url, secret_key, **extra):
    """The environment of a portal in production mode (debug off, no Redis) on `database_url`."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"}}
    return env | {"DATABASE_URL": database_url, "DJANGO_SECRET_KEY": secret_key, **extra}


def manage(env, *args, check=True):
    """Run a manage.py command; returns the finished process (its output as text)."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if check:
        assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a port of `ports`, for tests to stop, freeze and start."""

    def __init__(self, ports, prefix="alatau-pg-"):
        require(PG_BIN.is_dir(), "PostgreSQL 15's binaries", "apt-get install postgresql-15")
        require(os.geteuid() == 0 and shutil.which("runuser"), "root (initdb runs as the postgres user)", "run as root")
        self.folder = Path(tempfile.mkdtemp(prefix=prefix))
        self.data = self.folder / "data"
        self.port = free_port(ports)
        shutil.chown(self.folder, "postgres", "postgres")
        self.as_postgres(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync")

    @staticmethod
    def as_postgres(*args):
        done = subprocess.run(["runuser", "-u", "postgres", "--", *map(str, args)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start")

    def stop(self):
        # "fast": what a crash or a restart by the operator does to the portal's open connections.
        self.as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def is_running(self):
        return (self.data / "postmaster.pid").exists()

    def processes(self):
        """The postmaster first, then the processes it started."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["ps", "--ppid", str(postmaster), "-o", "pid="], capture_output=True, text=True)
        return [postmaster, *map(int, children.stdout.split())]

    def freeze(self):
        for pid in self.processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in reversed(self.processes()):
            os.kill(pid, signal.SIGCONT)

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name, template="template0"):
        """A fresh database `name` copied from `template`; returns its URL."""
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def remove(self):
        if self.is_running():
            self.thaw()
            self.stop()
        shutil.rmtree(self.folder)


class Server:
    """A gunicorn master started from `command` in a session of its own, serving on `port`; its output in `log`."""

    def __init__(self, command, port, env, log, shell=False):
        self.port, self.log = port, log
        with log.open("w") as output:
            self.process = subprocess.Popen(
                command, shell=shell, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def wait(self, workers=None, healthy=True):
        """Wait until it answers (with 200 if `healthy`, with `workers` workers if given); returns the server."""
        for _ in range(150):
            if answers(self.port, healthy, timeout=5) and (workers is None or len(self.workers()) == workers):
                return self
            assert self.process.poll() is None, f"gunicorn exited:\n{self.output()}"
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer on port {self.port}:\n{self.output()}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self):
        """The pids of the master's workers (its child processes)."""
        listed = subprocess.run(["ps", "--ppid", str(self.process.pid), "-o", "pid="], capture_output=True, text=True)
        return {int(pid) for pid in listed.stdout.split()}

    def output(self):
        return self.log.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=70)
