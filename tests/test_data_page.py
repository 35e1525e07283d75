"""/<lang>/data/: every download with its format and licence, the CSV's column dictionary, the OC4IDS mapping
and how to cite; linked from every page's footer and from the registry."""

import re

import pytest
from django.utils.html import escape

from projects.exports import EXPORT_COLUMNS
from projects.oc4ids import MAPPING
from projects.spreadsheet import COLUMNS

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db):
    gate = factories.make_district(slug="gate")
    factories.make_district(slug="green")
    factories.make_complete_project(district=gate)


def links(html):
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_data_page_lists_every_download_and_each_one_answers(client, registry, lang):
    html = client.get(f"/{lang}/data/").content.decode()

    downloads = [f"/{lang}/projects/{name}" for name in ("export.csv", "export.json", "oc4ids.json", "feed/")]
    for address in downloads:
        assert f'href="{address}"' in html
        assert client.get(address).status_code == 200, address
    for address in downloads:
        assert f'href="{address}?district=gate"' in html
    assert "?district=green" not in html  # no projects there: its downloads would be empty
    assert 'rel="license"' in html and "https://creativecommons.org/licenses/by/4.0/" in html


def test_the_data_page_explains_every_column_of_the_csv_and_the_oc4ids_mapping(client, registry):
    html = client.get("/en/data/").content.decode()

    for column in [*COLUMNS, *EXPORT_COLUMNS]:
        assert f"<code>{column.name}</code>" in html
        assert escape(str(column.help)) in html
        assert escape(str(column.kind)) in html
        assert not column.example or f"<code>{escape(column.example)}</code>" in html
    for _registry_field, oc4ids_field, _note in MAPPING:
        assert f"<code>{oc4ids_field}</code>" in html
    assert "OC4IDS status code: identification, preparation" in html  # in the page's language, not the first one's
    assert "How to cite" in html and "Alatau City Project Office" in html


def test_the_licence_and_publisher_come_from_the_settings(client, registry, settings):
    settings.DATA_LICENCE = {"name": "ODbL 1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"}
    settings.DATA_PUBLISHER = {"name": "Alatau City Open Data Unit"}

    html = client.get("/en/data/").content.decode()

    assert "https://opendatacommons.org/licenses/odbl/1-0/" in html and "ODbL 1.0" in html
    assert "Alatau City Open Data Unit" in html


@pytest.mark.parametrize("page", ["/en/", "/en/projects/", "/en/about/", "/en/districts/gate/"])
def test_every_page_links_the_data_page_in_its_footer(client, registry, page):
    html = client.get(page).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]

    assert 'href="/en/data/"' in footer


def test_the_registry_links_the_data_page_beside_its_downloads(client, registry):
    html = client.get("/en/projects/?district=gate").content.decode()

    assert 'href="/en/projects/oc4ids.json?district=gate"' in html
    assert 'href="/en/data/"' in html[: html.index('<footer class="site-footer">')]
