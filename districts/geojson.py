"""Validation of the small GeoJSON geometries the registry stores (district outlines)."""

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
