"""The district list and district pages: facts, published projects, figures and the link to the registry."""

import re
from decimal import Decimal

import pytest

from projects.models import Status

from . import factories
from .pages import section, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def gate(db):
    gate = factories.make_district(
        slug="gate",
        name_en="Gate District",
        tagline_en="Finance, business and international trade centre",
        description_en="The core will be Iconic Building-1.",
        location_text_en="Between Otegen Batyr, Pokrovka and Zhanalyk.",
        latitude=Decimal("43.455"),
        longitude=Decimal("77.015"),
    )
    gate.specializations.add(factories.make_specialization(name_en="Finance"))
    gate.specializations.add(factories.make_specialization(name_en="Business"))
    return gate


def test_district_list_states_where_each_district_lies(client, gate):
    content = client.get("/en/districts/").content.decode()
    assert table_rows(content, "Where the districts are")[1] == (
        "Gate District",
        "Between Otegen Batyr, Pokrovka and Zhanalyk.",
        "43.455°\xa0N, 77.015°\xa0E",
    )


def test_district_page_shows_description_specializations_location_and_centre(client, gate):
    content = client.get("/en/districts/gate/").content.decode()
    assert "<h1>Gate District</h1>" in content
    assert "Finance, business and international trade centre" in content
    assert "The core will be Iconic Building-1." in content
    assert "<dd>Finance, Business</dd>" in content
    assert "Between Otegen Batyr, Pokrovka and Zhanalyk." in content
    assert "43.455°\xa0N" in content and "77.015°\xa0E" in content


def test_district_page_says_the_area_is_not_published_when_no_source_gives_it(client, gate):
    content = client.get("/en/districts/gate/").content.decode()
    assert re.search(r'<dt>Area</dt>\s*<dd><span class="not-published">not published</span>\s*</dd>', content)


def test_district_page_shows_each_sourced_figure_with_its_qualifier_and_a_mark_for_its_source(client):
    green = factories.make_district(slug="green")
    kazpravda = factories.make_source(title="Kazpravda report", published_on="2025-09-29")
    kazinform = factories.make_source(title="Kazinform report", published_on="2025-10-08")
    factories.make_city_figure("area", 31730, district=green, source=kazpravda)
    factories.make_city_figure("planned_population", 220000, district=green, source=kazinform, qualifier="more_than")
    factories.make_city_figure("area", 4000, district=factories.make_district(), qualifier="about")
    content = client.get("/en/districts/green/").content.decode()
    facts = content.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert re.search(
        r"<dt>Area</dt>\s*<dd><ul class=\"figures-stated\">\s*<li>31,730\xa0ha<sup class=\"cite\">"
        r'<a href="#source-1" aria-label="Source 1">\[1\]</a></sup></li>',
        facts,
    )
    assert "<dt>Planned residents</dt>" in facts and "more than 220,000" in facts and 'href="#source-2"' in facts
    assert "4,000" not in content
    sources = section(content, "sources-title")
    assert sources.index('id="source-1"') < sources.index("Kazpravda report") < sources.index("Kazinform report")
    ru = client.get("/ru/districts/green/").content.decode()
    assert "31\u202f730\xa0га" in ru and "более 220\u202f000" in ru
    kk = client.get("/kk/districts/green/").content.decode()
    assert "220\u202f000-нан астам" in kk


def test_district_page_lists_the_first_registry_page_by_title_and_links_to_the_whole_registry(client, gate):
    for n in range(25, 0, -1):
        factories.make_project(district=gate, title_en=f"Project {n:02}")
    factories.make_project(title_en="Project in another district")
    content = client.get("/en/districts/gate/").content.decode()
    projects = section(content, "projects-title")
    assert re.findall(r"Project (\d\d)</a>", projects) == [f"{n:02}" for n in range(1, 21)]
    assert "another district" not in projects
    assert '<a href="/en/projects/?district=gate">See all 25 projects in the registry</a>' in projects


def test_registry_link_opens_the_registry_filtered_to_the_district(client, gate):
    inside = factories.make_project(district=gate)
    elsewhere = factories.make_project()
    content = client.get("/en/projects/?district=gate").content.decode()
    assert f"/projects/{inside.slug}/" in content
    assert f"/projects/{elsewhere.slug}/" not in content


def test_district_page_without_projects_says_so(client, gate):
    projects = section(client.get("/en/districts/gate/").content.decode(), "projects-title")
    assert "No published projects yet." in projects
    assert "in the registry" not in projects


def test_district_page_counts_published_projects_by_status_with_their_labels(client, gate):
    factories.make_project(district=gate, status=Status.IMPLEMENTATION)
    factories.make_project(district=gate, status=Status.IMPLEMENTATION)
    factories.make_project(district=gate, status=Status.IDENTIFICATION)
    factories.make_project(status=Status.CANCELLED)
    content = client.get("/en/districts/gate/").content.decode()
    assert table_rows(content, "Published projects by status") == [
        ("Status", "Published projects"),
        ("Prospective", "1"),
        ("Being implemented", "2"),
    ]


def test_district_page_counts_published_projects_by_specialization(client, gate):
    finance, business = gate.specializations.all()
    both = factories.make_project(district=gate)
    both.specializations.set([finance, business])
    factories.make_project(district=gate).specializations.set([finance])
    factories.make_project(district=gate)
    factories.make_project().specializations.set([business])
    content = client.get("/en/districts/gate/").content.decode()
    assert table_rows(content, "Published projects by specialization")[1:] == [("Finance", "2"), ("Business", "1")]


def test_figures_are_drawn_for_the_eye_and_tabled_for_screen_readers(client, gate):
    factories.make_project(district=gate, status=Status.PREPARATION)
    factories.make_project(district=gate, status=Status.IMPLEMENTATION)
    factories.make_project(district=gate, status=Status.IMPLEMENTATION)
    figures = section(client.get("/en/districts/gate/").content.decode(), "figures-title")
    chart = re.search(r'<ol class="bar-chart">(.*?)</ol>', figures, re.S).group(1)
    assert re.findall(r'<rect width="(\d+)"', chart) == ["50", "100"]
    assert figures.count('focusable="false"') == 2
    assert '<caption class="visually-hidden">Published projects by status</caption>' in figures
    assert '<th scope="col">Status</th>' in figures
    assert '<th scope="row">Being implemented</th><td>2</td>' in figures
    for code in ("preparation", "implementation"):
        assert code not in figures


def test_drafts_appear_nowhere_on_the_district_page(client, gate):
    factories.make_project(district=gate, title_en="Published plant", status=Status.PREPARATION)
    draft = factories.make_project(
        district=gate, title_en="Secret draft", is_published=False, status=Status.CANCELLED, latitude=43.5, longitude=77
    )
    draft.specializations.set(gate.specializations.all())
    content = client.get("/en/districts/gate/").content.decode()
    assert "Secret draft" not in content
    assert "Cancelled" not in content
    assert "Finance</th>" not in content
    assert "See all 1 projects" not in content and "See the 1 project in the registry" in content


def test_district_list_counts_only_published_projects(client, gate):
    factories.make_project(district=gate)
    factories.make_project(district=gate, is_published=False)
    content = client.get("/en/districts/").content.decode()
    assert "1 project</a>" in content


@pytest.mark.parametrize("projects", [3, 300])
def test_district_list_runs_a_fixed_number_of_queries(client, assert_queries, projects):
    factories.make_registry(projects)
    # The registry version; the districts with their counts, specializations and figures, the footer's last change
    # (cached after).
    assert_queries(lambda: client.get("/en/districts/"), first=5, then=1)


@pytest.mark.parametrize("projects", [3, 300])
def test_district_page_runs_a_fixed_number_of_queries(client, assert_queries, projects):
    district = factories.make_registry(projects)[1]
    # The registry version; the district, its specializations and figures; the first registry page and its covers;
    # counts by status and by specialization, the map's points (at most MAP_POINTS) and the footer's last change,
    # cached after.
    assert_queries(lambda: client.get(f"/en/districts/{district.slug}/"), first=10, then=6)
