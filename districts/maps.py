"""The map's data: a GeoJSON FeatureCollection of district outlines and centres and of project locations.

Positions are [longitude, latitude] (RFC 7946). No source publishes district boundaries (FACTS.md), so
every district feature carries `indicative: true` and a note saying so; static/js/map.js shows both.
"""

from django.utils.translation import gettext_lazy as _

INDICATIVE_DISTRICT = _("Indicative outline and centre, not a legal boundary.")
INDICATIVE_PROJECT = _("Indicative location.")


def _feature(geometry, **properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _point(located):
    return {"type": "Point", "coordinates": [float(located.longitude), float(located.latitude)]}


def district_features(district):
    """The district's outline (a Polygon) and its centre (a Point), where they are recorded."""
    about = {"name": district.name, "url": district.get_absolute_url(), "indicative": True, "note": INDICATIVE_DISTRICT}
    features = []
    if district.outline:
        features.append(_feature(district.outline, kind="district", **about))
    if district.has_location:
        features.append(_feature(_point(district), kind="centre", **about))
    return features


def project_features(projects):
    """Points for the published projects among `projects` that have a location: one query."""
    located = projects.published().exclude(latitude=None).exclude(longitude=None).order_by("title", "pk")
    return [
        _feature(
            _point(project),
            kind="project",
            name=project.title,
            url=project.get_absolute_url(),
            status=project.get_status_display(),
            indicative=project.location_is_indicative,
            note=INDICATIVE_PROJECT if project.location_is_indicative else "",
        )
        for project in located
    ]


def feature_collection(districts, projects=None):
    """Everything one map shows; `projects` is a Project queryset, or None for districts only."""
    features = [feature for district in districts for feature in district_features(district)]
    if projects is not None:
        features += project_features(projects)
    return {"type": "FeatureCollection", "features": features}
