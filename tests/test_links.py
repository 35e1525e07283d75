"""Every address the portal builds from the request stays on the portal: a crafted path such as
//evil.example/ru/projects/ must never turn into a link, alternate or canonical URL to another host."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from . import factories

pytestmark = pytest.mark.django_db

HOSTILE_PATHS = [
    "//evil.example/ru/projects/",
    "//evil.example/",
    "///evil.example/ru/",
    "/\\evil.example/ru/projects/",
    "//evil.example/ru/projects/?page=2&status=planned",
    "//evil.example",
    "/ru//evil.example/",
    "/%2F%2Fevil.example/ru/",
    "/ru/projects//evil.example/",
    "/kk/no-such-page/?next=//evil.example/",
]
ATTRIBUTE = re.compile(r'\b(?:href|src|action|content)="([^"]*)"')


def addresses(content):
    """Every address-like attribute value of a page (links, scripts, forms, meta and link tags)."""
    return [value for value in ATTRIBUTE.findall(content) if value.startswith(("/", "http", "\\"))]


def is_same_site(address):
    if address.startswith(("//", "/\\", "\\")):
        return False
    host = urlsplit(address).hostname
    return host in (None, "testserver")


def request_line(client, target):
    """GET `target` exactly as an HTTP request line carries it: the test client would read //host as a host."""
    path, _, query = target.partition("?")
    return client.get("/", PATH_INFO=path, QUERY_STRING=query)


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_crafted_path_never_becomes_a_link_to_another_host(client, path):
    factories.make_project()
    response = request_line(client, path)
    assert response.status_code in (301, 302, 404)
    if response.status_code in (301, 302):
        assert is_same_site(response["Location"]), response["Location"]
        return
    content = response.content.decode()
    assert "evil.example" not in content.replace(path, "")  # nothing but an echo in the text could carry it
    # The footer's one link elsewhere, the data licence, is fixed by the settings.
    foreign = [a for a in addresses(content) if not is_same_site(a) and a != settings.DATA_LICENCE["url"]]
    assert not foreign
    assert 'hreflang="kk" href="http://testserver/kk/"' in content


def test_the_language_links_of_a_real_page_keep_its_path_and_query(client):
    district = factories.make_district()
    content = client.get(f"/ru/districts/{district.slug}/?status=preparation&page=1").content.decode()
    assert f'href="/kk/districts/{district.slug}/?status=preparation&amp;page=1"' in content
    assert f'<meta property="og:url" content="http://testserver/ru/districts/{district.slug}/?status' in content
    # The share links (includes/share.html) lead to fixed services, carrying this page's own address.
    elsewhere = ("openstreetmap", settings.DATA_LICENCE["url"], "https://t.me/share/url?", "https://wa.me/?")
    foreign = [a for a in addresses(content) if not is_same_site(a) and not any(e in a for e in elsewhere)]
    assert not foreign
