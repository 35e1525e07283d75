"""The map in a page: its data for static/js/map.js, and the same data drawn as SVG for includes/map_svg.html.

{% load maps %}
{{ map_data|map_json }}
{% map_drawing map_data as drawing %}
"""

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import json_script

from districts.maps import drawing

register = template.Library()


class LettersAsTheyAre(DjangoJSONEncoder):
    """JSON with Cyrillic and Kazakh letters written as UTF-8, not as `\\u0434` escapes: a third of the bytes for
    the names and statuses that fill a district's map (`<`, `>` and `&` are still escaped by json_script)."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "ensure_ascii": False})


@register.filter
def map_json(value):
    return json_script(value, "map-data", encoder=LettersAsTheyAre)


@register.simple_tag
def map_drawing(map_data):
    """The districts.maps.Drawing of the map's data, or None when it has nothing to draw."""
    return drawing(map_data)
