"""In production mode (debug off) the portal refuses to start without a real secret key and its host names, and
says what to set; with the variables README's Production section documents it starts, and `check --deploy` finds
nothing to warn about."""

import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .test_serving import ROOT, free_port

DEVELOPMENT_SECRET = "django-insecure-development-only-never-use-this-key-in-production"
HOST = "registry.example.kz"
README = (ROOT / "README.md").read_text()


def documented_variables():
    """The environment README's Production section shows, with a fresh secret where it writes `...`."""
    block = README.split("\n## Production\n", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    variables = dict(line.split("#", 1)[0].strip().split("=", 1) for line in block.splitlines() if "=" in line)
    assert variables["DJANGO_SECRET_KEY"] == "..."
    return variables | {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)}


def clean_env(tmp_path, **variables):
    """Only what is given: nothing of the environment the tests run in (DJANGO_*, DATABASE_URL, REDIS_URL)."""
    return {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)} | variables


def production(tmp_path, **variables):
    """Real production values on a local SQLite file, a proxy in front that ends HTTPS."""
    values = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_BEHIND_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    return clean_env(tmp_path, **{name: value for name, value in (values | variables).items() if value is not None})


def load_wsgi(env):
    return subprocess.run(
        [sys.executable, "-c", "import alatau.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "secret",
    [None, DEVELOPMENT_SECRET, "django-insecure-" + secrets.token_urlsafe(50), secrets.token_urlsafe(20)],
    ids=["unset", "development key", "django-insecure prefix", "short"],
)
def test_the_application_refuses_to_load_without_a_real_secret_key(tmp_path, secret):
    loaded = load_wsgi(production(tmp_path, DJANGO_SECRET_KEY=secret))
    assert loaded.returncode != 0
    assert "Set DJANGO_SECRET_KEY to at least 50 random characters" in loaded.stderr
    assert "DJANGO_ALLOWED_HOSTS" not in loaded.stderr


@pytest.mark.parametrize("hosts", [None, "", "*"], ids=["unset", "empty", "wildcard"])
def test_the_application_refuses_to_load_without_the_site_s_host_names(tmp_path, hosts):
    loaded = load_wsgi(production(tmp_path, DJANGO_ALLOWED_HOSTS=hosts))
    assert loaded.returncode != 0
    assert "Set DJANGO_ALLOWED_HOSTS to the site's host names" in loaded.stderr
    assert "DJANGO_SECRET_KEY" not in loaded.stderr


def test_the_application_loads_with_real_values_and_in_debug_mode_with_none(tmp_path):
    loaded = load_wsgi(production(tmp_path))
    assert loaded.returncode == 0, loaded.stderr
    loaded = load_wsgi(clean_env(tmp_path, DJANGO_DEBUG="1"))
    assert loaded.returncode == 0, loaded.stderr


def test_gunicorn_in_production_mode_exits_with_the_development_key_and_says_what_to_set(tmp_path):
    server = subprocess.run(
        [f"{ROOT}/.venv/bin/gunicorn", "--config", "gunicorn.conf.py", "alatau.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{free_port()}"],
        cwd=ROOT, env=production(tmp_path, DJANGO_SECRET_KEY=DEVELOPMENT_SECRET), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert server.returncode != 0
    assert "The portal does not start in production mode" in server.stderr
    assert "Set DJANGO_SECRET_KEY" in server.stderr


def make_serve(env, port, **options):
    return subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True, **options,
    )  # fmt: skip


def test_make_serve_says_what_to_set_before_it_does_anything_else(tmp_path):
    served = make_serve(clean_env(tmp_path), free_port())
    output = served.communicate(timeout=120)[0]
    assert served.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in output and "Set DJANGO_ALLOWED_HOSTS" in output
    assert "collectstatic" not in output and "gunicorn" not in output


def test_make_serve_refuses_a_database_it_has_not_been_migrated_for(tmp_path):
    served = make_serve(production(tmp_path), free_port())
    output = served.communicate(timeout=120)[0]
    assert served.returncode != 0
    assert "The database is not migrated to this code" in output
    assert "gunicorn" not in output


def fetch(port, path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST} | headers)
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def test_make_serve_starts_in_production_mode_with_real_values(tmp_path):
    env = production(tmp_path, GUNICORN_CMD_ARGS="--workers 1")
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, capture_output=True)
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    server = make_serve(env, port)
    try:
        https = {"X-Forwarded-Proto": "https"}  # what the proxy in front says
        for _ in range(300):  # collectstatic comes first
            assert server.poll() is None, server.stdout.read()
            try:
                status, headers = fetch(port, "/ru/", **https)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(f"make serve did not answer on port {port}")
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        # HTTPS is on: plain HTTP is sent to HTTPS. A host that is not the site's is refused.
        status, headers = fetch(port, "/ru/")
        assert (status, headers["Location"]) == (301, f"https://{HOST}/ru/")
        assert fetch(port, "/ru/", Host="attacker.example", **https)[0] == 400
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_check_deploy_passes_under_the_documented_production_variables(tmp_path):
    checked = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=clean_env(tmp_path, **documented_variables()), capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "no issues" in checked.stdout
