"""The Project Office backend: who may do what, and that saves never end in a server error."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.forms import FileField
from django.urls import reverse

from projects.models import Project

from . import factories

pytestmark = pytest.mark.django_db


def form_data(response, **fields):
    """The POST data the admin page would send unchanged: its main form, and every inline's management form and
    rows; then `fields` on top."""
    data = {}

    def put(form, name, field):
        initial = form.initial.get(name, field.initial)
        if callable(initial):
            initial = initial()
        if isinstance(initial, list | tuple):
            data[form.add_prefix(name)] = [getattr(value, "pk", value) for value in initial]
        elif initial is not None and initial is not False and not isinstance(field, FileField):
            data[form.add_prefix(name)] = getattr(initial, "pk", initial)

    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, 0)
        for form in inline.formset.initial_forms:
            for name, field in form.fields.items():
                put(form, name, field)
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        put(form, name, field)
    data.update(fields)
    return {key: ("" if value is None else value) for key, value in data.items()}


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:projects_project_changelist",
        "admin:projects_project_add",
        "admin:projects_organisation_changelist",
        "admin:projects_organisation_add",
        "admin:districts_source_add",
        "admin:districts_district_changelist",
    ],
)
def test_admin_pages_load_for_the_project_office_editor(editor_client, project, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200


def test_project_change_page_and_history_load_for_the_editor(editor_client, project):
    assert editor_client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 200
    assert editor_client.get(reverse("admin:projects_project_history", args=[project.pk])).status_code == 200


def test_project_changelist_runs_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries):
    district = factories.make_district()
    for _ in range(30):
        factories.make_project(district=district, organisation=factories.make_organisation())
    with django_assert_max_num_queries(12):
        response = editor_client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == 30


def test_admin_is_closed_to_users_who_are_not_staff(client):
    client.force_login(factories.make_user())
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_editor_cannot_delete_a_district(editor_client, district):
    delete_url = reverse("admin:districts_district_delete", args=[district.pk])
    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    district.refresh_from_db()


def test_editor_cannot_change_a_district(editor_client, district):
    response = editor_client.post(reverse("admin:districts_district_change", args=[district.pk]), {"name_ru": "X"})
    assert response.status_code == 403


def test_editor_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_editor_group_has_no_delete_rights_on_registry_entities():
    group = Group.objects.get(name="Project Office editor")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_project", "change_project", "add_organisation", "change_organisation"} <= codenames
    assert not codenames & {"delete_project", "delete_organisation", "delete_district", "change_district", "add_user"}
    assert not Permission.objects.filter(group=group, content_type__app_label="auth").exists()


def test_editor_adds_a_project_with_three_languages(editor_client, district):
    add_url = reverse("admin:projects_project_add")
    data = form_data(
        editor_client.get(add_url),
        slug="new-plant",
        title_ru="Новый завод",
        title_kk="Жаңа зауыт",
        title_en="New plant",
        summary_ru="Кратко",
        district=district.pk,
        status="preparation",
    )
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    project = Project.objects.get(slug="new-plant")
    assert (project.title_ru, project.title_kk, project.title_en) == ("Новый завод", "Жаңа зауыт", "New plant")
    assert project.updated_by is not None and project.updated_by.groups.filter(name="Project Office editor").exists()
    assert project.history.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"planned_start": "2027-01-01", "planned_completion": "2026-01-01"}, "completion cannot be before"),
        ({"planned_start": "2027-01-01", "planned_start_source": ""}, "Name the source that gives the planned start"),
        ({"latitude": "43.6"}, "both latitude and longitude"),
        ({"figures-0-kind": "investment", "figures-0-value": "1000"}, "needs its ISO 4217 currency"),
        ({"figures-0-kind": "jobs", "figures-0-value": "-5"}, "greater than or equal to 0"),
        (
            {"figures-0-kind": "investment", "figures-0-value": "5", "figures-0-currency": "usd"},
            "three-letter ISO 4217",
        ),
        ({"figures-0-kind": "jobs", "figures-0-value": "5", "figures-0-currency": "USD"}, "other figures have none"),
    ],
)
def test_constraint_breaking_save_shows_a_form_error(editor_client, complete_project, fields, message):
    project = complete_project
    source = factories.make_source()
    change_url = reverse("admin:projects_project_change", args=[project.pk])
    english = {"accept-language": "en"}
    data = form_data(editor_client.get(change_url, headers=english), **fields)
    dates = {"planned_start_source": source.pk, "planned_completion_source": source.pk}
    data |= {name: value for name, value in dates.items() if name not in fields}
    if "figures-0-kind" in fields:
        data |= {"figures-TOTAL_FORMS": 1, "figures-0-source": source.pk, "figures-0-qualifier": "exact"}
        data |= {"figures-0-order": 0} | {key: value for key, value in fields.items() if key.startswith("figures")}
    response = editor_client.post(change_url, data, headers=english)
    assert response.status_code == 200
    assert message in response.content.decode()
    project.refresh_from_db()
    assert project.planned_start is None and project.latitude is None and not project.figures.exists()


def test_save_records_who_updated_the_project(editor_client, editor, complete_project):
    project = complete_project
    change_url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(editor_client.get(change_url), summary_ru="Обновлено")
    assert editor_client.post(change_url, data).status_code == 302
    project.refresh_from_db()
    assert project.updated_by == editor
    assert project.summary_ru == "Обновлено"


@pytest.mark.parametrize("typed", ["ЗАУЫТ", "зауыт", "Зауыт", "PEPSI"])
def test_admin_search_folds_case_in_every_script(editor_client, district, typed):
    found = factories.make_project(
        district=district, title_kk="Тамақ зауыты", organisation=factories.make_organisation(name_en="PepsiCo")
    )
    factories.make_project(district=district, title_kk="Саябақ")
    response = editor_client.get(reverse("admin:projects_project_changelist"), {"q": typed})
    assert list(response.context["cl"].result_list) == [found]
