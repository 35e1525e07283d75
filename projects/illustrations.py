"""Illustrations the registry draws from its own data: a district's outline among the city's districts, and a
project's place in its lifecycle.

They hold no words: one image serves every language, so what it shows is said in its caption and alternative
text. Nor do they look like photographs. Each function returns a 1600 × 1000 RGB image.
"""

import math

from PIL import Image, ImageDraw

from .models import Status
from .templatetags.lifecycle import STAGES, stages

SIZE = (1600, 1000)
# Drawn at twice the size and scaled down, for smooth edges.
SCALE = 2

# The portal's colours (static/css/site.css).
ACCENT = "#0b5cad"
ACCENT_DARK = "#0a3d73"  # the lifecycle bar's current stage
PAPER = "#ffffff"
LINE = "#d5dae1"
MAP = "#e9eef3"  # the maps' background
# Calm shades between them.
GRID = "#dbe2ea"
LAND = "#cfd6df"
LAND_EDGE = "#b3bdc9"
PALE_ACCENT = "#cfe0f2"
AHEAD = "#98a3b1"  # a stage still ahead


def district_outline(district, all_districts):
    """The city's districts on a grid of meridians and parallels, `district` in the accent colour. Without an
    outline of its own, its centre point is marked; without that either, the others are drawn alone."""
    image, draw = _canvas(MAP)
    width, height = image.size
    margin = 90 * SCALE
    _draw_map(draw, (margin, margin, width - margin, height - margin), district, all_districts, grid=image.size)
    return _finish(image)


def project_card(project, all_districts=()):
    """A project's status card: the five lifecycle stages as a row of circles joined by a line, the stages reached
    filled and the current one larger and repeated as the card's badge; in a corner, the city's districts with the
    project's own in the accent colour and the project's location, if known, marked."""
    image, draw = _canvas(MAP)
    s = SCALE
    width, height = image.size
    card = (48 * s, 48 * s, width - 48 * s, height - 48 * s)
    draw.rounded_rectangle(card, radius=32 * s, fill=PAPER, outline=LINE, width=2 * s)
    _dot_grid(draw, card, step=40 * s, inset=40 * s)

    district = project.district
    all_districts = all_districts or [district]
    if district is not None and any(_rings(other) or _centre(other) for other in all_districts):
        inset = (card[2] - 496 * s, card[1] + 56 * s, card[2] - 56 * s, card[1] + 336 * s)
        draw.rounded_rectangle(inset, radius=20 * s, fill=MAP)
        margin = 28 * s
        inner = (inset[0] + margin, inset[1] + margin, inset[2] - margin, inset[3] - margin)
        _draw_map(draw, inner, district, all_districts, point=project)

    if project.status in STAGES:
        badge = (card[0] + 56 * s, card[1] + 56 * s, card[0] + 336 * s, card[1] + 336 * s)
        draw.rounded_rectangle(badge, radius=36 * s, fill=PALE_ACCENT)
        middle = ((badge[0] + badge[2]) / 2, (badge[1] + badge[3]) / 2)
        _icon(draw, project.status, middle, 90 * s, ACCENT_DARK, PALE_ACCENT)

    _draw_lifecycle(draw, project.status, left=card[0] + 170 * s, right=card[2] - 170 * s, y=height * 0.66)
    return _finish(image)


def _canvas(colour):
    image = Image.new("RGB", (SIZE[0] * SCALE, SIZE[1] * SCALE), colour)
    return image, ImageDraw.Draw(image)


def _finish(image):
    return image.resize(SIZE, Image.LANCZOS)


def _rings(district):
    """The outline's rings as lists of (longitude, latitude); the first is the exterior."""
    outline = district.outline or {}
    return [[(float(lon), float(lat)) for lon, lat in ring] for ring in outline.get("coordinates") or []]


def _centre(item):
    """An object's (longitude, latitude), or None when it has no location."""
    if item is None or item.latitude is None or item.longitude is None:
        return None
    return float(item.longitude), float(item.latitude)


class _Frame:
    """Fits [longitude, latitude] positions into a box, north up, with the shapes' proportions kept (distances
    east–west shrink with the cosine of the latitude)."""

    def __init__(self, positions, box):
        lons = [lon for lon, _ in positions] or [0.0]
        lats = [lat for _, lat in positions] or [0.0]
        west, east, south, north = min(lons), max(lons), min(lats), max(lats)
        self.stretch = math.cos(math.radians((south + north) / 2))
        # A lone point still gets a few kilometres around it.
        span_x = max((east - west) * self.stretch, 0.02)
        span_y = max(north - south, 0.02)
        left, top, right, bottom = box
        self.scale = min((right - left) / span_x, (bottom - top) / span_y)
        self.x0 = (left + right) / 2 - (west + east) / 2 * self.stretch * self.scale
        self.y0 = (top + bottom) / 2 + (south + north) / 2 * self.scale

    def __call__(self, lon, lat):
        return self.x0 + lon * self.stretch * self.scale, self.y0 - lat * self.scale

    def position(self, x, y):
        """The (longitude, latitude) at a point of the image."""
        return (x - self.x0) / (self.stretch * self.scale), (self.y0 - y) / self.scale


def _draw_map(draw, box, district, all_districts, *, point=None, grid=None):
    """The districts' outlines fitted into `box`, `district` highlighted and `point`'s location marked; over
    meridians and parallels across an area of size `grid`, if given, from the image's corner."""
    s = SCALE
    others = [other for other in all_districts if other.pk != district.pk]
    positions = [p for other in [district, *others] for ring in _rings(other)[:1] for p in ring]
    positions += [c for c in (*map(_centre, [district, *others]), _centre(point)) if c]
    frame = _Frame(positions, box)
    if grid:
        _graticule(draw, frame, *grid)
    for other in others:
        if rings := _rings(other):
            _polygon(draw, frame, rings, fill=LAND, outline=LAND_EDGE, width=2 * s, hole=MAP)
        elif centre := _centre(other):
            x, y = frame(*centre)
            r = (10 if grid else 6) * s
            draw.ellipse((x - r, y - r, x + r, y + r), fill=LAND, outline=LAND_EDGE, width=2 * s)
    rings = _rings(district)
    centre = _centre(district)
    if rings:
        _polygon(draw, frame, rings, fill=ACCENT, outline=ACCENT_DARK, width=3 * s, hole=MAP)
    elif centre:
        # Only a point is known: a soft disc around it says "about here".
        x, y = frame(*centre)
        r = min(box[2] - box[0], box[3] - box[1]) / 6
        draw.ellipse((x - r, y - r, x + r, y + r), fill=PALE_ACCENT, outline=ACCENT, width=3 * s)
    marker = _centre(point) if point is not None else centre
    if marker:
        x, y = frame(*marker)
        r = (14 if grid else 9) * s
        draw.ellipse((x - r, y - r, x + r, y + r), fill=PAPER, outline=ACCENT_DARK, width=(5 if grid else 4) * s)


def _polygon(draw, frame, rings, *, fill, outline, width, hole):
    exterior, *holes = rings
    draw.polygon([frame(*p) for p in exterior], fill=fill, outline=outline, width=width)
    for ring in holes:
        draw.polygon([frame(*p) for p in ring], fill=hole, outline=outline, width=width)


def _graticule(draw, frame, width, height):
    """Meridians and parallels at a round step."""
    west, north = frame.position(0, 0)
    east, south = frame.position(width, height)
    span = max(east - west, north - south)
    step = next((step for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10) if span / step <= 16), 20)
    lon = math.floor(west / step) * step
    while lon <= east:
        x, _ = frame(lon, 0)
        draw.line((x, 0, x, height), fill=GRID, width=2 * SCALE)
        lon += step
    lat = math.floor(south / step) * step
    while lat <= north:
        _, y = frame(0, lat)
        draw.line((0, y, width, y), fill=GRID, width=2 * SCALE)
        lat += step


def _dot_grid(draw, box, *, step, inset):
    left, top, right, bottom = box
    r = 2 * SCALE
    for y in range(int(top + inset), int(bottom - inset) + 1, step):
        for x in range(int(left + inset), int(right - inset) + 1, step):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=MAP)


def _draw_lifecycle(draw, status, *, left, right, y):
    """The lifecycle bar as circles joined by a line: stages reached filled, the current one larger."""
    s = SCALE
    bar = stages(status)
    gap = (right - left) / (len(bar) - 1)
    xs = [left + n * gap for n in range(len(bar))]
    reached = [stage.state in ("done", "current") for stage in bar]
    for n in range(len(bar) - 1):
        colour = ACCENT if reached[n + 1] else LINE
        draw.line((xs[n], y, xs[n + 1], y), fill=colour, width=12 * s)
    for x, stage, code in zip(xs, bar, STAGES, strict=True):
        if stage.state == "current":
            halo, r = 124 * s, 100 * s
            draw.ellipse((x - halo, y - halo, x + halo, y + halo), fill=PALE_ACCENT)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ACCENT_DARK)
            _icon(draw, code, (x, y), r * 0.62, PAPER, ACCENT_DARK)
        elif stage.state == "done":
            r = 70 * s
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ACCENT)
            _icon(draw, code, (x, y), r * 0.62, PAPER, ACCENT)
        else:
            r = 70 * s
            draw.ellipse((x - r, y - r, x + r, y + r), fill=PAPER, outline=LINE, width=8 * s)
            _icon(draw, code, (x, y), r * 0.62, AHEAD, PAPER)


def _icon(draw, stage, centre, size, colour, background):
    """A pictogram for a lifecycle stage, within `size` of `centre`: a magnifying glass (prospective), a plan
    (planned), a crane (being implemented), a flag (being commissioned), a gear (operating)."""
    cx, cy = centre

    def at(x, y):
        return cx + x * size, cy + y * size

    def box(x0, y0, x1, y1):
        return (*at(x0, y0), *at(x1, y1))

    line = max(1, round(size * 0.13))
    if stage == Status.IDENTIFICATION:
        draw.ellipse(box(-0.75, -0.75, 0.3, 0.3), outline=colour, width=line)
        draw.line((*at(0.18, 0.18), *at(0.72, 0.72)), fill=colour, width=round(line * 1.5))
    elif stage == Status.PREPARATION:
        draw.rounded_rectangle(box(-0.62, -0.8, 0.62, 0.8), radius=size * 0.1, outline=colour, width=line)
        for y in (-0.38, 0.0, 0.38):
            draw.line((*at(-0.32, y), *at(0.32 if y < 0.3 else 0.05, y)), fill=colour, width=line)
    elif stage == Status.IMPLEMENTATION:
        thin = round(line * 0.6)
        draw.line((*at(-0.35, 0.82), *at(-0.35, -0.95)), fill=colour, width=line)  # mast
        draw.line((*at(-0.85, -0.6), *at(0.85, -0.6)), fill=colour, width=line)  # jib
        draw.line([at(-0.85, -0.6), at(-0.35, -0.95), at(0.85, -0.6)], fill=colour, width=thin, joint="curve")  # ties
        draw.line((*at(0.5, -0.6), *at(0.5, -0.05)), fill=colour, width=thin)  # cable
        draw.rectangle(box(0.3, -0.05, 0.7, 0.3), fill=colour)  # load
        draw.line((*at(-0.75, 0.82), *at(0.05, 0.82)), fill=colour, width=line)  # base
    elif stage == Status.COMPLETION:
        draw.line((*at(-0.45, 0.82), *at(-0.45, -0.82)), fill=colour, width=line)
        draw.polygon([at(-0.45, -0.78), at(0.68, -0.45), at(-0.45, -0.1)], fill=colour)
        draw.line((*at(-0.75, 0.82), *at(-0.15, 0.82)), fill=colour, width=line)
    elif stage == Status.MAINTENANCE:
        for n in range(8):  # teeth
            tip = at(0.85 * math.cos(math.pi * n / 4), 0.85 * math.sin(math.pi * n / 4))
            draw.line((cx, cy, *tip), fill=colour, width=round(size * 0.36))
        draw.ellipse(box(-0.62, -0.62, 0.62, 0.62), fill=colour)
        draw.ellipse(box(-0.24, -0.24, 0.24, 0.24), fill=background)
