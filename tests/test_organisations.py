"""Organisations: the list with countries and published project counts, and each organisation's page."""

import pytest
from django.urls import reverse
from django.utils import translation

from . import factories

pytestmark = pytest.mark.django_db


def organisation_list(client, language="en", **params):
    response = client.get(f"/{language}/organisations/", params)
    assert response.status_code == 200
    return response


def test_organisation_list_url_is_part_of_the_contract():
    with translation.override("en"):
        assert reverse("projects:organisation-list") == "/en/organisations/"


def test_list_shows_each_organisation_with_its_country_and_published_project_count(client):
    pepsico = factories.make_organisation(name_en="PepsiCo", country="US")
    factories.make_project(organisation=pepsico)
    factories.make_project(organisation=pepsico, role="supplier")
    factories.make_project(organisation=pepsico, is_published=False)
    factories.make_organisation(name_en="Project Office", country="", kind="public", in_governance=True)
    response = organisation_list(client)
    rows = {organisation.name: organisation.project_count for organisation in response.context["organisation_list"]}
    assert rows == {"PepsiCo": 2, "Project Office": 0}
    content = response.content.decode()
    assert '<th scope="row"><a href="/en/organisations/' in content
    assert '<td data-label="Country">US</td>' in content
    assert "Public body" in content


def test_a_project_where_an_organisation_has_two_roles_counts_once(client):
    organisation = factories.make_organisation()
    project = factories.make_project(organisation=organisation)
    project.participations.create(organisation=organisation, role="supplier", order=1)
    assert organisation_list(client).context["organisation_list"][0].project_count == 1


def test_list_is_ordered_by_name_in_the_language_with_russian_fallback(client):
    for names in ({"name_ru": "Яндекс", "name_en": "Yandex"}, {"name_ru": "Bosch", "name_en": ""}):
        factories.make_project(organisation=factories.make_organisation(**names))
    factories.make_organisation(name_ru="Амазон", name_en="amazon", in_governance=True)
    names = [organisation.name for organisation in organisation_list(client).context["organisation_list"]]
    assert names == ["amazon", "Bosch", "Yandex"]


def test_list_is_paginated_and_a_missing_page_is_not_found(client):
    for _ in range(51):
        factories.make_organisation(in_governance=True)
    first = organisation_list(client)
    assert len(first.context["organisation_list"]) == 50
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert len(organisation_list(client, page=2).context["organisation_list"]) == 1
    response = client.get("/en/organisations/", {"page": "99"})
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_detail_shows_kind_country_website_and_description(client):
    factories.make_organisation(
        slug="rhenus",
        name_en="Rhenus Logistics",
        country="DE",
        website="https://www.rhenus.group/",
        description_en="A logistics company.",
        in_governance=True,
    )
    content = client.get("/en/organisations/rhenus/").content.decode()
    assert "<h1>Rhenus Logistics</h1>" in content
    assert "Company" in content and "DE" in content
    assert '<a href="https://www.rhenus.group/" rel="external">' in content
    assert "A logistics company." in content


def test_detail_says_not_published_for_missing_country_and_website(client):
    factories.make_organisation(slug="someone", country="", in_governance=True)
    assert client.get("/en/organisations/someone/").content.decode().count("not published") == 2


def test_detail_lists_published_projects_across_districts_with_role_and_district(client):
    organisation = factories.make_organisation(slug="authority")
    gate = factories.make_district(name_en="Gate District")
    green = factories.make_district(name_en="Green District")
    factories.make_project(title_en="Business centre", district=gate, organisation=organisation, role="publicAuthority")
    factories.make_project(title_en="Circuit", district=green, organisation=organisation)
    factories.make_project(title_en="Secret", district=green, organisation=organisation, is_published=False)
    content = client.get("/en/organisations/authority/").content.decode()
    table = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table.index("Business centre") < table.index("Circuit")
    assert "Public authority" in table and "Investor" in table
    assert "Gate District" in table and "Green District" in table
    assert "Secret" not in content
    assert 'href="/en/projects/?organisation=authority"' in content


def test_detail_without_published_projects_says_so(client):
    factories.make_organisation(slug="idle", in_governance=True)
    assert "No published projects yet." in client.get("/en/organisations/idle/").content.decode()


@pytest.mark.parametrize("rows", [3, 300])
def test_organisation_list_runs_a_fixed_number_of_queries(client, assert_queries, rows):
    for _ in range(rows):
        factories.make_project(organisation=factories.make_organisation())
    # The registry version; the page of organisations with their counts; and, cached after: the public
    # organisations' ids in name order (which also counts them), the footer's last change.
    assert_queries(lambda: organisation_list(client), first=4, then=2)


@pytest.mark.parametrize("rows", [3, 300])
def test_organisation_page_runs_a_fixed_number_of_queries(client, assert_queries, rows):
    organisation = factories.make_organisation(slug="busy")
    for _ in range(rows):
        factories.make_project(organisation=organisation, district=factories.make_district())
    # The registry version; the organisation; its first roles with projects and districts; the number of its
    # projects and the footer's last change (cached after).
    assert_queries(lambda: client.get("/en/organisations/busy/"), first=5, then=3)


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_earlier_investor_addresses_answer_301_with_the_organisation_ones(client, language):
    factories.make_organisation(slug="pepsico", in_governance=True)
    listing = client.get(f"/{language}/investors/", {"page": "1"})
    assert (listing.status_code, listing["Location"]) == (301, f"/{language}/organisations/?page=1")
    detail = client.get(f"/{language}/investors/pepsico/")
    assert (detail.status_code, detail["Location"]) == (301, f"/{language}/organisations/pepsico/")
    assert client.get(detail["Location"]).status_code == 200


def test_the_registrys_earlier_investor_parameter_answers_301_and_keeps_the_other_filters(client):
    pepsico = factories.make_organisation(slug="pepsico")
    factories.make_project(title_en="Plant", organisation=pepsico)
    response = client.get("/en/projects/?investor=pepsico&status=implementation&page=1")
    assert response.status_code == 301
    assert response["Location"] == "/en/projects/?status=implementation&page=1&organisation=pepsico"
    found = client.get(response["Location"])
    assert [project.title for project in found.context["page_obj"].object_list] == ["Plant"]
