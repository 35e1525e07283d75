"""A project's page: its facts with provenance, timeline, photos, location, related projects and metadata."""

import re
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
        organisation=factories.make_organisation(slug="pepsico", name_en="PepsiCo"),
        planned_start=date(2025, 3, 1),
        planned_start_source=factories.make_source(title="Start report", published_on="2025-01-10"),
        planned_completion=date(2027, 9, 1),
        planned_completion_source=factories.make_source(title="Completion report", published_on="2025-02-10"),
        latitude=Decimal("43.61"),
        longitude=Decimal("76.95"),
        is_flagship=True,
    )
    project.participations.create(
        organisation=factories.make_organisation(slug="authority", name_en="Alatau City Authority"),
        role="publicAuthority",
        order=1,
    )
    project.specializations.set([factories.make_specialization(slug="industry", name_en="Industry")])
    project.sources.add(factories.make_source(title="Kazpravda report", publisher="Kazpravda.kz"))
    qazinform = factories.make_source(title="Qazinform report", published_on="2025-09-22")
    factories.make_figure(project, "investment", Decimal("368000000"), source=qazinform)
    factories.make_figure(project, "jobs", 900, source=qazinform, qualifier="about")
    factories.make_figure(project, "land_area", Decimal("12500.5"), source=qazinform)
    return project


def test_facts_show_every_published_figure(client, full_project):
    content = page(client, full_project)
    assert '<p class="kicker"><a href="/en/districts/gate/">Gate District</a></p>' in content
    assert '<a href="/en/projects/?specialization=industry">Industry</a>' in content
    assert "368,000,000\xa0USD" in content
    assert "about 900" in content
    assert "12,500.5\xa0m²" in content
    assert "1 March 2025" in content and "1 September 2027" in content
    assert "Flagship" in content and "an editorial mark of the registry" in content
    assert "The plant makes snacks." in content


def test_each_figure_and_date_carries_a_mark_that_links_to_its_numbered_source(client, full_project):
    content = page(client, full_project)
    facts = content.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    sources = content.split('id="sources-title"', 1)[1].split("</section>", 1)[0]
    numbered = dict(re.findall(r'<li id="source-(\d+)"><a href="[^"]+" rel="external">([^<]+)</a>', sources))
    # Oldest first: the start report, the completion report, Qazinform, then the project's own source.
    assert list(numbered.values()) == ["Start report", "Completion report", "Qazinform report", "Kazpravda report"]
    mark = '<sup class="cite"><a href="#source-{0}" aria-label="Source {0}">[{0}]</a></sup>'
    assert "368,000,000\xa0USD" + mark.format(3) in facts
    assert "about 900" + mark.format(3) in facts
    assert "1 March 2025" + mark.format(1) in facts
    assert "1 September 2027" + mark.format(2) in facts


def test_two_sources_that_differ_are_shown_side_by_side_newest_first(client, full_project):
    government = factories.make_source(title="Government report", published_on="2026-01-15")
    factories.make_figure(full_project, "investment", Decimal("360000000"), source=government)
    content = page(client, full_project)
    investment = content.split("<dt>Capital investment</dt>", 1)[1].split("</dd>", 1)[0]
    assert investment.index("360,000,000") < investment.index("368,000,000")
    full_project.refresh_from_db()
    assert full_project.investment_amount == Decimal("360000000")


def test_a_note_on_the_sources_is_shown_before_the_facts(client, full_project):
    full_project.caveat_en = "The sources disagree on where the plant will be."
    full_project.save()
    content = page(client, full_project)
    assert content.index('<aside class="caveat"') < content.index('<dl class="facts">')
    assert "The sources disagree on where the plant will be." in content


def test_a_status_that_is_the_registrys_reading_says_so(client, full_project):
    assert "the registry's own reading" not in page(client, full_project)
    full_project.status_is_editorial = True
    full_project.save()
    assert "This status is the registry's own reading of the sources: no source states it." in page(
        client, full_project
    )


def test_organisations_are_linked_with_their_roles(client, full_project):
    content = page(client, full_project)
    assert '<a href="/en/organisations/pepsico/">PepsiCo</a> (Investor)' in content
    assert '<a href="/en/organisations/authority/">Alatau City Authority</a> (Public authority)' in content


def test_missing_figures_say_not_published(client):
    content = page(client, factories.make_project())
    # investment, jobs, start, completion, location, organisations, specializations, sources
    assert content.count("not published") == 8


def test_status_shows_the_date_it_was_last_reported(client, full_project):
    factories.make_milestone(full_project, date=date(2024, 5, 1), status=Status.PREPARATION)
    factories.make_milestone(full_project, date=date(2025, 9, 29), status=Status.IMPLEMENTATION)
    factories.make_milestone(full_project, date=date(2026, 3, 1), title_en="First output planned")
    content = page(client, full_project)
    assert 'Being implemented</span> (reported <time datetime="2025-09-29">29 September 2025</time>)' in content


def test_status_date_is_left_out_when_no_entry_reports_the_current_status(client, full_project):
    factories.make_milestone(full_project, date=date(2024, 5, 1), status=Status.PREPARATION)
    assert "(reported" not in page(client, full_project)


def test_timeline_lists_entries_in_date_order_with_precision_and_source(client, full_project):
    source = factories.make_source(title="Kazinform report")
    factories.make_milestone(full_project, date=date(2027, 9, 1), date_precision="month", title_en="Full capacity")
    factories.make_milestone(full_project, date=date(2025, 9, 29), title_en="Reported", source=source)
    content = page(client, full_project)
    assert content.index("Reported") < content.index("Full capacity")
    assert '<time datetime="2027-09">September 2027</time>' in content
    number = re.search(r'<li id="source-(\d+)"><a [^>]+>Kazinform report</a>', content).group(1)
    assert re.search(rf"Reported<sup class=\"cite\"><a href=\"#source-{number}\"", content)


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
    assert "<figure" not in content and 'id="images-title"' not in content


def test_location_shows_coordinates_and_the_districts_location_text(client, full_project):
    content = page(client, full_project)
    assert "43.61°\xa0N" in content and "76.95°\xa0E" in content and "(indicative)" in content
    assert "Between Otegen Batyr and Pokrovka" in content


def test_sources_show_their_dates_and_the_page_its_last_update(client, full_project):
    content = page(client, full_project)
    assert 'Kazpravda report</a>, Kazpravda.kz, <time datetime="2025-09-29">29 September 2025</time>' in content
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


@pytest.mark.parametrize("rows", [3, 300])
def test_project_page_runs_a_fixed_number_of_queries(client, assert_queries, full_project, rows):
    for n in range(rows):
        factories.make_milestone(full_project, status=Status.IMPLEMENTATION, source=factories.make_source())
        factories.make_image(full_project)
        full_project.participations.create(organisation=factories.make_organisation(), order=n + 2)
        factories.make_figure(full_project, "height", n + 1)
        full_project.sources.add(factories.make_source())
        full_project.specializations.add(factories.make_specialization())
        factories.make_project(district=full_project.district)
    with translation.override("en"):
        url = full_project.get_absolute_url()
    # The registry version; the project with its district and date sources; specializations, organisations,
    # figures, timeline, images; the sources it cites, numbered; related projects and its public changes (its
    # history and its figures' history) and the footer's last change: these four cached after.
    assert_queries(lambda: client.get(url), first=12, then=8)
