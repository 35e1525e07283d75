"""Pages for machines: sitemap, robots.txt and the health check (the Atom feed: test_feeds.py)."""

import pytest

from . import factories

pytestmark = pytest.mark.django_db


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_published_projects_in_every_language_and_never_drafts(client):
    published = factories.make_project(slug="open-plant")
    factories.make_project(slug="secret-plant", is_published=False)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-projects.xml" in index
    body = client.get("/sitemap-projects.xml").content.decode()
    for language in ("ru", "kk", "en"):
        assert f"http://testserver/{language}/projects/{published.slug}/" in body
    assert 'hreflang="x-default"' in body
    assert "secret-plant" not in body


def test_sitemap_lists_the_site_and_registry_pages_and_districts(client, district):
    index = client.get("/sitemap.xml").content.decode()
    for section in ("pages", "districts", "registry", "projects", "organisations"):
        assert f"http://testserver/sitemap-{section}.xml" in index
    pages = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/kk/", "/en/districts/", "/en/about/"):
        assert f"http://testserver{path}<" in pages
    registry = client.get("/sitemap-registry.xml").content.decode()
    for path in ("/ru/projects/", "/ru/organisations/"):
        assert f"http://testserver{path}<" in registry
    assert f"/kk/districts/{district.slug}/" in client.get("/sitemap-districts.xml").content.decode()


def test_about_page_names_the_governing_bodies_and_the_sources_the_public_pages_cite(client):
    factories.make_organisation(name_ru="Проектный офис", name_en="Project Office", kind="public", in_governance=True)
    factories.make_organisation(name_ru="Госорган", name_en="Some public body", kind="public")
    factories.make_organisation(name_ru="ПепсиКо", name_en="PepsiCo")
    project = factories.make_project()
    project.sources.add(factories.make_source(title="Kazpravda report", publisher="Kazpravda.kz"))
    factories.make_source(title="Cited nowhere")
    body = client.get("/en/about/").content.decode()
    assert "Project Office" in body
    assert "PepsiCo" not in body and "Some public body" not in body
    assert "Kazpravda report" in body
    assert "Cited nowhere" not in body


def test_about_page_shows_the_citys_figures_and_timeline_each_with_its_source_and_date(client):
    akim = factories.make_source(title="Akim's report", published_on="2025-11-28")
    government = factories.make_source(title="Government review", published_on="2026-01-15")
    factories.make_city_event(date="2025-11-28", title_en="42 investment projects", source=akim)
    factories.make_city_event(date="2026-01-15", title_en="32 investment projects", source=government)
    factories.make_city_figure("population", 54747, source=government, as_of="2025-12-01")
    factories.make_city_figure("population", 52086, source=akim, as_of="2024-01-01", order=1)
    factories.make_city_figure("area", 4000, district=factories.make_district(), source=akim)
    body = client.get("/en/about/").content.decode()
    timeline = body.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert timeline.index("28 November 2025") < timeline.index("42 investment projects")
    assert timeline.index("42 investment projects") < timeline.index("15 January 2026")
    assert timeline.index("15 January 2026") < timeline.index("32 investment projects")
    assert 'href="#source-1"' in timeline and 'href="#source-2"' in timeline
    population = body.split("<dt>Population</dt>", 1)[1].split("</dd>", 1)[0]
    assert population.index("54,747 on 1 December 2025") < population.index("52,086 on 1 January 2024")
    assert "4,000" not in body  # a district's figure belongs to the district's page
