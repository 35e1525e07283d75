"""Reading what the public pages render: data tables and the map's GeoJSON."""

import json
import re


def table_rows(content, caption):
    """[(header or cell text, …)] per row of the table with this caption, the header row first."""
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", content, re.S)
    assert table, f"no table captioned {caption!r}"
    return [
        tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
        for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    ]


def map_data(content):
    """The GeoJSON the page gives static/js/map.js."""
    script = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', content, re.S)
    assert script, "no map data on the page"
    return json.loads(script.group(1))


def section(content, heading_id):
    """The HTML of the <section> labelled by the heading with this id."""
    return content.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
