"""No page grows with the registry: district and organisation pages show a first page and link into the
registry, the map shows a bounded number of points, and no form lists every organisation."""

import json
import re

import pytest
from django.utils import translation

from projects.maps import MAP_POINTS

from . import factories

pytestmark = pytest.mark.django_db

PROJECTS = 300
MAX_PAGE_BYTES = 150_000


@pytest.fixture
def crowded(district):
    """PROJECTS located projects in one district, all with one organisation and each with another of its own."""
    big = factories.make_organisation(slug="big", name_en="Big Holding")
    for _ in range(PROJECTS):
        project = factories.make_project(district=district, organisation=big, latitude="43.5", longitude="77.0")
        project.participations.create(organisation=factories.make_organisation(), role="supplier", order=1)
    with translation.override("en"):
        return district.get_absolute_url()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert len(response.content) < MAX_PAGE_BYTES, url
    return content


def test_the_district_page_shows_a_first_page_and_a_bounded_map(client, crowded):
    content = get(client, crowded)
    map_data = json.loads(re.search(r'<script id="map-data" type="application/json">(.*?)</script>', content, re.S)[1])
    points = [feature for feature in map_data["features"] if feature["properties"]["kind"] == "project"]
    assert len(points) == MAP_POINTS
    assert f"The map shows at most {MAP_POINTS} projects" in content
    assert content.count('<li>\n    <a href="/en/projects/') == 20
    assert f"See all {PROJECTS} projects in the registry" in content


def test_the_organisation_page_shows_its_first_projects_and_links_to_all(client, crowded):
    content = get(client, "/en/organisations/big/")
    assert content.count('<th scope="row"><a href="/en/projects/') == 20
    assert f"It takes part in {PROJECTS} published projects" in content
    assert 'href="/en/projects/?organisation=big"' in content


@pytest.mark.parametrize(
    "url", ["/en/", "/en/projects/", "/en/projects/?organisation=organisation", "/en/organisations/"]
)
def test_no_page_lists_every_organisation(client, crowded, url):
    content = get(client, url)
    assert content.count("<option") < 200


def test_a_typed_organisation_name_suggests_the_matching_ones_without_javascript(client, crowded):
    content = get(client, "/en/projects/?organisation=big+hold")
    assert 'href="/en/projects/?organisation=big"' in content
    assert "Big Holding" in content
    assert f"{PROJECTS} projects" in content


def test_the_organisation_field_offers_suggestions_from_its_own_language(client):
    content = get(client, "/kk/projects/")
    field = re.search(r'<input[^>]*name="organisation"[^>]*>', content)[0]
    assert 'data-suggestions="/kk/organisations/suggestions.json"' in field
    assert re.search(r'<script src="/static/js/suggest(\.\w+)?\.js" defer>', content)


def test_suggestions_name_at_most_ten_organisations_of_published_projects(client, crowded):
    factories.make_organisation(slug="big-draft", name_en="Big Draft Holding")
    factories.make_project(is_published=False, organisation=factories.Organisation.objects.get(slug="big-draft"))
    for n in range(12):
        factories.make_project(organisation=factories.make_organisation(slug=f"big-{n}", name_en=f"Big Fund {n}"))
    response = client.get("/en/organisations/suggestions.json?organisation=big")
    assert response["Content-Type"] == "application/json"
    suggested = response.json()["organisations"]
    assert len(suggested) == 10
    assert suggested[0] == {"name": "Big Fund 0", "slug": "big-0"}
    assert "big-draft" not in {organisation["slug"] for organisation in suggested}
    holding = client.get("/en/organisations/suggestions.json?organisation=holding").json()["organisations"]
    assert holding == [{"name": "Big Holding", "slug": "big"}]


@pytest.mark.parametrize(
    "query", ["", "?organisation=", "?organisation=nothing-like-it", "?organisation=" + "a" * 201, "?page=-1"]
)
def test_suggestions_for_nothing_or_too_much_are_an_empty_list(client, crowded, query):
    response = client.get(f"/en/organisations/suggestions.json{query}")
    assert response.status_code == 200
    assert response.json() == {"organisations": []}


def test_the_last_page_lists_the_last_projects_in_order(client, crowded):
    """The second half of the pages is read from the other end: the same rows in the same order."""
    first = client.get("/en/projects/?ordering=title&page=1").context["page_obj"].paginator
    titles = [project.title for project in first.object_list]
    for page in (1, 8, 15):
        response = client.get(f"/en/projects/?ordering=title&page={page}")
        shown = [project.title for project in response.context["page_obj"]]
        assert shown == titles[(page - 1) * 20 : page * 20]


def test_a_sitemap_page_reads_only_its_own_projects(client, district, monkeypatch):
    """Each project once per language, a page of `limit` addresses at a time, without reading every project."""
    from projects.sitemaps import ProjectSitemap

    for _ in range(5):
        factories.make_project(district=district)
    monkeypatch.setattr(ProjectSitemap, "limit", 6)
    first = client.get("/sitemap-projects.xml").content.decode()
    assert first.count("<loc>") == 6
    assert "/ru/projects/" in first and "/kk/projects/" in first and "/en/projects/" in first
    last = client.get("/sitemap-projects.xml?p=3").content.decode()
    assert last.count("<loc>") == 3  # 5 projects in 3 languages: 15 addresses
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-projects.xml?p=3" in index
    assert "sitemap-projects.xml?p=4" not in index
