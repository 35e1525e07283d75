"""The Project Office's roles: viewers read and change nothing, editors keep the registry current, only
superusers manage users, districts and specializations."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from projects.models import Organisation, Project
from projects.roles import EDITOR_GROUP, VIEWER_GROUP

from . import factories
from .test_admin import form_data

pytestmark = pytest.mark.django_db

# Every registry model an editor may see, by admin URL name.
REGISTRY_MODELS = [
    "projects_project",
    "projects_organisation",
    "districts_source",
    "districts_district",
    "districts_specialization",
    "districts_cityfigure",
    "districts_cityevent",
]


@pytest.fixture
def registry(complete_project):
    """One row of every registry model."""
    complete_project.specializations.add(factories.make_specialization())
    factories.make_city_figure("population", 1000)
    factories.make_city_event()
    return complete_project


@pytest.fixture
def viewer_client(client):
    client.force_login(factories.make_viewer())
    return client


def objects_of(name):
    app_label, model = name.split("_", 1)
    return apps.get_model(app_label, model)._default_manager


@pytest.mark.parametrize("name", REGISTRY_MODELS)
def test_a_viewer_reads_every_registry_list(viewer_client, registry, name):
    assert viewer_client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_a_viewer_reads_a_project_but_gets_no_form_to_save(viewer_client, complete_project):
    response = viewer_client.get(reverse("admin:projects_project_change", args=[complete_project.pk]))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


@pytest.mark.parametrize("name", REGISTRY_MODELS)
def test_a_viewers_posts_to_add_change_and_delete_are_refused(viewer_client, registry, name):
    obj = objects_of(name).first()
    before = objects_of(name).count()
    assert viewer_client.post(reverse(f"admin:{name}_add"), {}).status_code == 403
    assert viewer_client.post(reverse(f"admin:{name}_change", args=[obj.pk]), {}).status_code == 403
    assert viewer_client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert objects_of(name).count() == before


def test_a_viewers_change_form_post_with_real_data_is_refused(client, complete_project):
    """A viewer replaying an editor's form changes nothing."""
    client.force_login(factories.make_editor())
    url = reverse("admin:projects_project_change", args=[complete_project.pk])
    data = form_data(client.get(url), summary_en="Changed by a viewer")
    client.force_login(factories.make_viewer())
    assert client.post(url, data).status_code == 403
    complete_project.refresh_from_db()
    assert complete_project.summary_en != "Changed by a viewer"


@pytest.mark.parametrize("action", ["publish", "unpublish", "delete_selected"])
def test_a_viewers_actions_are_refused(viewer_client, complete_project, action):
    draft = factories.make_complete_project(is_published=False)
    url = reverse("admin:projects_project_changelist")
    viewer_client.post(url, {"action": action, "_selected_action": [complete_project.pk, draft.pk]})
    complete_project.refresh_from_db()
    draft.refresh_from_db()
    assert complete_project.is_published and not draft.is_published
    assert Project.objects.count() == 2


def test_an_editor_may_publish_but_never_delete_projects_or_organisations(editor_client, complete_project):
    organisation = Organisation.objects.first()
    for name, obj in (("projects_project", complete_project), ("projects_organisation", organisation)):
        url = reverse(f"admin:{name}_delete", args=[obj.pk])
        assert editor_client.post(url, {"post": "yes"}).status_code == 403
    changelist = editor_client.get(reverse("admin:projects_project_changelist"))
    actions = [value for value, _label in changelist.context["action_form"].fields["action"].choices]
    assert "publish" in actions and "unpublish" in actions and "delete_selected" not in actions


@pytest.mark.parametrize("name", ["auth_user", "auth_group", "districts_district", "districts_specialization"])
def test_only_superusers_manage_users_districts_and_specializations(editor_client, district, name):
    specialization = factories.make_specialization()
    obj = {"districts_district": district, "districts_specialization": specialization}.get(name)
    assert editor_client.post(reverse(f"admin:{name}_add"), {}).status_code == 403
    if obj is not None:
        assert editor_client.post(reverse(f"admin:{name}_change", args=[obj.pk]), {}).status_code == 403


def test_viewers_hold_only_view_and_export_rights():
    codenames = set(Group.objects.get(name=VIEWER_GROUP).permissions.values_list("codename", flat=True))
    assert codenames
    assert {codename.split("_", 1)[0] for codename in codenames} == {"view", "export"}
    editors = set(Group.objects.get(name=EDITOR_GROUP).permissions.values_list("codename", flat=True))
    assert {"publish_project", "import_project", "export_project"} <= editors
    assert codenames < editors
