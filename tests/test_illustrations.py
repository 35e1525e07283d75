"""The illustrations the registry draws from its own data for the demo: a district's outline among the city's
districts, a project's status card, and `manage.py draw_illustrations`, which gives them to the districts and
published projects that have no picture."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation
from PIL import Image, ImageColor

from districts.models import District
from projects.illustrations import ACCENT, ACCENT_DARK, SIZE, district_outline, project_card
from projects.models import Project, Status
from projects.templatetags.lifecycle import STAGES

from . import factories

pytestmark = pytest.mark.django_db


def share_of(image, colour):
    """The share of the image's pixels in exactly this colour."""
    counts = {rgb: n for n, rgb in image.getcolors(maxcolors=SIZE[0] * SIZE[1])}
    return counts.get(ImageColor.getrgb(colour), 0) / (SIZE[0] * SIZE[1])


def west_and_east():
    """Two districts side by side, with outlines and centres."""
    west = factories.make_district(latitude=43.6, longitude=76.8, outline=factories.make_outline(76.8, 43.6))
    east = factories.make_district(latitude=43.6, longitude=77.0, outline=factories.make_outline(77.0, 43.6))
    return west, east


def draw_one(kind):
    west, east = west_and_east()
    if kind == "district":
        return district_outline(west, [west, east])
    return project_card(factories.make_project(district=west), [west, east])


@pytest.mark.parametrize("kind", ["district", "project"])
def test_each_illustration_is_an_rgb_image_of_the_declared_size_and_not_blank(kind):
    image = draw_one(kind)

    assert image.mode == "RGB"
    assert image.size == SIZE == (1600, 1000)
    colours = sorted(image.getcolors(maxcolors=SIZE[0] * SIZE[1]), reverse=True)
    assert len(colours) > 20
    most, _rgb = colours[0]
    assert most < 0.8 * SIZE[0] * SIZE[1]


def test_a_districts_own_outline_is_drawn_in_the_accent_colour():
    west, east = west_and_east()

    for district, side in ((west, "left"), (east, "right")):
        image = district_outline(district, [west, east])
        left = image.crop((0, 0, SIZE[0] // 2, SIZE[1]))
        right = image.crop((SIZE[0] // 2, 0, SIZE[0], SIZE[1]))
        painted, unpainted = (left, right) if side == "left" else (right, left)
        assert share_of(painted, ACCENT) > 0.05
        assert share_of(unpainted, ACCENT) == 0


def test_a_district_without_an_outline_is_not_painted_as_an_area():
    west, east = west_and_east()
    unmapped = factories.make_district()

    image = district_outline(unmapped, [west, east, unmapped])

    assert share_of(image, ACCENT) < 0.001
    assert len(image.getcolors(maxcolors=SIZE[0] * SIZE[1])) > 20  # the other districts are still drawn


def test_the_further_a_project_has_come_the_more_of_its_status_card_is_filled():
    west, east = west_and_east()
    filled = []
    for status in (Status.CANCELLED, *STAGES):
        project = factories.make_project(district=west, status=status)
        card = project_card(project, [west, east])
        filled.append(share_of(card, ACCENT) + share_of(card, ACCENT_DARK))

    assert filled == sorted(filled)
    assert len(set(filled)) == 6  # a cancelled project has reached none of the stages


def draw(*args):
    out = io.StringIO()
    call_command("draw_illustrations", *args, stdout=out)
    return out.getvalue()


def test_every_published_project_gets_one_cover_illustration_described_in_every_language():
    west, east = west_and_east()
    projects = [
        factories.make_project(district=west, status=Status.IMPLEMENTATION),
        factories.make_project(district=east, status=Status.CANCELLED),
    ]
    draft = factories.make_project(district=west, is_published=False)
    synthetic = factories.make_project(district=west, is_synthetic=True)
    pictured = factories.make_project(district=east)
    photo = factories.make_image(pictured, is_cover=True)

    draw()

    for project in projects:
        (image,) = project.images.all()
        assert image.is_cover
        with image.image.open("rb"), Image.open(image.image) as picture:
            assert picture.size == SIZE
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                status, district = project.get_status_display(), project.district.name
            alt = getattr(image, f"alt_text_{language}")
            assert f"“{status}”" in alt or f"«{status}»" in alt
            assert district in alt
            assert getattr(image, f"caption_{language}")
            assert getattr(image, f"credit_{language}")
    assert "not a photograph" in projects[0].images.get().caption_en
    assert not draft.images.exists()
    assert not synthetic.images.exists()
    assert list(pictured.images.all()) == [photo]


def test_every_district_gets_a_hero_image_and_one_it_has_is_kept():
    west, east = west_and_east()
    unmapped = factories.make_district()
    draw()
    kept = District.objects.get(pk=east.pk).hero_image.name

    draw()

    for district in (west, east, unmapped):
        district.refresh_from_db()
        assert district.hero_image
        with district.hero_image.open("rb"), Image.open(district.hero_image) as image:
            assert image.size == SIZE
    assert east.hero_image.name == kept


def test_drawing_again_draws_nothing_new():
    west, east = west_and_east()
    factories.make_project(district=west)
    factories.make_project(district=east)

    first = draw()
    heroes = sorted(d.hero_image.name for d in District.objects.all())
    second = draw()

    assert "Drew 2 district illustration(s) and 2 project illustration(s)." in first
    assert "Drew 0 district illustration(s) and 0 project illustration(s)." in second
    assert sorted(d.hero_image.name for d in District.objects.all()) == heroes
    assert Project.objects.filter(images__isnull=False).count() == 2
