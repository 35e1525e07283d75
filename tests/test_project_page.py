"""A project's page: its facts with provenance, timeline, photos, location, related projects and metadata."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from projects.models import Status

from . import factories

pytestmark = pytest.mark.django_db


def page(client, project, language="en"):
    with translation.override(language):
        url = project.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def full_project(db):
    district = factories.make_district(
        slug="gate", name_en="Gate District", location_text_en="Between Otegen Batyr and Pokrovka"
    )
    project = factories.make_project(
        slug="snack-plant",
        title_en="Snack plant",
        summary_en="A snack plant in Gate District.",
        description_en="The plant makes snacks.",
        district=district,
        investor=factories.make_investor(slug="pepsico", name_en="PepsiCo"),
        investment_amount=Decimal("368000000"),
        investment_currency="USD",
        planned_jobs=900,
        land_area_ha=Decimal("12.5"),
        planned_start=date(2025, 3, 1),
        planned_completion=date(2027, 9, 1),
        latitude=Decimal("43.61"),
        longitude=Decimal("76.95"),
        is_flagship=True,
    )
    project.participations.create(
        investor=factories.make_investor(slug="authority", name_en="Alatau City Authority"),
        role="publicAuthority",
        order=1,
    )
    project.specializations.set([factories.make_specialization(slug="industry", name_en="Industry")])
    project.sources.add(factories.make_source(title="Kazpravda report", publisher="Kazpravda.kz"))
    return project


def test_facts_show_every_published_figure(client, full_project):
    content = page(client, full_project)
    assert '<a href="/en/districts/gate/">Gate District</a>' in content
    assert '<a href="/en/projects/?specialization=industry">Industry</a>' in content
    assert "368,000,000 USD" in content
    assert "900" in content
    assert "12.50 ha" in content
    assert "March 1, 2025" in content and "Sept. 1, 2027" in content
    assert "Flagship" in content
    assert "The plant makes snacks." in content


def test_organisations_are_linked_with_their_roles(client, full_project):
    content = page(client, full_project)
    assert '<a href="/en/investors/pepsico/">PepsiCo</a> (Investor)' in content
    assert '<a href="/en/investors/authority/">Alatau City Authority</a> (Public authority)' in content


def test_missing_figures_say_not_published(client):
    content = page(client, factories.make_project())
    # investment, jobs, area, start, completion, location, organisations, specializations, sources
    assert content.count("not published") >= 9


def test_status_shows_the_date_it_was_last_reported(client, full_project):
    factories.make_milestone(full_project, date=date(2024, 5, 1), status=Status.PREPARATION)
    factories.make_milestone(full_project, date=date(2025, 9, 29), status=Status.IMPLEMENTATION)
    factories.make_milestone(full_project, date=date(2026, 3, 1), title_en="First output planned")
    content = page(client, full_project)
    assert 'Under construction</span> (reported <time datetime="2025-09-29">Sept. 29, 2025</time>)' in content


def test_status_date_is_left_out_when_no_entry_reports_the_current_status(client, full_project):
    factories.make_milestone(full_project, date=date(2024, 5, 1), status=Status.PREPARATION)
    assert "(reported" not in page(client, full_project)


def test_timeline_lists_entries_in_date_order_with_precision_and_source(client, full_project):
    source = factories.make_source(title="Kazinform report")
    factories.make_milestone(full_project, date=date(2027, 9, 1), date_precision="month", title_en="Full capacity")
    factories.make_milestone(full_project, date=date(2025, 9, 29), title_en="Reported", source=source)
    content = page(client, full_project)
    assert content.index("Reported") < content.index("Full capacity")
    assert '<time datetime="2027-09-01">September 2027</time>' in content
    assert 'Source: <a href="https://example.org/' in content and "Kazinform report" in content


def test_gallery_shows_figures_with_alt_text_and_captions_in_order(client, full_project):
    factories.make_image(full_project, order=2, alt_text_en="Second photo", caption_en="The site in winter")
    factories.make_image(full_project, order=1, alt_text_en="First photo", caption_en="")
    content = page(client, full_project)
    assert content.count("<figure>") == 2
    assert content.index('alt="First photo"') < content.index('alt="Second photo"')
    assert "<figcaption>The site in winter</figcaption>" in content
    assert content.count("<figcaption>") == 1


def test_no_gallery_without_images(client, full_project):
    content = page(client, full_project)
    assert "<figure" not in content and "Photos" not in content


def test_location_shows_coordinates_and_the_districts_location_text(client, full_project):
    content = page(client, full_project)
    assert "43.61000° N" in content and "76.95000° E" in content and "(indicative)" in content
    assert "Between Otegen Batyr and Pokrovka" in content


def test_sources_show_their_dates_and_the_page_its_last_update(client, full_project):
    content = page(client, full_project)
    assert 'Kazpravda report</a>, Kazpravda.kz, <time datetime="2025-09-29">Sept. 29, 2025</time>' in content
    assert "Last updated" in content


def test_related_projects_are_up_to_four_published_ones_in_the_same_district(client, full_project):
    for n in range(5):
        factories.make_project(title_en=f"Neighbour {n}", district=full_project.district)
    factories.make_project(title_en="Hidden neighbour", district=full_project.district, is_published=False)
    factories.make_project(title_en="Far away")
    content = page(client, full_project)
    related = content.split('id="related-title"', 1)[1].split("</section>", 1)[0]
    assert related.count("Neighbour") == 4
    assert "Hidden neighbour" not in related and "Far away" not in related and "Snack plant" not in related
    assert 'href="/en/projects/?district=gate"' in related


def test_page_has_its_own_title_description_and_open_graph(client, full_project):
    content = page(client, full_project)
    assert "<title>Snack plant — " in content
    assert '<meta name="description" content="A snack plant in Gate District.">' in content
    assert '<meta property="og:type" content="article">' in content
    assert '<meta property="og:title" content="Snack plant">' in content
    assert '<meta property="og:description" content="A snack plant in Gate District.">' in content
    assert content.count("<h1") == 1


def test_page_is_in_the_visitors_language_with_russian_fallback(client):
    project = factories.make_project(title_ru="Завод", title_kk="Зауыт", title_en="")
    assert "<h1>Зауыт</h1>" in page(client, project, "kk")
    assert "<h1>Завод</h1>" in page(client, project, "en")


@pytest.mark.parametrize("rows", [3, 30])
def test_project_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, full_project, rows):
    for n in range(rows):
        factories.make_milestone(full_project, status=Status.IMPLEMENTATION, source=factories.make_source())
        factories.make_image(full_project)
        full_project.participations.create(investor=factories.make_investor(), order=n + 2)
        full_project.sources.add(factories.make_source())
        full_project.specializations.add(factories.make_specialization())
        factories.make_project(district=full_project.district)
    with translation.override("en"):
        url = full_project.get_absolute_url()
    # The project with its district; specializations, organisations, timeline, sources, images; related projects.
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
