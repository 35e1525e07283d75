"""Downloads of exactly what the registry shows: CSV and JSON, with the registry's filters and order, published
projects only, streamed, with a file name that says what they hold."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from districts.models import District
from projects.spreadsheet import COLUMN_NAMES

from . import factories

pytestmark = pytest.mark.django_db

FILTERS = [
    "",
    "?district=gate",
    "?status=implementation&status=preparation",
    "?q=зауыт",
    "?currency=USD&investment_min=2000000&investment_max=6000000",
    "?district=gate&q=ЗАУЫТ&ordering=-investment",
]


@pytest.fixture
def registry(db):
    gate = factories.make_district(slug="gate", name_en="Gate District")
    factories.make_plants(gate, factories.make_district(slug="golden"))


def body(response):
    return b"".join(response.streaming_content)


def registry_slugs(client, lang, query):
    return [project.slug for project in client.get(f"/{lang}/projects/{query}").context["page_obj"]]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("query", FILTERS)
def test_the_csv_holds_the_registrys_results_in_its_order(client, registry, lang, query):
    response = client.get(f"/{lang}/projects/export.csv{query}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == registry_slugs(client, lang, query)
    assert "secret" not in {row["slug"] for row in rows}


@pytest.mark.parametrize("query", FILTERS)
def test_the_json_holds_the_registrys_results_and_says_how_many(client, registry, query):
    data = json.loads(body(client.get(f"/en/projects/export.json{query}")))
    slugs = registry_slugs(client, "en", query)
    assert [project["id"] for project in data["projects"]] == slugs
    assert data["count"] == len(slugs)
    assert data["licence"]["name"] == "CC BY 4.0" and data["language"] == "en"


def test_the_csv_starts_with_a_bom_and_keeps_kazakh_and_cyrillic_letters(client, registry):
    raw = body(client.get("/kk/projects/export.csv?district=gate"))
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0])[: len(COLUMN_NAMES)] == COLUMN_NAMES
    assert rows[0]["title_kk"] == "Зауыт 1" and rows[0]["title"] == "Зауыт 1"
    assert rows[0]["district"] == "gate"
    assert rows[0]["district_name"] == District.objects.get(slug="gate").name_kk


def test_each_row_links_the_projects_page(client, registry):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/en/projects/export.csv")).decode("utf-8-sig"))))
    projects = json.loads(body(client.get("/en/projects/export.json")))["projects"]
    page = "http://testserver/en/projects/plant-1/"
    assert rows[0]["url"] == projects[0]["url"] == page


def download_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        body(client.get(url))
    return len(queries)


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_a_downloads_queries_do_not_grow_with_its_projects(client, extension):
    """Every row a project shows (organisations, sources, figures, timeline) is read for a chunk of projects at a
    time, never project by project."""
    gate = factories.make_district(slug="gate")
    specialization = factories.make_specialization()
    source = factories.make_source()

    def add_projects(count):
        for _ in range(count):
            project = factories.make_complete_project(
                district=gate, investment_amount=1000, planned_start="2027-03-01", planned_start_source=source
            )
            project.specializations.add(specialization)
            factories.make_milestone(project, source=source)

    url = f"/en/projects/export.{extension}?district=gate"
    add_projects(3)
    few = download_queries(client, url)
    add_projects(27)
    if extension == "csv":
        rows = list(csv.DictReader(io.StringIO(body(client.get(url)).decode("utf-8-sig"))))
        assert len(rows) == 30
        assert all(row["organisations"] and row["sources"] and row["specializations"] for row in rows)
    else:
        projects = json.loads(body(client.get(url)))["projects"]
        assert len(projects) == 30 and all(project["timeline"] and project["figures"] for project in projects)
    assert download_queries(client, url) == few
    # The registry version, the district filter, (the JSON's count,) the projects, their districts, a query per
    # relation.
    assert few == {"csv": 7, "json": 10}[extension]


def test_a_formula_like_title_is_plain_text_in_the_csv(client, registry):
    factories.make_project(slug="evil", title_en='=HYPERLINK("https://evil.example","x")', title_ru="@SUM(1)")
    rows = list(csv.DictReader(io.StringIO(body(client.get("/en/projects/export.csv?q=evil")).decode("utf-8-sig"))))
    evil = next(row for row in rows if row["slug"] == "evil")
    assert evil["title_en"].startswith("'=") and evil["title_ru"].startswith("'@")


def test_downloads_are_named_for_what_they_hold(client, registry):
    response = client.get("/en/projects/export.csv?district=gate")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="alatau-projects-gate-{today}.csv"'
    assert response["Content-Type"].startswith("text/csv")
    json_response = client.get("/en/projects/export.json")
    assert json_response["Content-Disposition"] == f'attachment; filename="alatau-projects-{today}.json"'


@pytest.mark.parametrize("extension", ["csv", "json"])
@pytest.mark.parametrize("query", ["?status=built", "?investment_min=lots", "?district=atlantis", "?q=" + "x" * 300])
def test_an_invalid_filter_answers_400_with_the_registrys_message(client, registry, extension, query):
    response = client.get(f"/en/projects/export.{extension}{query}")
    assert response.status_code == 400
    assert response.content.decode().strip()
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/en/projects/?district=gate&page=1", "?district=gate"),
        ("/en/districts/gate/", "?district=gate"),
    ],
)
def test_pages_link_their_projects_downloads(client, registry, url, query):
    content = client.get(url).content.decode()
    assert f'href="/en/projects/export.csv{query}"' in content
    assert f'href="/en/projects/export.json{query}"' in content


@pytest.mark.parametrize("download", ["export.csv", "export.json", "oc4ids.json", "feed/"])
def test_the_renamed_investor_parameter_answers_301_with_organisation_as_the_registry_does(client, download):
    response = client.get(f"/en/projects/{download}?investor=pepsico&district=gate")

    assert response.status_code == 301
    assert response["Location"] == f"/en/projects/{download}?district=gate&organisation=pepsico"
