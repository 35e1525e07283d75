"""`make run` serves with gunicorn: two portals started on one machine run side by side."""

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from .servers import answers

ROOT = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port):
    """The command `make run` serves the portal with, as make prints it."""
    printed = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", f"PORT={port}", "WORKERS=1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (line,) = [line for line in printed.splitlines() if "gunicorn" in line and "--bind" in line]
    return line


def wait_until_it_answers(port, server):
    for _ in range(100):
        if answers(port):
            return
        assert server.poll() is None, server.stdout.read()
        time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


@pytest.fixture
def start_server(tmp_path):
    servers = []
    # A home of their own: a control socket, if one were opened, would appear here and nowhere else.
    env = os.environ | {
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": "a-test-only-secret-" + "x" * 40,
    }

    def start(port):
        server = subprocess.Popen(
            gunicorn_command(port), shell=True, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )  # fmt: skip
        servers.append(server)
        wait_until_it_answers(port, server)
        return server

    yield start
    for server in servers:
        if server.poll() is None:
            os.killpg(server.pid, 15)
            server.wait(timeout=20)


def test_two_portals_started_like_make_run_serve_side_by_side_without_a_control_socket(start_server, tmp_path):
    first_port, second_port = free_port(), free_port()
    first = start_server(first_port)
    start_server(second_port)
    assert answers(first_port) and answers(second_port)
    assert not list(tmp_path.rglob("*.ctl")), "gunicorn opened a control socket"
    os.killpg(first.pid, 15)
    first.wait(timeout=20)
    assert answers(second_port), "stopping the first portal stopped the second"
