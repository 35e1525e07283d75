"""Downloads of exactly what the registry shows: CSV and JSON, with the registry's filters and order, published
projects only, streamed, with a file name that says what they hold."""

import csv
import io
import json

import pytest
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
    "?investment_min=2000000&investment_max=6000000",
    "?district=gate&q=ЗАУЫТ&ordering=-investment",
]


@pytest.fixture
def registry(db):
    gate = factories.make_district(slug="gate", name_en="Gate District")
    golden = factories.make_district(slug="golden")
    for n in range(1, 8):
        factories.make_project(
            slug=f"plant-{n}",
            title_kk=f"Зауыт {n}",
            title_ru=f"Завод {n}",
            title_en=f"Plant {n}",
            district=gate if n % 2 else golden,
            status="implementation" if n % 3 else "preparation",
            investment_amount=1_000_000 * n,
        )
    factories.make_project(slug="secret", title_kk="Зауыт жасырын", district=gate, is_published=False)


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
