"""Media served by the portal itself (images/views.py): images only, by their stored type, and never sniffed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.http import http_date

from .factories import image_file, make_image

ROOT = Path(settings.BASE_DIR)
YEAR = "public, max-age=31536000, immutable"

pytestmark = pytest.mark.django_db  # the 404 page reads the registry


def media_url(name):
    return settings.MEDIA_URL + name  # "/media/": Django puts the script prefix before a relative MEDIA_URL


def stored_names(image):
    return [image.image.name, *image.image.rendition_names()]


def test_a_stored_image_and_each_rendition_are_served_inline_by_type_with_nosniff_and_cached_for_a_year(
    client, project
):
    image = make_image(project)
    names = stored_names(image)
    assert len(names) == 7  # the JPEG, and 320, 640 and 800 px in WebP and JPEG
    for name in names:
        response = client.get(media_url(name))
        assert response.status_code == 200, name
        assert response["Content-Type"] == ("image/webp" if name.endswith(".webp") else "image/jpeg")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == "inline"
        assert response["Cache-Control"] == YEAR
        assert b"".join(response.streaming_content) == image.image.storage.open(name).read()


def test_a_png_is_served_as_png(client, project):
    image = make_image(project, image=image_file(image_format="PNG", colour=(0, 0, 0, 0)))
    assert image.image.name.endswith(".png")
    response = client.get(media_url(image.image.name))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def write_media(name, data=b""):
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name",
    [
        "notes.html",  # a page would run scripts under the portal's origin
        "picture.svg",  # so would an SVG
        "archive.zip",
        "notes",
        "projects/",  # a folder
        "../settings.py",
        "missing.jpg",
    ],
)
def test_anything_but_a_stored_image_is_not_found(client, name):
    for file in ("notes.html", "picture.svg", "archive.zip", "notes"):
        write_media(file, b"<script>alert(1)</script>")
    (Path(settings.MEDIA_ROOT) / "projects").mkdir(exist_ok=True)
    (Path(settings.MEDIA_ROOT).parent / "settings.py").write_text("SECRET_KEY = 'x'")
    assert client.get(media_url(name)).status_code == 404


def test_a_folder_named_like_an_image_is_not_listed(client):
    (Path(settings.MEDIA_ROOT) / "album.jpg").mkdir(parents=True)
    write_media("album.jpg/inside.jpg", image_file().read())
    assert client.get(media_url("album.jpg")).status_code == 404


def test_an_image_outside_the_media_folder_is_refused(client):
    Path(settings.MEDIA_ROOT).mkdir(parents=True)
    (Path(settings.MEDIA_ROOT).parent / "outside.jpg").write_bytes(image_file().read())
    for path in ("../outside.jpg", "projects/../../outside.jpg", "%2e%2e/outside.jpg"):
        response = client.get(media_url(path))
        assert response.status_code == 404, path
        assert "Content-Disposition" not in response


def test_an_image_with_a_name_the_portal_did_not_give_is_cached_for_an_hour_only(client):
    write_media("fixtures/tower.jpg", image_file().read())
    response = client.get(media_url("fixtures/tower.jpg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_a_conditional_request_for_an_unchanged_image_answers_304(client, project):
    image = make_image(project)
    url = media_url(image.image.name)
    first = client.get(url)
    assert first.status_code == 200
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    modified = os.stat(image.image.path).st_mtime
    assert client.get(url, headers={"if-modified-since": http_date(modified - 60)}).status_code == 200


@pytest.mark.parametrize("environment", [{"DJANGO_SERVE_MEDIA": "0"}, {"DJANGO_S3_BUCKET": "registry-media"}])
def test_with_a_web_server_or_object_storage_in_front_the_portal_does_not_route_media(environment):
    # alatau/urls.py reads SERVE_MEDIA when it is imported: ask a fresh process configured that way.
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.urls import Resolver404, resolve\n"
        "assert not settings.SERVE_MEDIA\n"
        "try:\n    resolve(settings.MEDIA_URL + 'projects/2026/11/' + 'a' * 24 + '.jpg')\n"
        "except Resolver404:\n    print('not routed')\n"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_S3_", "DJANGO_SERVE"))}
    env |= {"DJANGO_SETTINGS_MODULE": "alatau.settings", **environment}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "not routed"


def test_by_default_the_portal_routes_media():
    from django.urls import resolve

    assert settings.SERVE_MEDIA
    assert resolve(media_url("projects/2026/11/" + "a" * 24 + ".jpg")).url_name == "media"
