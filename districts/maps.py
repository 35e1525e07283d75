"""The map's data: a GeoJSON FeatureCollection of district outlines and centres, and of any other points.

Positions are [longitude, latitude] (RFC 7946). No source publishes district boundaries, so every district
feature carries `indicative: true` and a note saying so; static/js/map.js shows both.
"""

from django.utils.translation import gettext_lazy as _

INDICATIVE_DISTRICT = _("Indicative outline and centre, not a legal boundary.")


def feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point(located):
    """A GeoJSON Point for anything with `latitude` and `longitude` (a districts.models.GeoPoint)."""
    return {"type": "Point", "coordinates": [float(located.longitude), float(located.latitude)]}


def district_features(district):
    """The district's outline (a Polygon) and its centre (a Point), where they are recorded."""
    about = {"name": district.name, "url": district.get_absolute_url(), "indicative": True, "note": INDICATIVE_DISTRICT}
    features = []
    if district.outline:
        features.append(feature(district.outline, kind="district", **about))
    if district.has_location:
        features.append(feature(point(district), kind="centre", **about))
    return features


def feature_collection(districts, other_features=()):
    """Everything one map shows: the districts, then any other features (such as projects)."""
    features = [feature for district in districts for feature in district_features(district)]
    return {"type": "FeatureCollection", "features": [*features, *other_features]}
