"""The map in a browser with the tile server unreachable (conftest aborts every tile request): the districts' names
and the legend show with and without JavaScript, districts and points lead to their pages, and close points
gather into a cluster that zooms in."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import Project

from .conftest import WIDTHS
from .site import build_site

pytestmark = pytest.mark.django_db(transaction=True)

NAMES = {"kk": "Gate ауданы", "en": "Gate District"}


def place_projects():
    """Three projects at one spot inside Gate's outline and one apart from them."""
    for slug, latitude, longitude in (
        ("plant-01", "43.44", "77.01"),
        ("plant-02", "43.44001", "77.01001"),
        ("plant-03", "43.44002", "77.01"),
        ("plant-04", "43.48", "77.04"),
    ):
        Project.objects.filter(slug=slug).update(latitude=latitude, longitude=longitude)


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("url", ["/kk/", "/kk/districts/gate/"])
def test_district_names_and_the_legend_show_without_tiles(live_server, new_page, url, width, javascript):
    build_site()
    page, watch = new_page(width=width, javascript=javascript)
    page.goto(live_server.url + url)
    slot = page.locator(".map-slot")
    if javascript:
        expect(slot.locator(".leaflet-container")).to_be_visible()
        expect(slot.locator(".map-svg")).to_have_count(0)
        name = slot.locator("a.map-name", has_text=NAMES["kk"])
    else:
        name = slot.locator("svg.map-svg text.map-label", has_text=NAMES["kk"])
    expect(name).to_be_visible()
    box = name.bounding_box()
    map_box = slot.bounding_box()
    # Inside the map, not clipped at its edge.
    assert map_box["x"] <= box["x"] and box["x"] + box["width"] <= map_box["x"] + map_box["width"] + 1
    legend = page.locator(".map-section > .map-legend")
    expect(legend).to_be_visible()
    expect(legend).to_contain_text("Аудан, шамамен көрсетілген контуры")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    watch.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_selecting_a_district_on_the_home_map_opens_its_page(live_server, new_page, javascript):
    build_site()
    page, watch = new_page(javascript=javascript)
    page.goto(f"{live_server.url}/en/")
    outline = ".leaflet-overlay-pane path.leaflet-interactive" if javascript else ".map-svg .map-outline"
    # Near the outline's edge, away from the name and the centre's dot.
    page.locator(".map-slot").scroll_into_view_if_needed()
    box = page.locator(outline).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8)
    expect(page).to_have_url(f"{live_server.url}/en/districts/gate/")
    page.go_back()
    name = page.locator("a.map-name" if javascript else ".map-svg .map-name-link", has_text=NAMES["en"])
    name.click()
    expect(page).to_have_url(f"{live_server.url}/en/districts/gate/")
    watch.assert_clean()


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_selecting_the_district_on_its_own_page_opens_its_projects(live_server, new_page, javascript):
    build_site()
    page, watch = new_page(javascript=javascript)
    page.goto(f"{live_server.url}/en/districts/gate/")
    outline = ".leaflet-overlay-pane path.leaflet-interactive" if javascript else ".map-svg .map-outline"
    page.locator(".map-slot").scroll_into_view_if_needed()
    box = page.locator(outline).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8)
    expect(page).to_have_url(f"{live_server.url}/en/projects/?district=gate")
    expect(page.locator("main")).to_contain_text("Plant 01")
    watch.assert_clean()


def test_close_projects_gather_into_a_cluster_that_opens_onto_them(live_server, page_and_watch):
    build_site()
    place_projects()
    page, watch = page_and_watch
    page.goto(f"{live_server.url}/en/districts/gate/")
    cluster = page.locator("button.map-cluster")
    expect(cluster).to_have_text("3")
    expect(cluster).to_have_attribute("aria-label", re.compile(r"3"))
    expect(page.locator("a.map-dot")).to_have_count(1)
    expect(page.locator(".map-section > .map-legend .map-key-cluster")).to_be_visible()
    expect(page.locator(".leaflet-control-container .map-legend-control")).to_be_visible()

    cluster.click()
    # Zoomed in as far as it goes, the three still share a spot: a list of them opens.
    for _ in range(5):
        if page.locator(".map-cluster-list").count():
            break
        page.locator("button.map-cluster").click()
    expect(page.locator(".map-cluster-list a")).to_have_count(3)
    page.locator(".map-cluster-list a", has_text="Plant 02").click()
    expect(page).to_have_url(f"{live_server.url}/en/projects/plant-02/")
    watch.assert_clean()


def test_a_project_point_opens_its_page_with_and_without_javascript(live_server, new_page):
    build_site()
    place_projects()
    page, watch = new_page()
    page.goto(f"{live_server.url}/en/districts/gate/")
    page.locator("a.map-dot").click()
    expect(page).to_have_url(f"{live_server.url}/en/projects/plant-04/")

    page, watch_without = new_page(javascript=False)
    page.goto(f"{live_server.url}/en/districts/gate/")
    expect(page.locator(".map-svg a.map-project")).to_have_count(4)
    page.locator(".map-svg a.map-project", has=page.locator("title", has_text="Plant 04")).click()
    expect(page).to_have_url(f"{live_server.url}/en/projects/plant-04/")
    watch.assert_clean()
    watch_without.assert_clean()


def test_the_drawing_stays_when_leaflet_does_not_load(live_server, new_page):
    build_site()
    page, _watch = new_page()
    page.route("**/vendor/leaflet/leaflet.js", lambda route: route.abort())
    page.goto(f"{live_server.url}/en/")
    expect(page.locator(".map-svg text.map-label", has_text=NAMES["en"])).to_be_visible()
    expect(page.locator(".leaflet-container")).to_have_count(0)
    expect(page.locator(".map-section > .map-legend")).to_be_visible()
