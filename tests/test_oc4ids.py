"""The registry as an OC4IDS 0.9 project package: valid against the official schema (../shared/oc4ids/) for the
whole registry and for each district, in every language, and true to the standard's rules that a schema does
not check (the traps the shared facts list)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from districts.models import District
from projects.models import Project

from . import factories
from .tools import require

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "en"]
OC4IDS = Path(__file__).resolve().parents[2] / "shared" / "oc4ids"
PACKAGE_SCHEMA_URL = "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-schema.json"


def body(response):
    return b"".join(response.streaming_content)


def package(client, lang, query=""):
    response = client.get(f"/{lang}/projects/oc4ids.json{query}")
    assert response.status_code == 200, response
    return json.loads(body(response))


def validation_errors(data):
    """The schema's complaints about `data`, with formats (date-time, uri) checked too."""
    require(OC4IDS.exists(), "../shared/oc4ids (the OC4IDS schema)", "check out the project beside ../shared")
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    def resource(name):
        return Resource.from_contents(json.loads((OC4IDS / name).read_text()), default_specification=DRAFT4)

    registry = Registry().with_resource(PACKAGE_SCHEMA_URL, resource("project-schema.json"))
    schema = json.loads((OC4IDS / "project-package-schema.json").read_text())
    validator = Draft4Validator(schema, registry=registry, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(data)]


def empty_values(value, path="$"):
    """Paths of every empty list, object or text in `value`: OC4IDS leaves them out."""
    if value in ([], {}, "", None):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from empty_values(item, f"{path}.{key}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from empty_values(item, f"{path}[{n}]")


def load_fixtures():
    call_command("loaddata", "districts", "projects", verbosity=0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_seeded_registry_is_a_valid_package_as_a_whole_and_for_each_district(client, lang):
    load_fixtures()
    whole = package(client, lang)
    assert validation_errors(whole) == []
    assert len(whole["projects"]) == Project.objects.published().count()
    for district in District.objects.all():
        if not Project.objects.published().filter(district=district).exists():
            # A package holds at least one project: a district without any is told so in words.
            assert client.get(f"/{lang}/projects/oc4ids.json?district={district.slug}").status_code == 404
            continue
        part = package(client, lang, f"?district={district.slug}")
        assert validation_errors(part) == [], district.slug
        assert {project["locations"][-1]["id"] for project in part["projects"]} == {f"district-{district.slug}"}


def test_the_seeded_registry_keeps_the_standards_rules_that_a_schema_does_not_check(client):
    load_fixtures()
    packages = {lang: package(client, lang) for lang in LANGUAGES}
    for lang, data in packages.items():
        assert list(empty_values(data)) == []
        assert data["version"] == "0.9"
        for project in data["projects"]:
            assert project["id"].startswith("oc4ids-alatau-unregistered-")
            assert project["language"] == lang
            for field in ("locations", "milestones", "documents", "parties"):
                assert all(item.get("id") for item in project.get(field, [])), (project["id"], field)
    # One package per language, with the same projects, ids and codes; only the words change.
    ids = {lang: [project["id"] for project in data["projects"]] for lang, data in packages.items()}
    assert sorted(ids["kk"]) == sorted(ids["ru"]) == sorted(ids["en"])
    codes = {
        lang: {
            p["id"]: (p["status"], p.get("sector"), [party["roles"] for party in p.get("parties", [])]) for p in data
        }
        for lang, data in ((lang, data["projects"]) for lang, data in packages.items())
    }
    assert codes["kk"] == codes["ru"] == codes["en"]
    titles = {lang: {p["id"]: p["title"] for p in data["projects"]} for lang, data in packages.items()}
    assert titles["kk"] != titles["ru"]


def test_a_project_is_recorded_with_its_point_outline_parties_documents_budget_and_milestones(client):
    district = factories.make_district(slug="gate", outline=factories.make_outline(77.02, 43.46))
    project = factories.make_complete_project(
        district=district, status="implementation", latitude="43.4600", longitude="77.0200"
    )
    planned = factories.make_milestone(project=project, is_planned=True, date="2027-06-01")
    factories.make_figure(project=project, kind="investment", value="360000000.00", currency="USD", qualifier="about")

    [record] = package(client, "en")["projects"]

    assert record["id"] == f"oc4ids-alatau-unregistered-{project.pk}"
    assert record["status"] == "implementation"
    site, outline = record["locations"]
    assert site["geometry"] == {"type": "Point", "coordinates": [77.02, 43.46]}  # [longitude, latitude]
    assert outline["geometry"] == district.outline
    assert "not a legal boundary" in outline["description"]
    [party] = record["parties"]
    organisation = project.participations.get().organisation
    assert party == {"id": organisation.slug, "name": organisation.name, "roles": ["funder"]} | (
        {"contactPoint": {"url": organisation.website}} if organisation.website else {}
    )
    assert {document["url"] for document in record["documents"]} >= {project.sources.get().url}
    assert record["budget"]["amount"] == {"amount": 360000000, "currency": "USD"}
    assert record["budget"]["description"].startswith("About this amount")
    [milestone] = [m for m in record["milestones"] if m["id"] == str(planned.pk)]
    assert milestone["status"] == "scheduled"
    assert milestone["dueDate"].startswith("2027-06-01T00:00:00")


def test_a_project_with_the_same_organisation_in_two_roles_is_one_party_with_both(client):
    project = factories.make_complete_project()
    organisation = project.participations.get().organisation
    project.participations.create(organisation=organisation, role="publicAuthority", order=1)

    [record] = package(client, "ru")["projects"]

    assert [party["roles"] for party in record["parties"]] == [["funder", "publicAuthority"]]
    assert record["publicAuthority"] == {"id": organisation.slug, "name": organisation.name}


def test_the_package_takes_the_registrys_filters_and_shows_no_draft(client):
    gate = factories.make_district(slug="gate")
    shown = factories.make_complete_project(district=gate, title_ru="Завод")
    factories.make_complete_project(district=gate, title_ru="Парк")
    factories.make_project(district=gate, title_ru="Завод черновик", is_published=False)

    data = package(client, "ru", "?q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4")  # "завод", as a browser sends it

    assert [record["id"] for record in data["projects"]] == [f"oc4ids-alatau-unregistered-{shown.pk}"]
    assert data["uri"] == "http://testserver/ru/projects/oc4ids.json?q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4"


def test_the_package_names_its_address_right_when_a_client_sends_the_query_in_raw_utf_8(client):
    factories.make_complete_project(title_ru="Завод")

    data = package(client, "ru", "?q=завод")  # the test client, like curl, sends the letters unescaped

    assert data["uri"] == "http://testserver/ru/projects/oc4ids.json?q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4"


def test_the_packages_queries_do_not_grow_with_its_projects(client, django_assert_max_num_queries):
    def make(count):
        for _n in range(count):
            project = factories.make_complete_project()
            factories.make_milestone(project=project, source=factories.make_source())
            factories.make_figure(project=project)

    make(3)
    with django_assert_max_num_queries(12) as few:
        package(client, "en")
    make(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(package(client, "en")["projects"]) == 30


def test_addresses_with_cyrillic_letters_are_written_as_uris_the_schema_accepts(client):
    project = factories.make_complete_project()
    project.sources.add(factories.make_source(url="https://kazpravda.kz/n/новость-о-заводе/"))
    organisation = project.participations.get().organisation
    organisation.website = "https://завод.қаз/о-нас/"
    organisation.save()

    data = package(client, "ru")

    assert validation_errors(data) == []
    [record] = data["projects"]
    assert (
        "https://kazpravda.kz/n/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D1%8C-%D0%BE-%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4%D0%B5/"
        in {document["url"] for document in record["documents"]}
    )
    assert record["parties"][0]["contactPoint"]["url"].startswith("https://xn--")


def test_the_prefix_is_a_setting(client, settings):
    settings.OC4IDS_PREFIX = "bu3kcz"
    project = factories.make_complete_project()

    assert package(client, "kk")["projects"][0]["id"] == f"oc4ids-bu3kcz-{project.pk}"


def test_no_match_is_a_clear_404_not_an_invalid_empty_package(client):
    factories.make_complete_project()

    response = client.get("/en/projects/oc4ids.json?q=nothing-like-this")

    assert response.status_code == 404
    assert "cannot be empty" in response.content.decode()


def test_an_invalid_filter_is_refused_with_the_registrys_message(client):
    response = client.get("/en/projects/oc4ids.json?investment_min=abc")

    assert response.status_code == 400
    assert "Enter a number" in response.content.decode()
