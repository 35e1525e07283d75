"""A history people can read: every change of a project and of its roles, figures, timeline, sources and images
as "field: old → new" in the admin user's language, with who, when and why; and on the public page, the changes
of its public facts, without names and without its time as a draft."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from projects.models import Participation

from . import factories
from .test_admin import form_data

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def save(client, project, headers=ENGLISH, **fields):
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = client.post(url, form_data(client.get(url, headers=headers), **fields), headers=headers)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    project.refresh_from_db()
    return project


def history(client, project, headers=ENGLISH):
    response = client.get(reverse("admin:projects_project_history", args=[project.pk]), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_field_change_reads_with_labels_and_values_and_the_editors_reason(editor_client, editor, complete_project):
    save(
        editor_client,
        complete_project,
        status="completion",
        is_flagship="on",
        change_reason="As the Government reported it",
    )
    content = history(editor_client, complete_project)
    assert "Status: Being implemented → Being commissioned" in content
    assert "Flagship (the registry&#x27;s choice): no → yes" in content
    assert "As the Government reported it" in content
    assert editor.username in content
    for raw in ("None", "True", "False", "implementation"):
        assert raw not in content.split('id="change-history"')[1]


def test_changes_to_roles_figures_and_sources_are_in_the_projects_history(editor_client, complete_project):
    source = factories.make_source(title="Kazpravda report")
    save(
        editor_client,
        complete_project,
        **{"participations-0-role": "supplier", "change_reason": "Corrected role"},
        **{"source_entries-TOTAL_FORMS": 2, "source_entries-1-source": source.pk},
    )
    content = history(editor_client, complete_project)
    assert "Role: Investor → Contractor or designer" in content
    assert "Source: Kazpravda report" in content and "Added" in content
    assert content.count("Corrected role") >= 2


def test_the_history_speaks_the_admin_users_language(editor_client, complete_project):
    save(editor_client, complete_project, status="completion")
    content = history(editor_client, complete_project, headers={"accept-language": "ru"})
    assert "Статус: Реализуется → Вводится в эксплуатацию" in content


def test_the_public_page_lists_changes_of_public_facts_without_names(editor_client, editor, complete_project):
    save(editor_client, complete_project, status="completion")
    editor_client.logout()
    content = editor_client.get(f"/en/projects/{complete_project.slug}/").content.decode()
    changes = content.split('id="changes"')[1]
    assert "Status: Being implemented → Being commissioned" in changes
    assert editor.username not in content


def test_the_public_page_never_shows_what_a_project_was_as_a_draft(editor_client, complete_project):
    save(editor_client, complete_project, is_published="")
    save(editor_client, complete_project, status="preparation")
    factories.make_figure(complete_project, value=5_000_000)
    save(editor_client, complete_project, is_published="on")
    editor_client.logout()
    content = editor_client.get(f"/en/projects/{complete_project.slug}/").content.decode()
    changes = content.split('id="changes"')[1].split("</ul>")[0]
    assert "Being implemented" not in changes and "5,000,000" not in changes
    assert "published in the registry" in changes


def test_a_figure_added_while_published_is_listed(editor_client, complete_project):
    complete_project.history.update(history_date=F("history_date") - datetime.timedelta(hours=1))
    factories.make_figure(complete_project, value=2_500_000)
    content = editor_client.get(f"/en/projects/{complete_project.slug}/").content.decode()
    changes = content.split('id="changes"')[1]
    assert "Capital investment: added" in changes and "2,500,000" in changes


def test_figures_saved_as_a_project_is_published_belong_to_its_publication(editor_client, complete_project):
    factories.make_figure(complete_project, value=2_500_000)
    content = editor_client.get(f"/en/projects/{complete_project.slug}/").content.decode()
    changes = content.split('id="changes"')[1].split("</ul>")[0]
    assert "published in the registry" in changes and "Capital investment" not in changes


def test_a_removed_role_reads_as_removed(editor_client, complete_project):
    organisation = complete_project.participations.get().organisation
    Participation.objects.create(project=complete_project, organisation=factories.make_organisation(), order=1)
    save(editor_client, complete_project, **{"participations-0-DELETE": "on"})
    content = history(editor_client, complete_project)
    assert "Removed" in content and str(organisation) in content


def test_the_history_names_a_role_whose_organisation_was_deleted_since(editor_client, complete_project):
    organisation = factories.make_organisation(name_en="Short-lived")
    role = Participation.objects.create(project=complete_project, organisation=organisation, order=1)
    role.delete()
    organisation.delete()
    content = history(editor_client, complete_project)
    assert "Role: (deleted)" in content
