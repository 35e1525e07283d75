"""History and "last updated" record real edits only: a save that changes nothing leaves both alone."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Organisation, Project

from . import factories
from .test_admin import form_data

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(datetime.datetime(2025, 9, 29, 12))


@pytest.fixture
def old_project(db):
    project = factories.make_complete_project(
        title_en="Snack plant", summary_en="A snack plant.", latitude="43.46", longitude="77.02"
    )
    project.specializations.set([factories.make_specialization(), factories.make_specialization()])
    Project.objects.filter(pk=project.pk).update(updated_at=LONG_AGO)
    return Project.objects.get(pk=project.pk)


def post_change_form(editor_client, obj, url_name, **fields):
    change_url = reverse(url_name, args=[obj.pk])
    response = editor_client.post(change_url, form_data(editor_client.get(change_url), **fields))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    obj.refresh_from_db()
    return obj


def test_saving_a_project_unchanged_in_the_admin_keeps_its_last_update_and_writes_no_history(
    editor_client, old_project
):
    entries = old_project.history.count()
    project = post_change_form(editor_client, old_project, "admin:projects_project_change")
    assert project.updated_at == LONG_AGO
    assert project.updated_by is None
    assert project.history.count() == entries
    assert "29 September 2025" in editor_client.get(f"/en/projects/{project.slug}/").content.decode()


def test_an_edit_in_the_admin_updates_last_update_and_history_and_names_the_editor(editor_client, editor, old_project):
    entries = old_project.history.count()
    project = post_change_form(editor_client, old_project, "admin:projects_project_change", summary_en="Changed.")
    assert project.updated_at > LONG_AGO
    assert project.updated_by == editor
    assert project.history.count() == entries + 1
    assert project.history.first().summary_en == "Changed."


def test_a_new_figure_is_a_change_to_its_project(editor_client, editor, old_project):
    source = factories.make_source()
    figure = {
        "figures-TOTAL_FORMS": 1,
        "figures-0-kind": "jobs",
        "figures-0-value": "900",
        "figures-0-qualifier": "about",
        "figures-0-source": source.pk,
        "figures-0-order": 0,
    }
    project = post_change_form(editor_client, old_project, "admin:projects_project_change", **figure)
    assert project.figures.get().value == 900
    assert project.updated_at > LONG_AGO
    assert project.updated_by == editor
    latest = editor_client.get("/en/").context["latest_updates"]
    assert latest[0] == project


def test_saving_an_organisation_unchanged_writes_no_history(editor_client, db):
    organisation = factories.make_organisation(in_governance=True)
    entries = organisation.history.count()
    post_change_form(editor_client, organisation, "admin:projects_organisation_change")
    assert Organisation.objects.get(pk=organisation.pk).history.count() == entries


def test_a_model_save_without_a_change_is_no_edit(old_project):
    entries = old_project.history.count()
    old_project.save()
    old_project.refresh_from_db()
    assert old_project.updated_at == LONG_AGO
    assert old_project.history.count() == entries
    old_project.title_kk = "Жаңа атау"
    old_project.save()
    old_project.refresh_from_db()
    assert old_project.updated_at > LONG_AGO
    assert old_project.history.count() == entries + 1
    assert old_project.changed_fields() == []


def test_a_reloaded_project_measures_its_edits_against_what_it_reloaded(old_project):
    entries = old_project.history.count()
    Project.objects.filter(pk=old_project.pk).update(summary_en="Changed elsewhere")
    old_project.refresh_from_db()
    old_project.save()
    assert old_project.history.count() == entries
    assert Project.objects.get(pk=old_project.pk).updated_at == LONG_AGO
    old_project.summary_en = "A snack plant."  # the value it was first loaded with, an edit now
    old_project.save()
    assert old_project.history.count() == entries + 1
    assert Project.objects.get(pk=old_project.pk).summary_en == "A snack plant."
