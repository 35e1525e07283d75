"""Security headers on every kind of response, over HTTPS as in production: the Content-Security-Policy (with a
fresh nonce wherever a page uses one, and never 'unsafe-inline' for scripts nor for styles), Permissions-Policy
(alatau/headers.py), X-Frame-Options, nosniff, Referrer-Policy, Cross-Origin-Opener-Policy and HSTS."""

import json
import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import path, reverse

from .factories import make_image

TILES = "https://tile.openstreetmap.org"
HSTS = "max-age=31536000; includeSubDomains"


def boom(request):
    raise RuntimeError("a view that fails")


# This module is also the URLconf of the 500 page's test (pytest.mark.urls).
urlpatterns = [path("boom/", boom)]


@pytest.fixture(autouse=True)
def https(settings):
    """Production's HTTPS settings (alatau/settings.py with DJANGO_HTTPS on); every request below is secure."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return {name: sources for name, *sources in directives}


def nonce(response):
    """The nonce the policy allows, or None."""
    found = {re.fullmatch(r"'nonce-(.+)'", source) for source in policy(response)["script-src"]} - {None}
    return found.pop().group(1) if found else None


def assert_security_headers(response):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert csp["style-src"][0] == "'self'"
    for directive in ("script-src", "style-src"):
        assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"} & set(csp[directive]), csp[directive]
    # The map's tiles are images and nothing else.
    assert TILES in csp["img-src"]
    assert [name for name, sources in csp.items() if TILES in sources] == ["img-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert {"camera=()", "geolocation=()", "microphone=()"} <= set(response["Permissions-Policy"].split(", "))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == HSTS


def assert_no_nonce(response):
    """A response that may be cached and served again must not carry a nonce (nor need one)."""
    assert nonce(response) is None
    assert "'nonce-" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_public_page_has_every_header_and_no_nonce_to_be_cached_with_it(client, project):
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert_no_nonce(response)
    assert b"nonce=" not in response.content  # nothing inline that would need one


@pytest.mark.django_db
def test_an_admin_page_has_every_header_and_a_fresh_nonce_on_its_inline_code(admin_client, project):
    address = reverse("admin:projects_project_changelist")
    nonces = []
    for _ in range(2):
        response = admin_client.get(address, secure=True)
        assert response.status_code == 200
        assert_security_headers(response)
        nonces.append(nonce(response))
        assert nonces[-1] and nonces[-1] in policy(response)["style-src"][1]
        # Every nonce attribute on the page is this response's nonce.
        used = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
        assert used == {nonces[-1]}
    assert nonces[0] != nonces[1]


def test_a_static_file_served_by_whitenoise_has_every_header(settings):
    # Tests have no collectstatic: WhiteNoise serves from the finders, as it does in development.
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get(django_settings.STATIC_URL + "js/map.js", secure=True)
    assert response.status_code == 200
    assert type(response).__module__.startswith("whitenoise")  # served by WhiteNoise, before any view
    assert_security_headers(response)
    assert_no_nonce(response)


@pytest.mark.django_db
def test_a_media_file_has_every_header(client, project):
    image = make_image(project)
    response = client.get(image.image.url, secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert_security_headers(response)
    assert_no_nonce(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["projects:export-csv", "projects:feed"])
def test_an_export_and_the_feed_have_every_header(client, project, name):
    response = client.get(reverse(name), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert_no_nonce(response)


@pytest.mark.django_db
def test_the_not_found_page_has_every_header(client):
    response = client.get("/en/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)
    assert_no_nonce(response)


@pytest.mark.urls(__name__)
def test_the_server_error_page_has_every_header():
    response = Client(raise_request_exception=False).get("/boom/", secure=True)
    assert response.status_code == 500
    assert_security_headers(response)
    assert_no_nonce(response)


# What the policy refuses in a page: style and on* attributes, javascript: links, and <script> or <style>
# elements without the nonce (a <script> with a src, or one that holds JSON data, needs none).
INLINE_CODE = re.compile(
    r"""<[^>]+\s(?:style|on[a-z]+)\s*=|javascript:|<style(?![^>]*\snonce=)|"""
    r"""<script(?![^>]*\s(?:src|nonce)=)(?![^>]*\stype="application/json")""",
    re.IGNORECASE,
)


@pytest.mark.django_db
def test_no_page_holds_inline_code_that_the_policy_would_refuse(admin_client, project):
    """The browser tests see the pages they visit; this reads every kind of page, the admin's included."""
    make_image(project)
    version = project.history.earliest()
    district = project.district
    district.save()  # a second entry in the district's history
    addresses = [
        reverse("home"),
        reverse("projects:list"),
        project.get_absolute_url(),
        district.get_absolute_url(),
        reverse("admin:index"),
        reverse("admin:projects_project_changelist"),
        reverse("admin:projects_project_change", args=[project.pk]),
        reverse("admin:projects_project_add"),
        reverse("admin:projects_project_history", args=[project.pk]),
        reverse("admin:projects_project_simple_history", args=[project.pk, version.pk]),
        reverse("admin:projects_project_import"),
        reverse("admin:projects_project_export"),
        reverse("admin:projects_project_delete", args=[project.pk]),
        reverse("admin:districts_district_change", args=[district.pk]),
        reverse("admin:districts_district_history", args=[district.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:password_change"),
    ]
    for address in addresses:
        response = admin_client.get(address, secure=True)
        assert response.status_code == 200, address
        found = INLINE_CODE.findall(response.content.decode())
        assert not found, (address, found)


def image_sources_and_storage_url(environment):
    """img-src, and the URL the storage gives an image, with alatau/settings.py read under `environment`."""
    script = (
        "import django, json; django.setup()\n"
        "from django.conf import settings; from django.core.files.storage import default_storage\n"
        "print(json.dumps([settings.SECURE_CSP['img-src'], default_storage.url('images/a.jpg')]))"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_S3_")}
    env |= {"DJANGO_SETTINGS_MODULE": "alatau.settings", "DJANGO_S3_ACCESS_KEY_ID": "x"} | environment
    env["DJANGO_S3_SECRET_ACCESS_KEY"] = "y"
    printed = subprocess.run(
        [sys.executable, "-c", script], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert printed.returncode == 0, printed.stderr
    return json.loads(printed.stdout)


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"DJANGO_S3_ENDPOINT_URL": "https://storage.example.kz:9000"},
        {"DJANGO_S3_ENDPOINT_URL": "https://storage.example.kz", "DJANGO_S3_CUSTOM_DOMAIN": "cdn.example.kz"},
    ],
    ids=["aws", "endpoint", "cdn"],
)
def test_images_in_object_storage_are_allowed_from_the_storages_origin_only(environment):
    sources, url = image_sources_and_storage_url({"DJANGO_S3_BUCKET": "alatau-media"} | environment)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    assert sources == ["'self'", "data:", TILES, origin]


def test_images_on_local_disk_are_allowed_from_the_portal_only():
    sources, url = image_sources_and_storage_url({})
    assert url.startswith("/media/")
    assert sources == ["'self'", "data:", TILES]
