"""Under the server `make run` starts, every image a public page shows answers as an image, and is not sniffed."""

import os
import shlex
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest

from .test_serving import ROOT, free_port, gunicorn_command, wait_until_it_answers

# Runs in the portal's environment: one image on a published project of the seeded registry; prints its page.
ADD_AN_IMAGE = """
from django.utils import translation
from projects.models import Project
from tests.factories import image_file, make_image

project = Project.objects.published().order_by("pk").first()
make_image(project, image=image_file(1600, 1000))
with translation.override("en"):
    print(project.get_absolute_url())
"""


class ImageAddresses(HTMLParser):
    """Every <img src>, every srcset candidate (of <img> and <source>) and every link to media on a page."""

    def __init__(self):
        super().__init__()
        self.sources, self.srcset, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and attrs.get("src"):
            self.sources.append(attrs["src"])
        if tag in ("img", "source") and attrs.get("srcset"):
            self.srcset += [candidate.split()[0] for candidate in attrs["srcset"].split(",") if candidate.strip()]
        if tag == "a" and "/media/" in attrs.get("href", ""):
            self.links.append(attrs["href"])  # a picture opened at full size


@pytest.fixture
def portal(tmp_path):
    """The seeded portal with one project image, served as `make run` serves it; yields its address and page."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "REDIS_URL"))}
    env |= {
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SECRET_KEY": "a-test-only-secret-" + "x" * 40,
    }

    def run(command):
        done = subprocess.run(command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    # What `make run` does before it starts gunicorn (migrate, seed, illustrations, collectstatic), as make says.
    for command in run("make --no-print-directory -n run").splitlines():
        if " manage.py " in command:
            run(command)
    page = run(shlex.join([sys.executable, "manage.py", "shell", "-c", ADD_AN_IMAGE])).strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        gunicorn_command(port), shell=True, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        wait_until_it_answers(port, server)
        yield f"http://127.0.0.1:{port}", page
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_every_image_on_a_public_page_answers_as_an_image_with_nosniff_under_make_run(portal):
    address, page = portal
    status, _headers, body = fetch(address + page)
    assert status == 200
    found = ImageAddresses()
    found.feed(body.decode())
    assert any("/media/" in url for url in found.sources), found.sources
    assert any("/media/" in url for url in found.srcset), "the page offers no renditions (srcset)"
    for url in dict.fromkeys(found.sources + found.srcset + found.links):
        status, headers, _body = fetch(urljoin(address + page, url))
        assert status == 200, url
        assert headers["Content-Type"].startswith("image/"), url
        assert headers["X-Content-Type-Options"] == "nosniff", url
