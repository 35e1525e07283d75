"""Where am I: every page below home shows its trail from home (schema.org BreadcrumbList microdata), every kind
of page is within three clicks of home, and a page not found offers a search and the main sections."""

import re
from collections import deque
from html import unescape

import pytest
from django.urls import resolve

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    district = factories.make_district(slug="gate", name_en="Gate District")
    organisation = factories.make_organisation(slug="pepsico", name_en="PepsiCo")
    factories.make_project(
        slug="plant", title_en="Snack plant", district=district, organisation=organisation, is_flagship=True
    )
    return district


def trail(content):
    """[(name, address or None)] of the page's breadcrumb trail; None where there is none."""
    nav = re.search(r'<nav aria-label="[^"]+" class="breadcrumbs">(.*?)</nav>', content, re.S)
    if not nav:
        return None
    assert 'itemtype="https://schema.org/BreadcrumbList"' in nav.group(1)
    items = re.findall(
        r'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
        r'(.*?)<meta itemprop="position" content="(\d+)"></li>',
        nav.group(1),
        re.S,
    )
    assert [int(position) for _body, position in items] == list(range(1, len(items) + 1))
    current = ['aria-current="page"' in body for body, _position in items]
    assert current == [False] * (len(items) - 1) + [True]
    result = []
    for body, _position in items:
        name = unescape(re.search(r'<span itemprop="name"(?: aria-current="page")?>(.*?)</span>', body).group(1))
        link = re.search(r'<a itemprop="item" href="([^"]+)">', body)
        result.append((name, link.group(1) if link else None))
    return result


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/en/districts/", [("Home", "/en/"), ("Districts", None)]),
        ("/en/districts/gate/", [("Home", "/en/"), ("Districts", "/en/districts/"), ("Gate District", None)]),
        ("/en/projects/", [("Home", "/en/"), ("Project registry", None)]),
        ("/en/projects/?status=preparation", [("Home", "/en/"), ("Project registry", None)]),
        ("/en/projects/plant/", [("Home", "/en/"), ("Project registry", "/en/projects/"), ("Snack plant", None)]),
        ("/en/organisations/", [("Home", "/en/"), ("Organisations", None)]),
        (
            "/en/organisations/pepsico/",
            [("Home", "/en/"), ("Organisations", "/en/organisations/"), ("PepsiCo", None)],
        ),
        ("/en/about/", [("Home", "/en/"), ("About the registry", None)]),
        ("/en/data/", [("Home", "/en/"), ("Open data", None)]),
        ("/en/accessibility/", [("Home", "/en/"), ("Accessibility", None)]),
        ("/en/glossary/", [("Home", "/en/"), ("Glossary", None)]),
    ],
)
def test_every_page_below_home_shows_its_trail(client, site, url, expected):
    content = client.get(url).content.decode()
    assert trail(content) == expected
    # The current page is named by its own address in the microdata.
    path = url.split("?")[0]
    assert f'<link itemprop="item" href="http://testserver{path}' in content


def test_the_trail_is_in_the_pages_language(client, site):
    assert trail(client.get("/ru/projects/plant/").content.decode())[0] == ("Главная", "/ru/")


def test_home_has_no_trail(client, site):
    assert trail(client.get("/en/").content.decode()) is None


def test_a_page_not_found_has_a_trail_a_search_and_the_main_sections(client, site):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert trail(content) == [("Home", "/en/"), ("Page not found", None)]
    assert '<link itemprop="item"' not in content  # a missing page has no address of its own to give
    main = content.split("<main", 1)[1].split("</main>", 1)[0]
    form = re.search(r'<form method="get" action="/en/projects/" role="search"[^>]*>(.*?)</form>', main, re.S)
    assert form and 'name="q"' in form.group(1)
    assert re.search(r'<label for="not-found-q">[^<]+</label>', form.group(1))
    for section in ("/en/districts/", "/en/projects/", "/en/organisations/", "/en/data/", "/en/about/"):
        assert f'href="{section}"' in main


def test_every_kind_of_page_is_within_three_clicks_of_home(client, site):
    """A breadth-first walk of the links from home, three clicks deep, reaches every kind of public page."""
    depth = {"/en/": 0}
    queue = deque(["/en/"])
    while queue:
        url = queue.popleft()
        if depth[url] == 3:
            continue
        response = client.get(url)
        if response.streaming or not response["Content-Type"].startswith("text/html"):
            continue  # downloads and feeds
        for href in re.findall(r'<a [^>]*href="(/en/[^"#]*)"', response.content.decode()):
            href = unescape(href)
            if href not in depth and "/display/" not in href:
                depth[href] = depth[url] + 1
                queue.append(href)
    reached = {resolve(url.split("?")[0]).view_name for url in depth}
    assert reached >= {
        "home",
        "districts:list",
        "districts:detail",
        "projects:list",
        "projects:detail",
        "projects:organisation-list",
        "projects:organisation-detail",
        "about",
        "data",
        "accessibility",
        "glossary",
    }
