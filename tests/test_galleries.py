"""Images on the public pages: a project's gallery, covers on the registry's rows and a district's project list,
a district's hero image and an organisation's logo. Pages offer renditions (srcset, sizes, width and height);
list pages never load a stored original."""

import re

import pytest
from django.utils import translation

from . import factories

pytestmark = pytest.mark.django_db

REGISTRY = "/en/projects/"


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def rendition(file, width, extension="jpg"):
    """The URL of a stored image's rendition: its name with the width before the extension."""
    return f"{file.url.rsplit('.', 1)[0]}.{width}w.{extension}"


def pictures(content):
    return re.findall(r"<picture>.*?</picture>", content, re.S)


def picture_of(content, file):
    """The one <picture> on the page that shows this stored image."""
    stem = file.url.rsplit(".", 1)[0] + "."
    (found,) = [picture for picture in pictures(content) if stem in picture]
    return found


@pytest.fixture
def gate(db):
    return factories.make_district(slug="gate", name_en="Gate District")


@pytest.fixture
def plant(gate):
    return factories.make_project(slug="plant", title_en="Snack plant", district=gate)


def make_covered(project, **fields):
    """Give a project a cover (a photo large enough for every rendition) and a second image that is not one."""
    cover = factories.make_image(project, image=factories.image_file(1600, 1200), is_cover=True, **fields)
    other = factories.make_image(project, image=factories.image_file(1000, 800, colour=(200, 40, 40)))
    return cover, other


@pytest.mark.parametrize(
    ("language", "alt", "caption", "credit"),
    [
        ("kk", "Қыстағы алаң", "Алаң қыста", "Фото: жобалық кеңсе"),
        ("ru", "Площадка зимой", "Площадка зимой, вид с юга", "Фото: проектный офис"),
        ("en", "The site in winter", "The site from the south", "Photo: Project Office, CC BY 4.0"),
    ],
)
def test_project_page_shows_every_image_as_a_picture_with_alt_text_caption_and_credit(
    client, plant, language, alt, caption, credit
):
    photo = factories.make_image(
        plant,
        image=factories.image_file(1600, 1200),
        order=2,
        alt_text_kk="Қыстағы алаң",
        alt_text_ru="Площадка зимой",
        alt_text_en="The site in winter",
        caption_kk="Алаң қыста",
        caption_ru="Площадка зимой, вид с юга",
        caption_en="The site from the south",
        credit_kk="Фото: жобалық кеңсе",
        credit_ru="Фото: проектный офис",
        credit_en="Photo: Project Office, CC BY 4.0",
    )
    drawing = factories.make_image(plant, image=factories.image_file(500, 400, "PNG"), order=1)
    with translation.override(language):
        content = get(client, plant.get_absolute_url())

    assert content.count("<figure>") == 2
    assert content.index(drawing.image.url.rsplit(".", 1)[0]) < content.index(photo.image.url.rsplit(".", 1)[0])
    shown = picture_of(content, photo.image)
    for width in (320, 640, 1280):
        assert f"{rendition(photo.image, width, 'webp')} {width}w" in shown
        assert f"{rendition(photo.image, width)} {width}w" in shown
    assert 'width="1280" height="960"' in shown
    assert f'alt="{alt}"' in shown
    assert 'loading="lazy"' in shown
    # Opened large through a link, without JavaScript; the page itself never loads the stored original.
    assert f'<a class="gallery-open" href="{rendition(photo.image, 1280)}">' in content
    assert f'<figcaption>{caption} <small class="gallery-credit">{credit}</small></figcaption>' in content
    assert photo.image.url not in content
    # A PNG keeps its transparency: its renditions are PNG, up to its own width.
    drawn = picture_of(content, drawing.image)
    assert f"{rendition(drawing.image, 500, 'png')} 500w" in drawn and 'width="500" height="400"' in drawn


def test_a_figure_without_caption_or_credit_has_no_figcaption(client, plant):
    factories.make_image(plant, caption_en="", credit_en="")
    content = get(client, "/en/projects/plant/")
    assert content.count("<figure>") == 1 and "<figcaption" not in content


def test_registry_rows_show_the_covers_smallest_rendition_and_never_the_original(client, gate, plant):
    cover, other = make_covered(plant)
    factories.make_project(title_en="Bare project", district=gate)
    content = get(client, REGISTRY)

    bare_row, plant_row = re.findall(r'<tr class="registry-row">(.*?)</tr>', content, re.S)  # by title
    shown = picture_of(plant_row, cover.image)
    assert f'srcset="{rendition(cover.image, 320, "webp")} 320w"' in shown
    assert f'src="{rendition(cover.image, 320)}"' in shown
    assert 'width="320" height="240"' in shown and 'alt=""' in shown and 'loading="lazy"' in shown
    assert ".640w." not in content and ".1280w." not in content
    assert cover.image.url not in content
    assert other.image.url.rsplit(".", 1)[0] not in content, "only the cover shows in a list"
    assert "<picture" not in bare_row and "<img" not in bare_row, "no placeholder for a project without a cover"


def test_district_page_shows_its_hero_image_and_its_projects_covers(client, gate, plant):
    gate.hero_image_alt_en = "The district's outline among the others"
    gate.hero_image_credit_en = "Illustration: the registry"
    gate.hero_image.save("hero.jpg", factories.image_file(2400, 1200, colour=(60, 130, 90)), save=True)
    cover, _other = make_covered(plant)
    content = get(client, "/en/districts/gate/")

    hero = picture_of(content, gate.hero_image)
    assert f"{rendition(gate.hero_image, 1280, 'webp')} 1280w" in hero
    assert 'width="1280" height="640"' in hero and 'loading="eager"' in hero
    assert 'alt="The district&#x27;s outline among the others"' in hero
    assert '<figure class="district-hero">' in content and "Illustration: the registry</figcaption>" in content
    assert content.index(hero) < content.index("<h1>")
    listed = picture_of(content, cover.image)
    assert f'srcset="{rendition(cover.image, 320, "webp")} 320w"' in listed and 'alt=""' in listed
    assert gate.hero_image.url not in content and cover.image.url not in content


def test_district_page_without_a_hero_image_shows_none(client, gate, plant):
    assert "<picture" not in get(client, "/en/districts/gate/")


def test_organisation_page_shows_its_logo(client, gate):
    organisation = factories.make_organisation(slug="pepsico", name_en="PepsiCo")
    factories.make_project(district=gate, organisation=organisation)
    organisation.logo.save("logo.png", factories.image_file(800, 200, "PNG", (200, 30, 30)), save=True)
    content = get(client, "/en/organisations/pepsico/")

    logo = picture_of(content, organisation.logo)
    assert 'alt="Logo of PepsiCo"' in logo
    assert f"{rendition(organisation.logo, 320, 'png')} 320w" in logo and 'width="320" height="80"' in logo
    assert ".640w." not in content and organisation.logo.url not in content


def test_organisation_page_without_a_logo_shows_none(client, gate):
    factories.make_project(district=gate, organisation=factories.make_organisation(slug="plain"))
    assert "<picture" not in get(client, "/en/organisations/plain/")


@pytest.mark.parametrize("covered", [2, 25])
def test_list_pages_queries_do_not_grow_with_the_projects_that_have_covers(
    client, gate, covered, django_assert_num_queries
):
    for _n in range(covered):
        factories.make_image(factories.make_project(district=gate), is_cover=True)
    for url in (REGISTRY, "/en/districts/gate/"):
        content = get(client, url)  # the registry's figures and lists are cached after the first request
        assert content.count("<picture>") == min(covered, 20)
        # The registry: version, rows, their organisations, their covers, the form's district and specialization
        # choices. The district page: version, district, its specializations and figures, the first page of its
        # projects, their covers.
        with django_assert_num_queries(6):
            get(client, url)
