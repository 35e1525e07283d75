"""The map: GeoJSON from the page, indicative outlines, published projects only, no third-party assets."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from . import factories
from .pages import map_data, table_rows

pytestmark = pytest.mark.django_db

MAP_JS = Path(settings.BASE_DIR) / "static" / "js" / "map.js"
GATE_OUTLINE = {"type": "Polygon", "coordinates": [[[76.94, 43.41], [77.1, 43.43], [77.01, 43.51], [76.94, 43.41]]]}


@pytest.fixture
def gate(db):
    return factories.make_district(
        slug="gate",
        name_en="Gate District",
        location_text_en="Between Otegen Batyr, Pokrovka and Zhanalyk.",
        latitude=Decimal("43.455"),
        longitude=Decimal("77.015"),
        outline=GATE_OUTLINE,
    )


def features_of(data, kind):
    return [feature for feature in data["features"] if feature["properties"]["kind"] == kind]


@pytest.mark.parametrize("url", ["/en/", "/en/districts/", "/en/districts/gate/"])
def test_map_data_gives_district_outlines_and_centres_in_longitude_latitude_order(client, gate, url):
    data = map_data(client.get(url).content.decode())
    assert data["type"] == "FeatureCollection"
    (outline,) = features_of(data, "district")
    assert outline["geometry"] == GATE_OUTLINE
    (centre,) = features_of(data, "centre")
    assert centre["geometry"] == {"type": "Point", "coordinates": [77.015, 43.455]}
    for feature in (outline, centre):
        assert feature["properties"]["name"] == "Gate District"
        assert feature["properties"]["url"] == "/en/districts/gate/"


def test_district_outlines_and_centres_are_marked_indicative(client, gate):
    data = map_data(client.get("/en/").content.decode())
    for feature in data["features"]:
        assert feature["properties"]["indicative"] is True
        assert feature["properties"]["note"] == "Indicative outline and centre, not a legal boundary."


def test_district_without_outline_or_centre_gives_no_features(client):
    factories.make_district(slug="growing")
    assert map_data(client.get("/en/").content.decode())["features"] == []


def test_district_map_shows_its_published_projects_with_a_location_only(client, gate):
    factories.make_project(
        district=gate, slug="pepsico", title_en="PepsiCo plant", latitude=Decimal("43.44"), longitude=Decimal("77.0")
    )
    factories.make_project(district=gate, title_en="Without a location")
    factories.make_project(
        district=gate, title_en="Secret draft", is_published=False, latitude=Decimal("43.46"), longitude=Decimal("77.1")
    )
    factories.make_project(title_en="Elsewhere", latitude=Decimal("43.7"), longitude=Decimal("77.1"))
    data = map_data(client.get("/en/districts/gate/").content.decode())
    (point,) = features_of(data, "project")
    assert point["geometry"] == {"type": "Point", "coordinates": [77.0, 43.44]}
    assert point["properties"]["name"] == "PepsiCo plant"
    assert point["properties"]["url"] == "/en/projects/pepsico/"
    assert point["properties"]["status"] == "Being implemented"
    assert point["properties"]["indicative"] is True


def test_drafts_never_reach_any_map(client, gate):
    factories.make_project(
        district=gate, title_en="Secret draft", is_published=False, latitude=Decimal("43.46"), longitude=Decimal("77.1")
    )
    for url in ("/en/", "/en/districts/", "/en/districts/gate/"):
        content = client.get(url).content.decode()
        assert "Secret draft" not in content
        assert features_of(map_data(content), "project") == []


def test_map_names_and_urls_follow_the_language(client, gate):
    data = map_data(client.get("/ru/").content.decode())
    assert data["features"][0]["properties"]["name"] == gate.name_ru
    assert data["features"][0]["properties"]["url"] == "/ru/districts/gate/"


def test_map_data_writes_kazakh_and_cyrillic_letters_as_they_are(client, gate):
    # "\u049b" would take six bytes for a letter UTF-8 writes in two: a district's map is mostly such names.
    content = client.get("/kk/").content.decode()
    script = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', content, re.S).group(1)
    assert gate.name_kk in script
    assert "\\u" not in script


def test_map_data_is_escaped_inside_its_script_element(client):
    factories.make_district(name_en="</script><script>alert(1)</script>", latitude=43.5, longitude=77.0)
    content = client.get("/en/").content.decode()
    assert "<script>alert(1)" not in content
    assert map_data(content)["features"][0]["properties"]["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("url", ["/en/", "/en/districts/", "/en/districts/gate/"])
def test_map_is_captioned_as_indicative_and_its_container_is_left_to_javascript(client, gate, url):
    content = client.get(url).content.decode()
    assert '<p class="map-caption">Outlines and centres are indicative, not legal boundaries.</p>' in content
    assert re.search(
        r'<div class="map-slot" data-label="Map of [^"]+" data-attribution="OpenStreetMap contributors"'
        r' data-zoom-in="Zoom in" data-zoom-out="Zoom out">',
        content,
    )
    # Without JavaScript there is no empty map box: map.js creates the container.
    assert 'class="map"' not in content


def test_overview_pages_state_each_districts_location_and_centre_in_html(client, gate):
    factories.make_district(slug="golden", name_en="Golden District", location_text_en="Along the highway.")
    for url in ("/en/", "/en/districts/"):
        rows = table_rows(client.get(url).content.decode(), "Where the districts are")
        assert rows == [
            ("District", "Location", "Indicative centre"),
            ("Gate District", "Between Otegen Batyr, Pokrovka and Zhanalyk.", "43.455°\xa0N, 77.015°\xa0E"),
            ("Golden District", "Along the highway.", "not published"),
        ]


@pytest.mark.parametrize("url", ["/en/", "/en/districts/", "/en/districts/gate/"])
def test_map_pages_load_scripts_and_stylesheets_from_the_portal_only(client, gate, url):
    content = client.get(url).content.decode()
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", content)
    stylesheets = re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*href=\"([^\"]+)\"", content)
    assert scripts == ["/static/vendor/leaflet/leaflet.js", "/static/js/map.js"]
    assert "/static/vendor/leaflet/leaflet.css" in stylesheets
    assert all(href.startswith("/static/") for href in stylesheets)
    for path in (*scripts, *stylesheets):
        assert finders.find(path.removeprefix("/static/")), f"{path} is not served by the portal"


def test_map_script_reaches_no_other_host_than_the_openstreetmap_tiles():
    script = MAP_JS.read_text()
    assert set(re.findall(r"https?://[^\"'\s]+", script)) == {
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "https://www.openstreetmap.org/copyright",
    }
    assert "innerHTML" not in script
    assert 'setAttribute("aria-label"' in script
    # Scroll-wheel zoom would catch the page's scrolling; the map must not capture the visitor.
    assert "scrollWheelZoom: false" in script
