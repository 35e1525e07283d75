"""The map: GeoJSON from the page, the same drawn as labelled SVG on the server, indicative outlines, published
projects only, no third-party assets."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from districts.maps import drawing

from . import factories
from .pages import map_data, section, table_rows

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


@pytest.mark.parametrize(
    ("url", "leads_to"),
    [
        ("/en/", "/en/districts/gate/"),
        ("/en/districts/", "/en/districts/gate/"),
        # On its own page, a district leads to its projects in the registry.
        ("/en/districts/gate/", "/en/projects/?district=gate"),
    ],
)
def test_map_data_gives_district_outlines_and_centres_in_longitude_latitude_order(client, gate, url, leads_to):
    data = map_data(client.get(url).content.decode())
    assert data["type"] == "FeatureCollection"
    (outline,) = features_of(data, "district")
    assert outline["geometry"] == GATE_OUTLINE
    (centre,) = features_of(data, "centre")
    assert centre["geometry"] == {"type": "Point", "coordinates": [77.015, 43.455]}
    for feature in (outline, centre):
        assert feature["properties"]["name"] == "Gate District"
        assert feature["properties"]["url"] == leads_to
    # The name goes at the centre, once.
    assert outline["properties"]["label"] == [77.015, 43.455]
    assert "label" not in centre["properties"]


def test_district_outlines_and_centres_are_marked_indicative(client, gate):
    data = map_data(client.get("/en/").content.decode())
    for feature in data["features"]:
        assert feature["properties"]["indicative"] is True
        assert feature["properties"]["note"] == "Indicative outline and centre, not a legal boundary."


@pytest.mark.parametrize("url", ["/en/", "/en/districts/", "/en/districts/growing/"])
def test_nothing_to_draw_gives_no_map_section(client, url):
    growing = factories.make_district(slug="growing", name_en="Growing District", location_text_en="Along the road.")
    factories.make_project(district=growing, title_en="Without a location")
    content = client.get(url).content.decode()
    assert 'id="map-title"' not in content
    assert 'id="map-data"' not in content
    assert "map-svg" not in content
    if url != "/en/districts/growing/":
        # Where the districts lie is still said, in words.
        rows = table_rows(content, "Where the districts are")
        assert rows[1] == ("Growing District", "Along the road.", "not published")


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
def test_map_is_captioned_as_indicative_and_drawn_before_any_javascript(client, gate, url):
    content = client.get(url).content.decode()
    assert '<p class="map-caption">Outlines and centres are indicative, not legal boundaries.</p>' in content
    assert re.search(
        r'<div class="map-slot" data-label="Map of [^"]+" data-attribution="OpenStreetMap contributors"'
        r' data-zoom-in="Zoom in" data-zoom-out="Zoom out"'
        r' data-cluster="Projects close together: %\(count\)s. Select to zoom in.">\s*<svg class="map-svg"',
        content,
    )
    # The box Leaflet draws in is made by map.js: without JavaScript there is the drawing, never an empty box.
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
    assert scripts[-2:] == ["/static/vendor/leaflet/leaflet.js", "/static/js/map.js"]
    assert all(src.startswith("/static/") for src in scripts)
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


def svg_of(content):
    drawn = re.search(r'<svg class="map-svg".*?</svg>', content, re.S)
    assert drawn, "no map drawing on the page"
    return drawn.group(0)


def name_links(svg):
    """[(href, title, visible name)] of the districts' names in the drawing."""
    return re.findall(
        r'<a class="map-name-link" href="([^"]+)"><title>([^<]*)</title><text class="map-label"[^>]*>([^<]*)</text>',
        svg,
    )


@pytest.mark.parametrize("url", ["/en/", "/en/districts/"])
def test_overview_maps_draw_each_outlined_district_with_its_name_linking_to_its_page(client, gate, url):
    factories.make_district(
        slug="golden", name_en="Golden District", outline=factories.make_outline(76.88, 43.57, size=0.04)
    )
    factories.make_district(slug="green", name_en="Green District", latitude=43.82, longitude=76.93)
    factories.make_district(slug="growing", name_en="Growing District")
    svg = svg_of(client.get(url).content.decode())
    assert svg.count('<path class="map-outline"') == 2
    assert re.findall(r'<a class="map-place" href="([^"]+)" tabindex="-1" aria-hidden="true">', svg) == [
        "/en/districts/gate/",
        "/en/districts/golden/",
        "/en/districts/green/",
    ]
    assert name_links(svg) == [
        ("/en/districts/gate/", "Gate District", "Gate District"),
        ("/en/districts/golden/", "Golden District", "Golden District"),
        # A district with a centre and no outline: its dot and its name.
        ("/en/districts/green/", "Green District", "Green District"),
    ]
    assert svg.count('<circle class="map-centre"') == 2
    assert "Growing District" not in svg
    assert re.search(r'role="group" aria-labelledby="map-svg-title"', svg)
    assert '<title id="map-svg-title">Map of the districts of Alatau City</title>' in svg


def test_district_map_draws_its_projects_as_linked_points_and_leads_to_its_registry(client, gate):
    factories.make_project(
        district=gate, slug="pepsico", title_en="PepsiCo plant", latitude=Decimal("43.44"), longitude=Decimal("77.0")
    )
    factories.make_project(district=gate, title_en="Without a location")
    svg = svg_of(client.get("/en/districts/gate/").content.decode())
    assert name_links(svg) == [("/en/projects/?district=gate", "Projects in Gate District", "Gate District")]
    assert re.findall(
        r'<a class="map-project" href="([^"]+)"><title>([^<]*)</title><circle class="map-point"', svg
    ) == [("/en/projects/pepsico/", "PepsiCo plant")]


def test_map_legend_names_what_the_drawing_shows(client, gate):
    legend = section(client.get("/en/").content.decode(), "map-title").split('<ul class="map-legend"', 1)[1]
    assert "District, indicative outline" in legend
    assert "District centre, indicative" in legend
    assert "Project" not in legend

    factories.make_project(district=gate, title_en="Placed", latitude=Decimal("43.44"), longitude=Decimal("77.0"))
    legend = section(client.get("/en/districts/gate/").content.decode(), "map-title").split('class="map-legend"')[1]
    assert "Project</li>" in legend
    # Clusters exist only on the scripted map, which reveals this line.
    assert '<li class="map-key-cluster" hidden>' in legend


def test_drawn_names_are_escaped(client):
    factories.make_district(
        slug="odd", name_en="<script>alert(1)</script> & Co", outline=factories.make_outline(77.0, 43.5)
    )
    factories.make_project(title_en="<b>bold</b>", latitude=43.5, longitude=77.01)
    svg = svg_of(client.get("/en/").content.decode())
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</text>" in svg
    svg = svg_of(client.get("/en/districts/odd/").content.decode())
    assert "<b>" not in svg


def test_drawing_numbers_are_never_localised(client, gate):
    factories.make_district(slug="green", name_ru="Зелёный", latitude=43.82, longitude=76.93)
    svg = svg_of(client.get("/ru/").content.decode())
    numbers = re.findall(r'(?:viewBox|font-size|cx|cy|r|x|y|d)="([^"]+)"', svg)
    assert numbers
    assert not any("," in number and " " not in number for number in numbers), numbers
    assert re.search(r'viewBox="0 0 1000 \d+"', svg)


def test_drawing_puts_north_up_and_east_right_and_shortens_longitudes_by_latitude():
    square = {"type": "Polygon", "coordinates": [[[10, 59], [12, 59], [12, 61], [10, 61], [10, 59]]]}
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": square,
                "properties": {"kind": "district", "name": "N", "url": "/n/", "title": "N", "label": [11, 60]},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [11.5, 60.5]},
                "properties": {"kind": "project", "name": "P", "url": "/p/"},
            },
        ],
    }
    drawn = drawing(collection)
    corners = [tuple(map(float, corner.split(","))) for corner in re.findall(r"[\d.]+,[\d.]+", drawn.places[0].path)]
    (west_south, east_south, east_north, west_north) = corners
    assert east_south[0] > west_south[0] and west_north[1] < west_south[1]
    # At 60° a degree of longitude is half a degree of latitude.
    width, height = east_south[0] - west_south[0], west_south[1] - west_north[1]
    assert width / height == pytest.approx(0.5, rel=0.01)
    (point,) = drawn.points
    assert west_south[0] < point["x"] < east_south[0] and west_north[1] < point["y"] < west_south[1]
    assert 0 < drawn.places[0].label[0] < drawn.width and 0 < drawn.places[0].label[1] < drawn.height


def test_a_name_near_the_edge_stays_inside_the_drawing():
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, 43.5]},
            "properties": {
                "kind": "centre",
                "name": "A rather long district name",
                "url": f"/{lon}/",
                "title": "",
                "label": [lon, 43.5],
            },
        }
        for lon in (77.0, 77.3)
    ]
    drawn = drawing({"type": "FeatureCollection", "features": features})
    half = len("A rather long district name") * drawn.font_size * 0.3
    for place in drawn.places:
        assert half <= place.label[0] <= drawn.width - half


def test_nothing_to_draw_is_no_drawing():
    assert drawing({"type": "FeatureCollection", "features": []}) is None


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Each write its own transaction: PostgreSQL raises the registry version once per transaction (districts/versioning.py).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/en/", "/en/districts/", "/en/districts/gate/"])
def test_drawing_the_map_costs_no_query(client, gate, url):
    factories.make_district(slug="golden", outline=factories.make_outline(76.88, 43.57))
    factories.make_project(district=gate, latitude=Decimal("43.44"), longitude=Decimal("77.0"))
    client.get(url)  # fills the cached figures
    bare = queries(client, url)
    for n in range(1, 120):
        factories.make_project(district=gate, latitude=Decimal("43.44") + Decimal(n) / 10000, longitude=Decimal("77.0"))
    client.get(url)
    crowded = queries(client, url)
    content = client.get(url).content.decode()
    assert crowded == bare
    if url == "/en/districts/gate/":
        assert svg_of(content).count('<a class="map-project"') == 100
