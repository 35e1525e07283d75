"""A project's own downloads: /<lang>/projects/<slug>/data.json and oc4ids.json, linked from its page, the same
records as in the registry's downloads; a draft has none."""

import json

import pytest

from . import factories

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_project_page_links_its_json_and_oc4ids_records_and_both_answer(client, complete_project, lang):
    html = client.get(f"/{lang}/projects/{complete_project.slug}/").content.decode()

    for name in ("data.json", "oc4ids.json"):
        address = f"/{lang}/projects/{complete_project.slug}/{name}"
        assert f'href="{address}"' in html
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(
            f'attachment; filename="alatau-project-{complete_project.slug}-'
        )


def test_a_projects_json_record_is_the_one_the_registrys_download_holds(client, complete_project):
    factories.make_complete_project(district=complete_project.district)

    own = json.loads(body(client.get(f"/en/projects/{complete_project.slug}/data.json")))
    registry = json.loads(body(client.get("/en/projects/export.json")))

    assert own["count"] == 1
    assert own["projects"] == [record for record in registry["projects"] if record["id"] == complete_project.slug]
    assert own["licence"] == registry["licence"]


def test_a_projects_oc4ids_record_is_a_package_of_that_project(client, complete_project):
    data = json.loads(body(client.get(f"/kk/projects/{complete_project.slug}/oc4ids.json")))

    assert [project["id"] for project in data["projects"]] == [f"oc4ids-alatau-unregistered-{complete_project.pk}"]
    assert data["projects"][0]["language"] == "kk"


@pytest.mark.parametrize("name", ["data.json", "oc4ids.json"])
def test_a_draft_or_an_unknown_project_has_no_download(client, name):
    draft = factories.make_project(is_published=False)

    assert client.get(f"/en/projects/{draft.slug}/{name}").status_code == 404
    assert client.get(f"/en/projects/no-such-project/{name}").status_code == 404


def test_a_draft_preview_links_no_download(client, editor):
    draft = factories.make_project(is_published=False)
    client.force_login(editor)

    html = client.get(f"/en/projects/{draft.slug}/").content.decode()

    assert "data.json" not in html and "oc4ids.json" not in html


def test_a_slug_with_an_underscore_names_its_file(client):
    project = factories.make_complete_project(slug="plant_1")

    response = client.get(f"/en/projects/{project.slug}/data.json")

    assert 'filename="alatau-project-plant_1-' in response["Content-Disposition"]
