"""Validation of the small GeoJSON geometries the registry stores (district outlines)."""

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def _is_position(value):
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(c, int | float) and not isinstance(c, bool) for c in value)
        and -180 <= value[0] <= 180
        and -90 <= value[1] <= 90
    )


def validate_polygon(value):
    """Accept a GeoJSON Polygon geometry with closed rings of [longitude, latitude] positions."""
    if value in (None, {}):
        return
    if not isinstance(value, dict) or value.get("type") != "Polygon":
        raise ValidationError(_('The outline must be a GeoJSON geometry of type "Polygon".'), code="type")
    rings = value.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise ValidationError(_("The outline needs at least one ring of coordinates."), code="rings")
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4 or not all(_is_position(p) for p in ring):
            raise ValidationError(
                _("Each ring needs at least four [longitude, latitude] positions within range."),
                code="positions",
            )
        if ring[0] != ring[-1]:
            raise ValidationError(_("Each ring must end where it starts."), code="closed")


EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)


def polygon_area_ha(geometry):
    """The area a GeoJSON Polygon encloses, in hectares (its outer ring less its holes).

    Each ring is projected onto the plane with an equirectangular projection around its own mean latitude,
    which is exact to well under 1 % for a district-sized shape; enough to keep drawn outlines honest.
    """

    def ring_area(ring):
        mean_latitude = math.radians(sum(latitude for _longitude, latitude in ring) / len(ring))
        points = [
            (
                EARTH_RADIUS_M * math.radians(longitude) * math.cos(mean_latitude),
                EARTH_RADIUS_M * math.radians(latitude),
            )
            for longitude, latitude in ring
        ]
        return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False))) / 2

    outer, *holes = geometry["coordinates"]
    return (ring_area(outer) - sum(ring_area(hole) for hole in holes)) / 10_000
