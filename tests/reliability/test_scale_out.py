"""Two app servers behind one address, sharing PostgreSQL and Redis (README, "Scaling out"): a page cached by
one is in the shared cache, and an edit saved through one shows through the other on the very next request.

It uses a scratch database on the machine's PostgreSQL (127.0.0.1:5432) and Redis database 7 on 127.0.0.1:6379,
both emptied afterwards; neither server is ever stopped.
"""

import secrets
import urllib.request

import psycopg
import pytest
import redis
from django.urls import reverse

from ..tools import require
from .admin_session import AdminSession
from .conftest import ADMIN, manage, portal_env

POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE = "alatau_scaleout"
REDIS_URL = "redis://127.0.0.1:6379/7"
CACHE_PREFIX = "alatau-scaleout"
# The address visitors use: the load balancer passes it to whichever server answers, so both cache one page.
HOST = "localhost"


def reachable(connect):
    try:
        connect()
    except (OSError, psycopg.Error, redis.RedisError):
        return False
    return True


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL)
    require(reachable(client.ping), "Redis on 127.0.0.1:6379", "apt-get install redis-server")
    client.flushdb()  # this database number only
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def shared_database():
    require(
        reachable(lambda: psycopg.connect(f"{POSTGRES}/postgres").close()),
        "PostgreSQL on 127.0.0.1:5432",
        "apt-get install postgresql",
    )

    def run(statement):
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(statement)

    run(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    run(f"CREATE DATABASE {DATABASE}")
    url = f"{POSTGRES}/{DATABASE}"
    env = portal_env(url, DJANGO_SUPERUSER_PASSWORD=ADMIN["password"])
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "seed_registry")
    manage(env, "createsuperuser", "--noinput", "--username", ADMIN["username"], "--email", "admin@example.org")
    yield url
    run(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def page(server, path):
    request = urllib.request.Request(server.url(path), headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=15) as response:
        return response.read().decode()


def test_an_edit_through_one_server_shows_through_the_other_at_once(shared_redis, shared_database, serve):
    env = {"REDIS_URL": REDIS_URL, "DJANGO_CACHE_PREFIX": CACHE_PREFIX, "DJANGO_CACHE_PAGES": "1"}
    first, second = serve(shared_database, **env), serve(shared_database, **env)
    with psycopg.connect(shared_database) as connection:
        project_id, slug, title = connection.execute(
            "SELECT id, slug, title_en FROM projects_project WHERE is_published ORDER BY id"
        ).fetchone()
    path = f"/en/projects/{slug}/"

    assert title in page(first, path)
    assert shared_redis.keys(f"{CACHE_PREFIX}:*page:*"), "the first server cached no page in the shared Redis"
    assert title in page(second, path)
    assert len(shared_redis.keys(f"{CACHE_PREFIX}:*page:*")) == 1, "the two servers cached the page apart"

    new_title = f"Renamed through the first server {secrets.token_hex(4)}"
    admin = AdminSession(first.url(""))
    admin.log_in(reverse("admin:login"), ADMIN["username"], ADMIN["password"])
    change = reverse("admin:projects_project_change", args=[project_id])
    saved = admin.post_form(change, "project_form", {"title_en": new_title, "_save": "Save"})
    assert saved.url.endswith(reverse("admin:projects_project_changelist")), "the admin did not save the change"

    shown = page(second, path)
    assert new_title in shown and title not in shown
