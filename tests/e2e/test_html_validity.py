"""Every public page type passes the Nu HTML Checker (npm vnu-jar, run with the machine's Java)."""

import json
import shutil
import subprocess

import pytest

from ..tools import require
from .conftest import VNU_JAR
from .site import LANGUAGES, PAGE_TYPES, build_site, page_url

pytestmark = pytest.mark.django_db


def test_every_page_type_is_valid_html_in_every_language(client, tmp_path):
    require(shutil.which("java") is not None, "Java", "install it with `apt-get install default-jre-headless`")
    require(VNU_JAR.exists(), "vnu-jar", "run `npm ci` (make test does this)")
    build_site()
    files = []
    for lang in LANGUAGES:
        for page_type in PAGE_TYPES:
            response = client.get(page_url(page_type, lang))
            assert response.status_code == (404 if page_type == "not-found" else 200)
            # A template comment or tag that Django did not read (such as a {# … #} over two lines) shows as text.
            leaked = [mark for mark in ("{#", "#}", "{%", "%}") if mark in response.content.decode()]
            assert not leaked, f"{page_type} ({lang}) shows template syntax: {leaked}"
            path = tmp_path / f"{page_type}-{lang}.html"
            path.write_bytes(response.content)
            files.append(path)
    checker = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(checker.stderr)["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"
    ]
    warnings = [m for m in messages if m["type"] != "error"]
    print(f"vnu: {len(files)} pages checked, {len(errors)} errors, {len(warnings)} warnings")
    assert not errors, "\n".join(errors)
