"""The home page: district cards, key figures, flagship projects and latest updates, published projects only."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import Project, Status

from . import factories
from .pages import section, table_rows

pytestmark = pytest.mark.django_db


def investment_lines(content):
    """The text of each line of the declared investment, spaces collapsed."""
    totals = re.search(r'<ul class="investment-totals">(.*?)</ul>', content, re.S)
    assert totals, "no declared investment totals"
    lines = re.findall(r"<li>(.*?)</li>", totals[1], re.S)
    return [re.sub(r"[ \n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", line))).strip() for line in lines]


def test_home_shows_a_card_per_district_with_specializations_and_project_count(client):
    industry = factories.make_specialization(name_en="Industry")
    gate = factories.make_district(name_en="Gate District")
    gate.specializations.add(industry)
    factories.make_district(name_en="Golden District")
    factories.make_project(district=gate)
    factories.make_project(district=gate)
    content = client.get("/en/").content.decode()
    cards = re.findall(r'<li class="card">(.*?)</li>', content, re.S)
    gate_card, golden_card = (card for card in cards if "District</a></h3>" in card)
    assert "Gate District" in gate_card and "Industry" in gate_card
    assert "2 projects" in gate_card
    assert "0 projects" in golden_card


def test_home_card_links_the_project_count_to_the_registry_filtered_to_the_district(client, district):
    content = client.get("/en/").content.decode()
    assert f'href="/en/projects/?district={district.slug}"' in content


def test_home_counts_published_projects_by_status_with_their_labels(client, district):
    factories.make_project(district=district, status=Status.PREPARATION)
    factories.make_project(district=district, status=Status.PREPARATION)
    factories.make_project(district=district, status=Status.IMPLEMENTATION)
    content = client.get("/en/").content.decode()
    assert "3 published projects" in content
    assert table_rows(content, "Published projects by status") == [
        ("Status", "Published projects"),
        ("Planned", "2"),
        ("Being implemented", "1"),
    ]


def test_home_counts_published_projects_by_district(client):
    gate = factories.make_district(name_en="Gate District")
    green = factories.make_district(name_en="Green District")
    factories.make_project(district=gate)
    factories.make_project(district=gate)
    factories.make_project(district=green)
    content = client.get("/en/").content.decode()
    assert table_rows(content, "Published projects by district")[1:] == [
        ("Gate District", "2"),
        ("Green District", "1"),
    ]


def test_home_totals_declared_investment_per_currency_and_never_across_currencies(client, district):
    factories.make_project(district=district, investment_amount=Decimal("368000000"), investment_currency="USD")
    factories.make_project(district=district, investment_amount=Decimal("2000000"), investment_currency="USD")
    factories.make_project(district=district, investment_amount=Decimal("1500000000000"), investment_currency="KZT")
    factories.make_project(district=district)
    content = client.get("/en/").content.decode()
    assert investment_lines(content) == [
        "1,500,000,000,000\xa0KZT — declared by 1 of 4 published projects",
        "370,000,000\xa0USD — declared by 2 of 4 published projects",
    ]
    assert "1,500,370,000,000" not in content
    assert "Only published projects count" in content
    assert "never added up or converted" in content


def test_home_formats_figures_for_the_language(client, district):
    factories.make_project(district=district, investment_amount=Decimal("368000000"), investment_currency="USD")
    assert "368,000,000" in client.get("/en/").content.decode()
    assert "368\u202f000\u202f000" in client.get("/ru/").content.decode()


def test_home_says_so_when_no_investment_is_published(client, district):
    factories.make_project(district=district)
    figures = section(client.get("/en/").content.decode(), "figures-title")
    assert '<p class="investment-none"><span class="not-published">not published</span>' in figures
    assert "No published project has a published investment amount yet." in figures
    assert "investment-totals" not in figures


def test_home_lists_published_flagship_projects(client, district):
    factories.make_project(district=district, title_en="Iconic Building-1", is_flagship=True)
    factories.make_project(district=district, title_en="An ordinary warehouse")
    response = client.get("/en/")
    assert [project.title for project in response.context["flagships"]] == ["Iconic Building-1"]
    flagships = section(response.content.decode(), "flagships-title")
    assert "Iconic Building-1" in flagships and district.name_en in flagships
    assert "An ordinary warehouse" not in flagships
    assert 'href="/en/projects/?flagship=true"' in flagships


def test_home_lists_the_five_most_recently_updated_projects_with_their_date(client, district):
    for day in range(1, 8):
        project = factories.make_project(district=district, title_en=f"Updated on day {day}")
        updated = timezone.make_aware(datetime.datetime(2026, 1, day, 12))
        Project.objects.filter(pk=project.pk).update(updated_at=updated)
    updates = section(client.get("/en/").content.decode(), "updates-title")
    assert re.findall(r"Updated on day (\d)", updates) == ["7", "6", "5", "4", "3"]
    assert '<time datetime="2026-01-07T12:00:00+0500">7 January 2026</time>' in updates
    assert "7 января 2026" in client.get("/ru/").content.decode()


def test_home_of_an_empty_registry_says_what_is_not_there_yet(client):
    content = client.get("/en/").content.decode()
    assert "0 published projects" in content
    assert "No flagship project has been published yet." in content
    assert "No published project has a published investment amount yet." in content
    assert section(content, "updates-title").count("No published projects yet.") == 1


def test_drafts_appear_nowhere_on_the_home_page(client, district):
    factories.make_project(district=district, title_en="Published plant", status=Status.PREPARATION)
    factories.make_project(
        district=district,
        title_en="Secret draft",
        is_published=False,
        is_flagship=True,
        status=Status.CANCELLED,
        investment_amount=Decimal("5"),
        investment_currency="EUR",
        latitude=Decimal("43.5"),
        longitude=Decimal("77.0"),
    )
    response = client.get("/en/")
    content = response.content.decode()
    assert "Secret draft" not in content
    assert "EUR" not in content
    assert "Cancelled" not in content
    assert "1 published project" in content and "1 project<" in content
    assert response.context["key_figures"].total == 1
    assert not response.context["flagships"]


@pytest.mark.parametrize("projects", [3, 300])
def test_home_runs_a_fixed_number_of_queries(client, assert_queries, projects):
    factories.make_registry(projects)
    # The registry version; flagships; latest updates; and, cached after: districts with their counts,
    # specializations and figures, counts by status, investment per currency, the footer's last change.
    assert_queries(lambda: client.get("/en/"), first=9, then=3)


def test_a_total_that_adds_up_approximate_figures_says_so(client, district):
    exact = factories.make_project(district=district)
    factories.make_figure(exact, value=100)
    about = factories.make_project(district=district)
    factories.make_figure(about, value=50, qualifier="about")
    kzt = factories.make_project(district=district)
    factories.make_figure(kzt, value=1000, currency="KZT")
    content = client.get("/en/").content.decode()
    assert investment_lines(content) == [
        "1,000\xa0KZT — declared by 1 of 3 published projects",
        "150\xa0USD — declared by 2 of 3 published projects (includes 1 figure given as “about” or “more than”)",
    ]
