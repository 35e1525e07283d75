"""The spreadsheet import: a preview of new and changed projects before anything is written, errors that name
their row, all or nothing, and the same rules, derived fields and history as the admin's form."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Project
from projects.spreadsheet import COLUMN_NAMES, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS

from . import factories

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:projects_project_import"
ENGLISH = {"accept-language": "en"}
CSV_FORMAT, XLSX_FORMAT = 0, 1  # the positions of the admin's import formats


@pytest.fixture
def registry(district):
    district.slug = "gate"
    district.save()
    organisation = factories.make_organisation(slug="pepsico", name_en="PepsiCo")
    source = factories.make_source(url="https://example.org/plant")
    project = factories.make_complete_project(
        district=district, slug="plant", title_en="Plant", summary_en="A plant.", status="preparation"
    )
    return {"organisation": organisation, "source": source, "project": project}


def row_of(project=None, **values):
    """A complete row: the project's values (or a new project's), then `values`."""
    row = dict.fromkeys(COLUMN_NAMES, "")
    row |= {
        "slug": "new-hub",
        "title_kk": "Хаб",
        "title_ru": "Хаб",
        "title_en": "Hub",
        "summary_kk": "Хаб.",
        "summary_ru": "Хаб.",
        "summary_en": "A hub.",
        "district": "gate",
        "status": "preparation",
        "organisations": "pepsico:funder",
        "sources": "https://example.org/plant",
        "is_flagship": "no",
        "is_published": "yes",
    }
    if project is not None:
        row |= {
            "slug": project.slug,
            "version": str(project.version),
            "title_kk": project.title_kk,
            "title_ru": project.title_ru,
            "title_en": project.title_en,
            "summary_kk": project.summary_kk,
            "summary_ru": project.summary_ru,
            "summary_en": project.summary_en,
            "status": project.status,
            "organisations": "; ".join(f"{p.organisation.slug}:{p.role}" for p in project.participations.all()),
            "sources": "; ".join(entry.source.url for entry in project.source_entries.all()),
        }
    return row | values


def csv_file(rows, name="projects.csv"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def xlsx_file(rows, name="projects.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMN_NAMES)
    for row in rows:
        sheet.append([row[name] for name in COLUMN_NAMES])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def preview(client, upload, file_format=CSV_FORMAT):
    response = client.post(reverse(IMPORT_URL), {"import_file": upload, "format": file_format}, headers=ENGLISH)
    assert response.status_code == 200
    return response


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    return client.post(reverse("admin:projects_project_process_import"), data, headers=ENGLISH, follow=True)


def test_a_good_file_is_previewed_then_updates_by_slug_and_adds_new_projects(editor_client, editor, registry):
    plant = registry["project"]
    upload = csv_file([row_of(plant, title_en="Snack plant", status="implementation"), row_of()])
    response = preview(editor_client, upload)
    content = response.content.decode()
    assert response.context["confirm_form"] is not None
    assert "New" in content and "Update" in content
    assert "Snack" in content and "implement" in content  # old → new, marked up word by word
    assert not Project.objects.filter(slug="new-hub").exists()  # nothing is written by the preview
    plant.refresh_from_db()
    assert plant.title_en == "Plant"

    assert confirm(editor_client, response).status_code == 200
    plant.refresh_from_db()
    assert (plant.title_en, plant.status) == ("Snack plant", "implementation")
    hub = Project.objects.get(slug="new-hub")
    assert hub.is_published and hub.publication_gaps() == {}
    assert hub.participations.get().organisation == registry["organisation"]
    assert hub.search_text and "hub" in hub.search_text  # derived as a save derives it
    latest = plant.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Import: projects.csv"
    assert Project.objects.search("snack").filter(pk=plant.pk).exists()


def test_an_xlsx_file_imports_too(editor_client, registry):
    response = preview(editor_client, xlsx_file([row_of()]), XLSX_FORMAT)
    assert response.context["confirm_form"] is not None
    confirm(editor_client, response)
    assert Project.objects.filter(slug="new-hub").exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"district": "atlantis"}, "Unknown district “atlantis”"),
        ({"status": "built"}, "Unknown status code “built”"),
        (
            {"investment_amount": "-5", "investment_currency": "USD", "investment_source": "https://example.org/plant"},
            "The amount cannot be negative",
        ),
        ({"investment_currency": "USD"}, "A currency or a source without an amount"),
        ({"planned_start": "31.12.2026", "planned_start_source": "https://example.org/plant"}, "is not a date"),
        ({"title_kk": ""}, "A published project needs: Title in Kazakh"),
        ({"organisations": ""}, "A published project needs: At least one organisation with a role"),
        ({"organisations": "nobody:funder"}, "Unknown organisation “nobody”"),
        ({"sources": "https://example.org/unknown"}, "No source in the registry has the URL"),
        ({"title_en": '=HYPERLINK("https://evil.example","click")'}, "would run as a formula"),
        ({"is_flagship": "maybe"}, "Write yes or no"),
        ({"organisations": "pepsico:funder; pepsico:funder"}, "is listed twice"),
        ({"title_en": ' =cmd|" /C calc"!A0'}, "would run as a formula"),
    ],
)
def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row(editor_client, registry, values, message):
    plant = registry["project"]
    upload = csv_file([row_of(plant, title_en="Renamed"), row_of(**values)])
    response = preview(editor_client, upload)
    content = response.content.decode()
    assert message in content
    assert [row.number for row in response.context["result"].invalid_rows] == [2]  # the second row, named
    assert response.context.get("confirm_form") is None
    plant.refresh_from_db()
    assert plant.title_en == "Plant"
    assert not Project.objects.filter(slug="new-hub").exists()


def test_a_row_based_on_an_older_version_is_refused(editor_client, registry):
    plant = registry["project"]
    old = row_of(plant, title_en="From an old export")
    plant.summary_en = "Changed in the admin meanwhile."
    plant.save()
    response = preview(editor_client, csv_file([old]))
    assert "Someone changed it since the file was exported" in response.content.decode()
    assert response.context.get("confirm_form") is None


def test_the_importer_speaks_the_editors_language(editor_client, registry):
    upload = csv_file([row_of(district="atlantis")])
    response = editor_client.post(
        reverse(IMPORT_URL), {"import_file": upload, "format": CSV_FORMAT}, headers={"accept-language": "ru"}
    )
    assert "Неизвестный дистрикт «atlantis»" in response.content.decode()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("projects.csv", b"\x00\x01\x02PK\x03\x04 not a spreadsheet \xff\xfe"),
        SimpleUploadedFile("projects.xlsx", b"just,text\n1,2\n"),
        SimpleUploadedFile("projects.csv", b""),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_without_a_server_error(editor_client, registry, upload):
    file_format = XLSX_FORMAT if upload.name.endswith(".xlsx") else CSV_FORMAT
    response = editor_client.post(reverse(IMPORT_URL), {"import_file": upload, "format": file_format})
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert Project.objects.count() == 1


def test_a_file_over_the_size_limit_is_refused(editor_client, registry):
    upload = SimpleUploadedFile("projects.csv", b"slug\n" + b"x" * MAX_IMPORT_BYTES)
    response = editor_client.post(reverse(IMPORT_URL), {"import_file": upload, "format": CSV_FORMAT}, headers=ENGLISH)
    assert "an import takes at most 2 MB" in response.content.decode()


def test_the_template_has_the_columns_and_an_example(editor_client, registry):
    response = editor_client.get(reverse("admin:projects_project_import_template", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == COLUMN_NAMES
    assert rows[1][0] == "example-logistics-hub"
    assert editor_client.get(reverse("admin:projects_project_import_template", args=["xlsx"])).status_code == 200
    assert editor_client.get(reverse("admin:projects_project_import_template", args=["exe"])).status_code == 404


def test_viewers_cannot_import(client, registry):
    client.force_login(factories.make_viewer())
    upload = csv_file([row_of()])
    assert client.post(reverse(IMPORT_URL), {"import_file": upload, "format": CSV_FORMAT}).status_code == 403
    assert client.post(reverse("admin:projects_project_process_import"), {}).status_code == 403
    assert client.get(reverse("admin:projects_project_import_template", args=["csv"])).status_code == 403
    assert not Project.objects.filter(slug="new-hub").exists()


def test_viewers_may_export(client, registry):
    client.force_login(factories.make_viewer())
    assert client.get(reverse("admin:projects_project_export")).status_code == 200


def test_an_import_reads_in_the_history_as_a_change_by_the_importer_with_the_file_name(editor_client, editor, registry):
    plant = registry["project"]
    confirm(editor_client, preview(editor_client, csv_file([row_of(plant, title_en="Snack plant")], "march.csv")))
    url = reverse("admin:projects_project_history", args=[plant.pk])
    content = editor_client.get(url, headers=ENGLISH).content.decode()
    assert "Title (English): Plant → Snack plant" in content
    assert "Import: march.csv" in content and editor.username in content


def test_a_file_that_no_longer_validates_at_confirmation_changes_nothing(editor_client, registry):
    plant = registry["project"]
    response = preview(editor_client, csv_file([row_of(), row_of(plant, title_en="Snack plant")]))
    plant.summary_en = "Changed in the admin after the preview."
    plant.save()
    confirmed = confirm(editor_client, response)
    assert "Nothing was imported" in confirmed.content.decode()
    assert not Project.objects.filter(slug="new-hub").exists()
    plant.refresh_from_db()
    assert plant.title_en == "Plant"


def test_a_file_over_the_row_limit_is_refused(editor_client, registry):
    rows = [row_of(slug=f"hub-{n}") for n in range(MAX_IMPORT_ROWS + 1)]
    response = preview(editor_client, csv_file(rows))
    assert f"an import takes at most {MAX_IMPORT_ROWS}" in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert not Project.objects.filter(slug="hub-0").exists()


def test_a_file_without_the_roles_and_sources_columns_leaves_them_alone(editor_client, registry):
    plant = registry["project"]
    upload = SimpleUploadedFile("status.csv", f"slug,version,status\nplant,{plant.version},completion\n".encode())
    confirm(editor_client, preview(editor_client, upload))
    plant.refresh_from_db()
    assert plant.status == "completion"
    assert plant.participations.count() == 1 and plant.source_entries.count() == 1


def test_specializations_changed_by_an_import_are_a_new_version(editor_client, registry):
    plant = registry["project"]
    factories.make_specialization(slug="logistics")
    version = plant.version
    confirm(editor_client, preview(editor_client, csv_file([row_of(plant, specializations="logistics")])))
    plant.refresh_from_db()
    assert list(plant.specializations.values_list("slug", flat=True)) == ["logistics"]
    assert plant.version > version


def test_only_editors_who_may_publish_import_published_projects(client, registry):
    from django.contrib.auth.models import Permission

    importer = factories.make_viewer()
    importer.user_permissions.add(Permission.objects.get(codename="import_project"))
    client.force_login(importer)
    response = preview(client, csv_file([row_of()]))
    assert "You may not publish projects" in response.content.decode()
    assert preview(client, csv_file([row_of(is_published="no")])).context["confirm_form"] is not None


def test_a_confirmation_whose_file_is_gone_or_tampered_with_starts_again(editor_client, registry):
    response = preview(editor_client, csv_file([row_of()]))
    assert confirm(editor_client, response).status_code == 200
    again = confirm(editor_client, response)  # the same confirmation twice: its file is gone
    assert "upload the file again" in again.content.decode()
    assert Project.objects.filter(slug="new-hub").count() == 1
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()} | {"format": "7"}
    tampered = editor_client.post(reverse("admin:projects_project_process_import"), data, headers=ENGLISH, follow=True)
    assert tampered.status_code == 200 and "upload the file again" in tampered.content.decode()


def test_an_export_never_holds_a_live_formula(editor_client, registry):
    plant = registry["project"]
    Project.objects.filter(pk=plant.pk).update(title_en='=HYPERLINK("https://evil.example","x")')
    response = editor_client.post(
        reverse("admin:projects_project_export"),
        {"format": XLSX_FORMAT, "resource": 0, **{f"projectresource_{name}": "on" for name in COLUMN_NAMES}},
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    assert cells and all(cell.data_type != "f" for cell in cells)
