"""When the database fails, every page answers 503 with a translated page and Retry-After, and /healthz says so in
JSON (alatau/faults.py); a database that stops answering holds no request for more than a few seconds
(connect_timeout, alatau/watchdog.py); the portal serves again once the database is back, without a restart.

The first tests use the test client. The others serve with gunicorn, as `make run` does, on a PostgreSQL cluster
of their own (initdb in a temporary folder, on a port of 5521-5529: never the machine's own), which they stop,
freeze and lock; they skip without PostgreSQL 15's binaries or root (for `runuser`), and fail under CI=true.
"""

import socket
import time
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import OperationalError, connection
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext

from alatau.urls import urlpatterns as portal_urlpatterns

from .servers import Cluster, Server, free_port, manage, portal_env
from .test_serving import gunicorn_command


def late_query(request):
    """A page whose only query runs as its template renders (the footer's "data last updated")."""
    return TemplateResponse(request, "base.html")


# This module is also the URLconf of the test of rendering (pytest.mark.urls).
urlpatterns = [path("late-query/", late_query), *portal_urlpatterns]


def refuse(execute, sql, params, many, context):
    raise OperationalError("connection refused")


def assert_unavailable(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    with translation.override(language):
        assert gettext("The registry is temporarily unavailable") in content


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("page", ["", "projects/", "districts/"])
def test_a_page_the_database_fails_answers_503_in_the_visitors_language(client, db, language, page):
    with connection.execute_wrapper(refuse):
        response = client.get(f"/{language}/{page}")
    assert_unavailable(response, language)


def test_the_admin_answers_503_when_the_database_fails(editor_client):
    # The session middleware reads the session again after the view: handler500 answers what it raises.
    editor_client.raise_request_exception = False
    with connection.execute_wrapper(refuse):
        response = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert_unavailable(response, "en")


@pytest.mark.urls(__name__)
def test_a_query_made_while_the_template_renders_answers_503(client, db):
    with connection.execute_wrapper(refuse):
        response = client.get("/late-query/", HTTP_ACCEPT_LANGUAGE="kk")
    assert_unavailable(response, "kk")


def test_healthz_answers_a_load_balancer_over_plain_http_and_by_address(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["registry.example.kz"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"database": "up"}
    # The exemptions are the probe's alone: a page asked for the same way is refused or redirected.
    assert client.get("/ru/", HTTP_HOST="10.0.0.7").status_code == 400
    assert client.get("/ru/", HTTP_HOST="registry.example.kz").status_code == 301


# Against a PostgreSQL cluster, with gunicorn.

CLUSTER_PORTS = range(5521, 5530)
SERVER_PORTS = range(8921, 8930)
SECRET_KEY = "a-test-only-secret-" + "x" * 40
# The settings' defaults, which production gets.
CONNECT_TIMEOUT = 3
QUERY_DEADLINE = 5


def faults_env(database_url, home):
    return portal_env(
        database_url, SECRET_KEY, HOME=str(home), XDG_RUNTIME_DIR=str(home), DJANGO_MEDIA_ROOT=str(home / "media")
    )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(CLUSTER_PORTS, prefix="alatau-faults-pg-")
    try:
        cluster.start()
        with psycopg.connect(cluster.url(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE alatau")
        env = faults_env(cluster.url("alatau"), tmp_path_factory.mktemp("home"))
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        # Production mode serves the hashed static files: the pages need their manifest.
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def running_cluster(cluster):
    """The cluster, thawed and started again if a test left it otherwise."""
    if cluster.is_running():
        cluster.thaw()
    else:
        cluster.start()
    return cluster


class Portal(Server):
    """gunicorn serving the portal with one worker (of four threads), as `make run` starts it."""

    def __init__(self, database_url, home):
        port = free_port(SERVER_PORTS)
        super().__init__(
            gunicorn_command(port), port, faults_env(database_url, home), home / "gunicorn.log", shell=True
        )
        # Any answer will do: some tests serve a database that is down.
        self.worker = self.wait(healthy=False).workers()

    def get(self, path, timeout=30):
        """(status, headers, text, seconds taken); status 0 when nothing answered."""
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        except OSError:
            status, headers, body = 0, {}, b""
        return status, headers, body.decode(), time.monotonic() - started


@pytest.fixture
def serve(tmp_path):
    portals = []

    def start(database_url):
        portals.append(Portal(database_url, tmp_path))
        return portals[-1]

    yield start
    for portal in portals:
        portal.stop()


def assert_served(portal, path):
    status, _headers, text, _seconds = portal.get(path)
    assert status == 200, text


def assert_answers_unavailable(portal, path, language, within):
    status, headers, text, seconds = portal.get(path)
    assert status == 503, text
    assert headers["Retry-After"] == "30"
    with translation.override(language):
        assert gettext("The registry is temporarily unavailable") in text
    assert seconds < within, f"{path} took {seconds:.1f} s"
    return seconds


def assert_healthz_down(portal, within):
    status, _headers, text, seconds = portal.get("/healthz")
    assert (status, text) == (503, '{"database": "down"}')
    assert seconds < within, f"/healthz took {seconds:.1f} s"
    return seconds


def assert_recovers(portal, within=10):
    """The pages and /healthz serve again, from the same worker, none killed for its timeout."""
    deadline = time.monotonic() + within
    while portal.get("/healthz", timeout=within)[0] != 200:
        assert time.monotonic() < deadline, portal.output()
        time.sleep(0.2)
    for page in ("/ru/", "/en/projects/"):
        assert_served(portal, page)
    assert portal.workers() == portal.worker, portal.output()
    assert "WORKER TIMEOUT" not in portal.output()


def test_a_stopped_database_answers_503_and_is_served_again_once_back(running_cluster, serve):
    portal = serve(running_cluster.url("alatau"))
    assert_served(portal, "/ru/")
    running_cluster.stop()
    try:
        assert_answers_unavailable(portal, "/ru/", "ru", within=1)
        assert_answers_unavailable(portal, "/en/projects/", "en", within=1)
        assert_healthz_down(portal, within=1)
    finally:
        running_cluster.start()
    assert_recovers(portal)


def test_a_frozen_database_answers_503_within_seconds_and_no_worker_is_killed(running_cluster, serve):
    portal = serve(running_cluster.url("alatau"))
    assert_served(portal, "/ru/")  # a connection kept from an earlier request, which the freeze leaves hanging
    running_cluster.freeze()
    try:
        assert_healthz_down(portal, within=2)
        assert_answers_unavailable(portal, "/ru/", "ru", within=QUERY_DEADLINE + 1)
        assert_answers_unavailable(portal, "/en/projects/", "en", within=QUERY_DEADLINE + 1)
    finally:
        running_cluster.thaw()
    assert_recovers(portal)


def test_a_query_that_waits_past_its_deadline_answers_503(running_cluster, serve):
    """The server answers, but one query waits: here for a lock, which no statement_timeout limits."""
    portal = serve(running_cluster.url("alatau"))
    assert_served(portal, "/ru/")
    with psycopg.connect(running_cluster.url("alatau")) as locker:
        locker.execute("LOCK TABLE districts_registryversion IN ACCESS EXCLUSIVE MODE")
        seconds = assert_answers_unavailable(portal, "/ru/", "ru", within=QUERY_DEADLINE + 1)
        assert seconds >= QUERY_DEADLINE - 0.5
    assert_recovers(portal)


def test_an_unreachable_database_answers_503_after_the_connect_timeout(serve):
    """A database behind a network that drops packets: a socket whose queue of connections is full ignores the
    next ones, as a host that does not answer does (an address of a network not here, such as 10.255.255.1,
    might answer through a proxy, or be refused at once)."""
    with socket.socket() as black_hole:
        black_hole.bind(("127.0.0.1", free_port(CLUSTER_PORTS)))
        black_hole.listen(0)
        filler = socket.create_connection(black_hole.getsockname())
        try:
            portal = serve(f"postgres://postgres@127.0.0.1:{black_hole.getsockname()[1]}/alatau")
            assert_healthz_down(portal, within=2)
            seconds = assert_answers_unavailable(portal, "/ru/", "ru", within=CONNECT_TIMEOUT + 1)
            assert seconds >= CONNECT_TIMEOUT - 0.5
            assert "WORKER TIMEOUT" not in portal.output()
        finally:
            filler.close()
