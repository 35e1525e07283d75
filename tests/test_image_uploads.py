"""Images uploaded through the admin: hostile files are refused and leave nothing behind; good ones are stored
upright, stripped of their metadata, under the portal's name, with renditions that leave with them."""

import functools
import io
import mimetypes
import re
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageCms

from districts.models import District
from images import processing
from projects.models import Organisation, ProjectImage

from . import factories
from .test_admin import form_data

pytestmark = [
    pytest.mark.django_db,
    # Images between 50 and 100 megapixels make Pillow warn before our own check refuses them.
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]

ENGLISH = {"accept-language": "en"}
RED, BLUE = (220, 20, 20), (20, 20, 220)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def encoded(picture, image_format, **options):
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def photo(width=600, height=400, image_format="JPEG", **options):
    """A noisy picture, so that a JPEG's scan holds real data."""
    return encoded(Image.effect_noise((width, height), 60).convert("RGB"), image_format, **options)


def two_colours(width, height, mode="RGB", left=RED, right=BLUE):
    """A picture whose left half is one colour and right half another: shows which way it was turned."""
    picture = Image.new(mode, (width, height), right)
    picture.paste(left, (0, 0, width // 2, height))
    return picture


def declared(width, height):
    """A small PNG (1 bit per pixel, one colour) that declares a huge image: a decompression bomb."""
    return encoded(Image.new("1", (width, height)), "PNG", optimize=True)


def zip_archive():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", HTML)
    return buffer.getvalue()


def truncated_jpeg():
    data = photo()
    scan = data.index(b"\xff\xda")  # start of scan
    return data[: scan + (len(data) - scan) // 2]


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>
<rect width="10" height="10"/></svg>"""
NOT_AN_IMAGE = "The file is not a JPEG, PNG or WebP image (its content was checked, not its name)."
DAMAGED = "The image is damaged or incomplete and cannot be read."
OTHER_DATA = "The file holds other data after the image."

HOSTILE = {
    "decompression bomb": (
        lambda: ("bomb.png", declared(12_000, 12_000)),
        "The image has more pixels than the limit of 50 megapixels.",
    ),
    "image over 50 megapixels": (
        lambda: ("large.png", declared(8000, 7000)),
        "The image is 8000 × 7000 pixels; the limit is 50 megapixels.",
    ),
    "jpeg cut in its scan": (lambda: ("cut.jpg", truncated_jpeg()), DAMAGED),
    "text file renamed": (lambda: ("notes.jpg", b"Minutes of the meeting.\n" * 40), NOT_AN_IMAGE),
    "html named jpg": (lambda: ("page.jpg", HTML), NOT_AN_IMAGE),
    "svg with a script named png": (lambda: ("drawing.png", SVG), NOT_AN_IMAGE),
    "gif": (lambda: ("animation.gif", photo(image_format="GIF")), NOT_AN_IMAGE),
    "gif named jpg": (lambda: ("animation.jpg", photo(image_format="GIF")), NOT_AN_IMAGE),
    "jpeg with html appended": (lambda: ("photo.jpg", photo() + HTML), OTHER_DATA),
    "png with zip appended": (lambda: ("photo.png", photo(image_format="PNG") + zip_archive()), OTHER_DATA),
    "gif with html named pdf": (lambda: ("report.pdf", photo(image_format="GIF") + HTML), NOT_AN_IMAGE),
    "empty file": (lambda: ("empty.jpg", b""), "The file is empty."),
    # The size is checked before anything else: what follows the JPEG header does not matter.
    "file over 15 MB": (lambda: ("huge.jpg", b"\xff\xd8\xff\xe0" + b"\x5a" * (16 * 2**20)), "the limit is 15 MB"),
}


@functools.cache
def hostile_file(case):
    make, _reason = HOSTILE[case]
    return make()


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")


def media_files():
    """Every file in MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def opened(name):
    return Image.open(Path(settings.MEDIA_ROOT) / name)


class PictureForm:
    """An admin change form with a picture field, posted as the browser sends it: the page's data unchanged,
    the file, and `fields` (e.g. an inline row's other fields) on top."""

    def __init__(self, client, url, field, folder, rows, attname, **fields):
        self.client, self.url, self.field, self.folder = client, url, field, folder
        self.rows, self.attname, self.fields = rows, attname, fields

    def post(self, name, content, **fields):
        data = form_data(self.client.get(self.url, headers=ENGLISH), **self.fields)
        data[self.field] = upload(name, content)
        return self.client.post(self.url, data | fields, headers=ENGLISH)

    def files(self):
        """The stored files (FieldFile) of the field, for every row that has one."""
        return [getattr(row, self.attname) for row in self.rows() if getattr(row, self.attname)]


def field_errors(response):
    """Every error of the page's form and its inlines' forms, as text."""
    form = response.context["adminform"].form
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    for inline in response.context["inline_admin_formsets"]:
        errors += [error for row in inline.formset.errors for field in row.values() for error in field]
        errors += list(inline.formset.non_form_errors())
    return errors


def page_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


IMAGE_ROW = {
    "images-TOTAL_FORMS": 1,
    "images-0-order": 0,
    "images-0-alt_text_kk": "Зауыт құрылысы",
    "images-0-alt_text_ru": "Стройка завода",
    "images-0-alt_text_en": "The plant being built",
}


@pytest.fixture(params=["project image", "organisation logo", "district hero image"])
def picture_form(request):
    if request.param == "project image":
        project = request.getfixturevalue("complete_project")
        return PictureForm(
            request.getfixturevalue("editor_client"),
            reverse("admin:projects_project_change", args=[project.pk]),
            "images-0-image",
            "projects",
            lambda: ProjectImage.objects.filter(project=project),
            "image",
            **IMAGE_ROW,
        )
    if request.param == "organisation logo":
        organisation = factories.make_organisation()
        return PictureForm(
            request.getfixturevalue("editor_client"),
            reverse("admin:projects_organisation_change", args=[organisation.pk]),
            "logo",
            "organisations",
            lambda: Organisation.objects.filter(pk=organisation.pk),
            "logo",
        )
    district = request.getfixturevalue("district")  # only superusers change districts
    return PictureForm(
        request.getfixturevalue("admin_client"),
        reverse("admin:districts_district_change", args=[district.pk]),
        "hero_image",
        "districts",
        lambda: District.objects.filter(pk=district.pk),
        "hero_image",
        hero_image_alt_kk="Аудан",
        hero_image_alt_ru="Район",
        hero_image_alt_en="The district",
    )


@pytest.fixture
def logo_form(editor_client):
    organisation = factories.make_organisation()
    url = reverse("admin:projects_organisation_change", args=[organisation.pk])
    rows = lambda: Organisation.objects.filter(pk=organisation.pk)  # noqa: E731
    return PictureForm(editor_client, url, "logo", "organisations", rows, "logo")


@pytest.fixture
def project_form(editor_client, complete_project):
    url = reverse("admin:projects_project_change", args=[complete_project.pk])
    rows = lambda: ProjectImage.objects.filter(project=complete_project)  # noqa: E731
    return PictureForm(editor_client, url, "images-0-image", "projects", rows, "image", **IMAGE_ROW)


def stored_one(form, response):
    """The one file the form stored, after checking the save went through."""
    assert response.status_code == 302, field_errors(response)
    [file] = form.files()
    return file


def assert_renditions_stored(file, widths, fallback):
    """Every rendition the pages will ask for (file.renditions()) is in storage at its size, and nothing else
    is beside the stored file."""
    offered = file.renditions()
    assert [width for width, _height, _urls in offered] == widths
    names = [file.name]
    for width, height, urls in offered:
        assert set(urls) == {".webp", fallback}
        for extension in urls:
            name = processing.rendition_name(file.name, width, extension)
            assert urls[extension].endswith(name)
            with opened(name) as rendition:
                assert rendition.size == (width, height)
                assert rendition.format == {".webp": "WEBP", ".jpg": "JPEG", ".png": "PNG"}[extension]
            names.append(name)
    assert media_files() == sorted(names)


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_is_refused_with_its_reason_and_nothing_is_stored(picture_form, case):
    name, content = hostile_file(case)
    reason = HOSTILE[case][1]
    response = picture_form.post(name, content)
    assert response.status_code == 200
    errors = field_errors(response)
    assert any(reason in error for error in errors), errors
    assert any(error.endswith("Nothing was saved: choose a file again.") for error in errors), errors
    assert "The files you chose were not saved, as the form has errors: choose them again." in page_messages(response)
    assert media_files() == []
    assert picture_form.files() == []


def test_a_photo_is_stored_upright_without_any_metadata_under_the_portals_name(picture_form):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show
    exif[0x010F] = "Pocket camera"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (43.0, 51.0, 0.0), 3: "E", 4: (77.0, 3.0, 0.0)})
    icc_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
    data = encoded(
        two_colours(1500, 1000), "JPEG", exif=exif, icc_profile=icc_profile, comment=b"Shot at home", xmp=xmp
    )
    with Image.open(io.BytesIO(data)) as original:  # the upload does carry everything that must go
        assert original.getexif().get_ifd(0x8825)[1] == "N"
        assert {"icc_profile", "comment", "xmp"} <= set(original.info)

    file = stored_one(picture_form, picture_form.post("IMG_0042 home.jpg", data))

    assert re.fullmatch(rf"{picture_form.folder}/\d{{4}}/\d{{2}}/[0-9a-f]{{24}}\.jpg", file.name), file.name
    for name in media_files():
        with opened(name) as stored:
            assert not stored.getexif()
            assert not {"exif", "icc_profile", "comment", "xmp"} & set(stored.info), name
        raw = (Path(settings.MEDIA_ROOT) / name).read_bytes()
        assert b"Exif" not in raw and b"Shot at home" not in raw and b"adobe:ns:meta" not in raw
    with opened(file.name) as stored:
        assert stored.size == (1000, 1500)
        top, bottom = stored.convert("RGB").getpixel((500, 300)), stored.getpixel((500, 1200))
    assert top[0] > 180 > top[2] and bottom[2] > 180 > bottom[0]  # the left (red) half is now on top
    assert_renditions_stored(file, [320, 640, 1000], ".jpg")


def test_a_wide_image_gets_renditions_at_every_width(project_form):
    file = stored_one(project_form, project_form.post("wide.jpg", photo(1600, 900)))
    assert (file.instance.width, file.instance.height) == (1600, 900)
    assert_renditions_stored(file, [320, 640, 1280], ".jpg")


def test_a_small_image_is_never_enlarged(project_form):
    file = stored_one(project_form, project_form.post("small.jpg", photo(200, 100)))
    assert_renditions_stored(file, [200], ".jpg")


def test_a_huge_image_is_stored_at_most_2560_pixels_long(project_form):
    file = stored_one(project_form, project_form.post("huge.jpg", photo(4000, 3000)))
    with opened(file.name) as stored:
        assert stored.size == (2560, 1920)


def test_a_transparent_png_stays_png_with_png_renditions(logo_form):
    logo = two_colours(800, 400, "RGBA", left=(0, 0, 0, 0), right=(20, 20, 220, 255))
    file = stored_one(logo_form, logo_form.post("logo.png", encoded(logo, "PNG")))
    assert file.name.endswith(".png")
    with opened(file.name) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((100, 100))[3] == 0 and stored.getpixel((700, 100))[3] == 255
    assert_renditions_stored(file, [320, 640, 800], ".png")


def test_an_opaque_png_has_renditions_where_the_pages_look_for_them(logo_form):
    file = stored_one(logo_form, logo_form.post("chart.png", photo(800, 400, "PNG")))
    assert_renditions_stored(file, [320, 640, 800], ".png")


def test_a_webp_upload_is_accepted(logo_form):
    file = stored_one(logo_form, logo_form.post("photo.webp", photo(800, 400, "WEBP")))
    assert_renditions_stored(file, [320, 640, 800], ".jpg")


def test_a_transparent_webp_has_renditions_where_the_pages_look_for_them(logo_form):
    logo = two_colours(800, 400, "RGBA", left=(0, 0, 0, 0), right=(20, 20, 220, 255))
    file = stored_one(logo_form, logo_form.post("logo.webp", encoded(logo, "WEBP", lossless=True)))
    assert_renditions_stored(file, [320, 640, 800], ".png")


def test_a_cmyk_jpeg_is_stored_as_rgb(project_form):
    data = encoded(Image.new("CMYK", (800, 400), (0, 200, 200, 0)), "JPEG")
    file = stored_one(project_form, project_form.post("print.jpg", data))
    with opened(file.name) as stored:
        assert stored.mode == "RGB"
        red, green, blue = stored.getpixel((400, 200))
    assert red > 180 and green < 120 and blue < 120


def test_a_cameras_multi_picture_jpeg_is_accepted(project_form):
    first, second = two_colours(800, 600), Image.new("RGB", (400, 300), BLUE)
    data = encoded(first, "MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(data)) as original:
        assert original.format == "MPO" and original.n_frames == 2
    file = stored_one(project_form, project_form.post("IMG_0043.jpg", data))
    assert file.name.endswith(".jpg")
    with opened(file.name) as stored:
        assert stored.size == (800, 600)
    assert_renditions_stored(file, [320, 640, 800], ".jpg")


def test_deleting_an_image_in_the_admin_removes_its_file_and_renditions(
    project_form, django_capture_on_commit_callbacks
):
    stored_one(project_form, project_form.post("photo.jpg", photo(1600, 900)))
    assert len(media_files()) == 7
    data = form_data(project_form.client.get(project_form.url), **{"images-0-DELETE": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = project_form.client.post(project_form.url, data)
    assert response.status_code == 302
    assert not ProjectImage.objects.exists()
    assert media_files() == []


def test_replacing_an_image_removes_the_former_files(picture_form, django_capture_on_commit_callbacks):
    former = stored_one(picture_form, picture_form.post("first.jpg", photo(800, 400))).name
    with django_capture_on_commit_callbacks(execute=True):
        file = stored_one(picture_form, picture_form.post("second.jpg", photo(900, 400)))
    assert file.name != former
    assert not any(name.startswith(former.rsplit(".", 1)[0]) for name in media_files())
    assert_renditions_stored(file, [320, 640, 900], ".jpg")


def test_clearing_a_logo_removes_its_files(logo_form, django_capture_on_commit_callbacks):
    stored_one(logo_form, logo_form.post("logo.jpg", photo(800, 400)))
    data = form_data(logo_form.client.get(logo_form.url), **{"logo-clear": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        assert logo_form.client.post(logo_form.url, data).status_code == 302
    assert logo_form.files() == []
    assert media_files() == []


def test_a_refused_file_keeps_the_former_image(logo_form, django_capture_on_commit_callbacks):
    former = stored_one(logo_form, logo_form.post("logo.jpg", photo(800, 400))).name
    before = media_files()
    with django_capture_on_commit_callbacks(execute=True):
        response = logo_form.post("logo.jpg", photo() + HTML)
    assert response.status_code == 200
    assert media_files() == before
    assert [file.name for file in logo_form.files()] == [former]


def test_two_covers_are_refused_and_nothing_is_stored(project_form):
    second = {key.replace("-0-", "-1-"): value for key, value in IMAGE_ROW.items() if "-0-" in key}
    second |= {"images-1-is_cover": "on", "images-1-image": upload("other.jpg", photo())}
    response = project_form.post("photo.jpg", photo(), **second, **{"images-TOTAL_FORMS": 2, "images-0-is_cover": "on"})
    assert response.status_code == 200
    assert "2 images are marked as the cover: a project has one cover. Keep the mark on one." in field_errors(response)
    assert media_files() == []
    assert not ProjectImage.objects.exists()


def test_the_first_image_becomes_the_cover_when_none_is_marked(project_form):
    second = {key.replace("-0-", "-1-"): value for key, value in IMAGE_ROW.items() if "-0-" in key}
    second |= {"images-1-order": 3, "images-1-alt_text_en": "First", "images-1-image": upload("other.jpg", photo())}
    response = project_form.post("photo.jpg", photo(), **second, **{"images-TOTAL_FORMS": 2, "images-0-order": 5})
    assert response.status_code == 302, field_errors(response)
    assert [image.alt_text_en for image in ProjectImage.objects.covers()] == ["First"]


def test_a_form_with_other_errors_says_the_chosen_files_must_be_chosen_again(project_form):
    response = project_form.post("photo.jpg", photo(), title_ru="")
    assert response.status_code == 200
    assert field_errors(response)
    assert "The files you chose were not saved, as the form has errors: choose them again." in page_messages(response)
    assert media_files() == []
    assert not ProjectImage.objects.exists()


def test_an_image_needs_its_alternative_text_in_every_language(project_form, admin_client, district):
    response = project_form.post("photo.jpg", photo(), **{"images-0-alt_text_kk": ""})
    assert response.status_code == 200
    assert any("This field is required." in error for error in field_errors(response))
    assert media_files() == []
    url = reverse("admin:districts_district_change", args=[district.pk])
    data = form_data(admin_client.get(url, headers=ENGLISH), hero_image_alt_ru="Район")
    data["hero_image"] = upload("district.jpg", photo())
    response = admin_client.post(url, data, headers=ENGLISH)
    assert "Describe the hero image for people who cannot see it." in field_errors(response)
    assert media_files() == []


def test_rebuild_thumbnails_redraws_deleted_renditions(project):
    images = [factories.make_image(project) for _ in range(2)]
    stored = media_files()
    for name in stored:
        if "w." in name:
            (Path(settings.MEDIA_ROOT) / name).unlink()
    assert len(media_files()) == 2
    out, err = StringIO(), StringIO()
    call_command("rebuild_thumbnails", stdout=out, stderr=err)
    assert media_files() == stored
    assert f"[{'#' * 30}] 2/2" in out.getvalue()
    assert "Redrew the renditions of 2 images." in out.getvalue()
    assert err.getvalue() == ""
    assert {name for image in images for name in image.image.rendition_names()} < set(stored)


def test_rebuild_thumbnails_reports_a_missing_image_and_redraws_the_others(project):
    missing, kept = factories.make_image(project), factories.make_image(project)
    (Path(settings.MEDIA_ROOT) / missing.image.name).unlink()
    for name in kept.image.rendition_names():
        (Path(settings.MEDIA_ROOT) / name).unlink()
    out, err = StringIO(), StringIO()
    call_command("rebuild_thumbnails", stdout=out, stderr=err)
    assert missing.image.name in err.getvalue()
    assert "Redrew the renditions of 1 images." in out.getvalue()
    assert all((Path(settings.MEDIA_ROOT) / name).exists() for name in kept.image.rendition_names())


def test_rebuild_thumbnails_cleans_an_image_stored_before_uploads_were_cleaned(project):
    """A file stored as uploaded (its own name, its metadata, no recorded size) is cleaned and renamed."""
    exif = Image.Exif()
    exif[0x010F] = "Pocket camera"
    old = Path(settings.MEDIA_ROOT) / "projects" / "my-holiday.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(photo(900, 600, exif=exif))
    ProjectImage.objects.bulk_create(
        [ProjectImage(project=project, image="projects/my-holiday.jpg", alt_text_ru="Фото", order=1)]
    )
    call_command("rebuild_thumbnails", stdout=StringIO(), stderr=StringIO())
    image = ProjectImage.objects.get()
    assert re.fullmatch(r"projects/\d{4}/\d{2}/[0-9a-f]{24}\.jpg", image.image.name)
    assert (image.width, image.height) == (900, 600)
    assert not old.exists()
    with Image.open(Path(settings.MEDIA_ROOT) / image.image.name) as stored:
        assert not stored.getexif()
    assert set(media_files()) == {image.image.name, *image.image.rendition_names()}


@pytest.mark.parametrize(
    "options",
    [{}, {"progressive": True}, {"restart_marker_blocks": 1}, {"restart_marker_rows": 1}, {"optimize": True}],
    ids=["baseline", "progressive", "restart markers per block", "restart markers per row", "optimized"],
)
def test_a_whole_jpeg_has_nothing_after_the_image(options):
    data = photo(**options)
    assert processing.bytes_after_the_image(data, "JPEG") == b""
    assert processing.bytes_after_the_image(data + HTML, "JPEG") == HTML.strip()


def test_restart_markers_are_really_in_the_scan():
    """The case above means something only if Pillow writes the markers (RST0 to RST7) into the scan."""
    data = photo(restart_marker_blocks=1)
    scan = data[data.index(b"\xff\xda") :]
    assert all(bytes([0xFF, marker]) in scan for marker in range(0xD0, 0xD8))


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_a_whole_png_or_webp_has_nothing_after_the_image(image_format):
    data = photo(image_format=image_format)
    assert processing.bytes_after_the_image(data, image_format) == b""
    assert processing.bytes_after_the_image(data + zip_archive(), image_format).startswith(b"PK\x03\x04")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_an_image_cut_short_is_damaged(image_format):
    data = photo(image_format=image_format)
    with pytest.raises(ValueError):
        processing.bytes_after_the_image(data[: len(data) * 2 // 3], image_format)
