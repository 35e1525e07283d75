"""Organisations: the list with countries and published project counts, and each organisation's page."""

import pytest
from django.urls import reverse
from django.utils import translation

from . import factories

pytestmark = pytest.mark.django_db


def investor_list(client, language="en", **params):
    response = client.get(f"/{language}/investors/", params)
    assert response.status_code == 200
    return response


def test_investor_list_url_is_part_of_the_contract():
    with translation.override("en"):
        assert reverse("projects:investor-list") == "/en/investors/"


def test_list_shows_each_organisation_with_its_country_and_published_project_count(client):
    pepsico = factories.make_investor(name_en="PepsiCo", country="US")
    factories.make_project(investor=pepsico)
    factories.make_project(investor=pepsico, role="supplier")
    factories.make_project(investor=pepsico, is_published=False)
    factories.make_investor(name_en="Project Office", country="", kind="public")
    response = investor_list(client)
    rows = {investor.name: investor.project_count for investor in response.context["investor_list"]}
    assert rows == {"PepsiCo": 2, "Project Office": 0}
    content = response.content.decode()
    assert '<th scope="row"><a href="/en/investors/' in content
    assert "<td>US</td>" in content
    assert "Public body" in content


def test_a_project_where_an_organisation_has_two_roles_counts_once(client):
    investor = factories.make_investor()
    project = factories.make_project(investor=investor)
    project.participations.create(investor=investor, role="supplier", order=1)
    assert investor_list(client).context["investor_list"][0].project_count == 1


def test_list_is_ordered_by_name_in_the_language_with_russian_fallback(client):
    factories.make_investor(name_ru="Яндекс", name_en="Yandex")
    factories.make_investor(name_ru="Bosch", name_en="")
    factories.make_investor(name_ru="Амазон", name_en="amazon")
    names = [investor.name for investor in investor_list(client).context["investor_list"]]
    assert names == ["amazon", "Bosch", "Yandex"]


def test_list_is_paginated_and_a_missing_page_is_not_found(client):
    for _ in range(51):
        factories.make_investor()
    first = investor_list(client)
    assert len(first.context["investor_list"]) == 50
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert len(investor_list(client, page=2).context["investor_list"]) == 1
    response = client.get("/en/investors/", {"page": "99"})
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_detail_shows_kind_country_website_and_description(client):
    factories.make_investor(
        slug="rhenus",
        name_en="Rhenus Logistics",
        country="DE",
        website="https://www.rhenus.group/",
        description_en="A logistics company.",
    )
    content = client.get("/en/investors/rhenus/").content.decode()
    assert "<h1>Rhenus Logistics</h1>" in content
    assert "Company" in content and "DE" in content
    assert '<a href="https://www.rhenus.group/" rel="external">' in content
    assert "A logistics company." in content


def test_detail_says_not_published_for_missing_country_and_website(client):
    factories.make_investor(slug="someone", country="")
    assert client.get("/en/investors/someone/").content.decode().count("not published") == 2


def test_detail_lists_published_projects_across_districts_with_role_and_district(client):
    investor = factories.make_investor(slug="authority")
    gate = factories.make_district(name_en="Gate District")
    green = factories.make_district(name_en="Green District")
    factories.make_project(title_en="Business centre", district=gate, investor=investor, role="publicAuthority")
    factories.make_project(title_en="Circuit", district=green, investor=investor)
    factories.make_project(title_en="Secret", district=green, investor=investor, is_published=False)
    content = client.get("/en/investors/authority/").content.decode()
    table = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table.index("Business centre") < table.index("Circuit")
    assert "Public authority" in table and "Investor" in table
    assert "Gate District" in table and "Green District" in table
    assert "Secret" not in content
    assert 'href="/en/projects/?investor=authority"' in content


def test_detail_without_published_projects_says_so(client):
    factories.make_investor(slug="idle")
    assert "No published projects yet." in client.get("/en/investors/idle/").content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_investor_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    for _ in range(rows):
        factories.make_project(investor=factories.make_investor())
    # The count for the paginator and the page of organisations with their counts.
    with django_assert_num_queries(2):
        investor_list(client)


@pytest.mark.parametrize("rows", [3, 30])
def test_investor_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, rows):
    investor = factories.make_investor(slug="busy")
    for _ in range(rows):
        factories.make_project(investor=investor, district=factories.make_district())
    # The organisation; its roles with projects and districts.
    with django_assert_num_queries(2):
        assert client.get("/en/investors/busy/").status_code == 200
