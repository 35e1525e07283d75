"""The media disk read-only: saving a project with a new image through the admin shows a clear error in the
form, not an error page, and leaves the project as it was (no field changed, no image row)."""

import io
import subprocess

import psycopg
import pytest
from django.urls import reverse
from PIL import Image

from ..tools import require
from .admin_session import AdminSession, form_fields
from .conftest import ADMIN

NOT_STORED = "The image could not be stored (the media storage refused to write it), so nothing was saved"


@pytest.fixture
def read_only_media(tmp_path):
    """A folder on a read-only file system: even root cannot write there (chmod would not stop root)."""
    folder = tmp_path / "read-only-media"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", folder], capture_output=True)
    require(mounted.returncode == 0, "mounting a read-only tmpfs", "run the suite as root, with mount allowed")
    yield folder
    subprocess.run(["umount", folder], check=True)


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def stored_state(database_url, project_id):
    """The project's row as it is stored, and how many images it has."""
    with psycopg.connect(database_url) as connection:
        (row,) = connection.execute("SELECT row_to_json(p)::text FROM projects_project p WHERE id = %s", [project_id])
        (images,) = connection.execute("SELECT count(*) FROM projects_projectimage WHERE project_id = %s", [project_id])
    return row[0], images[0]


def image_row(fields, index):
    """The admin's empty image row (the page's `__prefix__` template) as row `index`, with its texts filled in."""
    row = {
        name.replace("__prefix__", str(index)): value for name, value in fields if name.startswith("images-__prefix__-")
    }
    return row | {
        f"images-{index}-order": "0",
        f"images-{index}-alt_text_kk": "Құрылыс алаңы",
        f"images-{index}-alt_text_ru": "Стройплощадка",
        f"images-{index}-alt_text_en": "The building site",
    }


def test_a_read_only_media_disk_gives_a_clear_admin_error_and_saves_nothing(read_only_media, seeded_database, serve):
    server = serve(seeded_database, DJANGO_MEDIA_ROOT=str(read_only_media))
    with psycopg.connect(seeded_database) as connection:
        (project_id,) = connection.execute("SELECT id FROM projects_project WHERE is_published ORDER BY id").fetchone()
    before = stored_state(seeded_database, project_id)
    admin = AdminSession(server.url(""))
    admin.log_in(reverse("admin:login"), ADMIN["username"], ADMIN["password"])
    url = reverse("admin:projects_project_change", args=[project_id])
    fields = form_fields(admin.get(url).text, "project_form")
    images = int(dict(fields)["images-TOTAL_FORMS"])
    changes = {"title_en": "Changed while the media disk was read-only", "_save": "Save"}
    changes |= image_row(fields, images) | {"images-TOTAL_FORMS": str(images + 1)}
    response = admin.post_form(
        url, "project_form", changes, {f"images-{images}-image": ("site.jpg", "image/jpeg", jpeg())}
    )

    assert response.status == 200, f"{response.status}:\n{server.output()[-3000:]}"
    assert NOT_STORED in response.text
    assert "Changed while the media disk was read-only" in response.text  # the editor's input is kept
    assert stored_state(seeded_database, project_id) == before
    assert "Internal Server Error" not in server.output()
