"""Pages for machines: sitemap, robots.txt, the Atom feed and the health check."""

import pytest

from . import factories

pytestmark = pytest.mark.django_db


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
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


def test_sitemap_lists_the_static_pages_and_districts(client, district):
    pages = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/kk/", "/en/districts/", "/ru/projects/", "/ru/investors/", "/en/about/"):
        assert f"http://testserver{path}<" in pages
    assert f"/kk/districts/{district.slug}/" in client.get("/sitemap-districts.xml").content.decode()


def test_feed_lists_recently_updated_published_projects_in_the_language(client):
    factories.make_project(title_ru="Открытый завод", title_en="Open plant")
    factories.make_project(title_ru="Черновик", title_en="Draft", is_published=False)
    response = client.get("/en/projects/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Open plant</title>" in body
    assert "Draft" not in body


def test_feed_url_is_not_taken_for_a_project_slug(client):
    assert client.get("/ru/projects/feed/")["Content-Type"].startswith("application/atom+xml")


def test_about_page_names_the_governing_bodies_and_all_sources(client):
    factories.make_investor(name_ru="Проектный офис", name_en="Project Office", kind="public")
    factories.make_investor(name_ru="ПепсиКо", name_en="PepsiCo")
    factories.make_source(title="Kazpravda report", publisher="Kazpravda.kz")
    body = client.get("/en/about/").content.decode()
    assert "Project Office" in body
    assert "PepsiCo" not in body
    assert "Kazpravda report" in body
