"""The map's data: a GeoJSON FeatureCollection of district outlines and centres, and of any other points; and the
same collection drawn as a plain picture (`drawing`) for the page to show before, or without, Leaflet.

Positions are [longitude, latitude] (RFC 7946). No source publishes district boundaries, so every district
feature carries `indicative: true` and a note saying so; static/js/map.js and includes/map_svg.html show both.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

INDICATIVE_DISTRICT = _("Indicative outline and centre, not a legal boundary.")

# The drawing's coordinate space: WIDTH units wide, as tall as the places need, within these proportions so that
# the names stay legible in the map's box whether the places lie in a row or in a column.
WIDTH = 1000
WIDEST = 4 / 3
TALLEST = 3 / 2
MARGIN = 0.1
# About 0.5 km: a single point still gets some ground around it.
NARROWEST_SPAN = 0.005


def feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point(located):
    """A GeoJSON Point for anything with `latitude` and `longitude` (a districts.models.GeoPoint)."""
    return {"type": "Point", "coordinates": [float(located.longitude), float(located.latitude)]}


def own_page(district):
    return district.get_absolute_url(), district.name


def middle(ring):
    """The centroid of a closed ring of [longitude, latitude] positions (its vertices' mean if it has no area)."""
    area = x = y = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        x += (x0 + x1) * cross
        y += (y0 + y1) * cross
    if not area:
        return [sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)]
    return [x / (3 * area), y / (3 * area)]


def district_features(district, link=own_page):
    """The district's outline (a Polygon) and its centre (a Point), where they are recorded.

    Both lead where `link(district)` says, a (url, title) pair. The first of them carries `label`, the
    position of the district's name: its centre, or else the middle of its outline.
    """
    url, title = link(district)
    about = {"name": district.name, "url": url, "title": title, "indicative": True, "note": INDICATIVE_DISTRICT}
    centre = point(district) if district.has_location else None
    label = centre["coordinates"] if centre else None
    features = []
    if district.outline:
        label = label or middle(district.outline["coordinates"][0])
        features.append(feature(district.outline, kind="district", label=label, **about))
    if centre:
        extra = {} if features else {"label": label}
        features.append(feature(centre, kind="centre", **about, **extra))
    return features


def feature_collection(districts, other_features=(), district_link=own_page):
    """Everything one map shows: the districts, then any other features (such as projects)."""
    features = [feature for district in districts for feature in district_features(district, district_link)]
    return {"type": "FeatureCollection", "features": [*features, *other_features]}


@dataclass
class Place:
    """One district in the drawing: its outline's path, centre and label, all leading to one address."""

    name: str
    url: str
    title: str
    path: str = ""
    centre: tuple | None = None
    label: tuple | None = None


@dataclass
class Drawing:
    """A FeatureCollection projected into an SVG viewBox of `width` × `height` units."""

    width: int
    height: int
    places: list = field(default_factory=list)
    points: list = field(default_factory=list)

    @property
    def font_size(self):
        # About 14 px when the drawing fills the height of the map's box on a phone (18 rem).
        return round(self.height / 20, 1)

    @property
    def dot_radius(self):
        return round(self.font_size * 0.35, 1)

    @property
    def has_outlines(self):
        return any(place.path for place in self.places)

    @property
    def has_centres(self):
        return any(place.centre for place in self.places)


def positions(geometry):
    if geometry["type"] == "Point":
        return [geometry["coordinates"]]
    return [position for ring in geometry["coordinates"] for position in ring]


def drawing(collection):
    """The collection as a Drawing, in an equirectangular projection (longitudes shortened by the cosine of the
    middle latitude, which is true enough at a city's scale); None when there is nothing to draw."""
    features = collection["features"]
    everything = [position for f in features for position in positions(f["geometry"])]
    if not everything:
        return None
    west, east = min(p[0] for p in everything), max(p[0] for p in everything)
    south, north = min(p[1] for p in everything), max(p[1] for p in everything)
    shrink = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * shrink, NARROWEST_SPAN)
    span_y = max(north - south, NARROWEST_SPAN)
    span_x, span_y = max(span_x, span_y / TALLEST), max(span_y, span_x / WIDEST)
    scale = WIDTH / (span_x * (1 + 2 * MARGIN))
    height = round(span_y * (1 + 2 * MARGIN) * scale)
    middle_x, middle_y = (west + east) / 2, (south + north) / 2

    def project(position):
        x = WIDTH / 2 + (position[0] - middle_x) * shrink * scale
        y = height / 2 - (position[1] - middle_y) * scale
        return round(x, 1), round(y, 1)

    result = Drawing(width=WIDTH, height=height)
    places = {}
    for f in features:
        about = f["properties"]
        if about["kind"] == "project":
            x, y = project(f["geometry"]["coordinates"])
            result.points.append({"name": about["name"], "url": about["url"], "x": x, "y": y})
            continue
        place = places.get(about["url"])
        if place is None:
            place = places[about["url"]] = Place(
                name=about["name"], url=about["url"], title=about.get("title", about["name"])
            )
            result.places.append(place)
        if about["kind"] == "district":
            place.path = " ".join(
                "M" + " L".join(f"{x},{y}" for x, y in map(project, ring[:-1])) + " Z"
                for ring in f["geometry"]["coordinates"]
            )
        else:
            place.centre = project(f["geometry"]["coordinates"])
        if "label" in about:
            place.label = project(about["label"])
    for place in result.places:
        if place.label:
            place.label = label_position(place.label, place.name, result, below=place.centre)
    return result


def label_position(position, name, drawing, below=None):
    """Where a name's text goes: under its dot if there is one, centred on the position otherwise, and kept
    inside the drawing (its width estimated at 0.6 of the font size per letter)."""
    size = drawing.font_size
    half = len(name) * size * 0.3
    x = min(max(position[0], half + size / 2), drawing.width - half - size / 2)
    y = position[1] + (size * 1.4 if below else size * 0.35)
    y = min(max(y, size * 1.2), drawing.height - size * 0.5)
    return round(x, 1), round(y, 1)
