"""The publishing rule: the public sees a project only when it has its title and summary in kk, ru and en, a
district, a status, a source and an organisation with a role. The admin says what is missing; the publish
action is all or nothing; staff preview drafts at their public address."""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.messages.storage.fallback import FallbackStorage
from django.urls import reverse
from django.utils import translation

from projects.models import Project

from . import factories
from .test_admin import form_data

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


@pytest.fixture
def draft(district):
    """A draft with Russian texts only, no source and no organisation."""
    return factories.make_project(
        district=district, is_published=False, title_kk="", title_en="", summary_ru="Кратко.", slug="draft"
    )


def change(editor_client, project, headers=ENGLISH, **fields):
    url = reverse("admin:projects_project_change", args=[project.pk])
    return editor_client.post(url, form_data(editor_client.get(url, headers=headers), **fields), headers=headers)


def test_gaps_name_each_missing_text_source_and_role(draft):
    with translation.override("en"):
        gaps = list(map(str, draft.publication_gaps().values()))
    assert gaps == [
        "Title in Kazakh",
        "Title in English",
        "Summary in Kazakh",
        "Summary in English",
        "At least one source",
        "At least one organisation with a role",
    ]
    assert factories.make_complete_project().publication_gaps() == {}


def test_ticking_published_on_an_incomplete_draft_is_refused_with_what_is_missing(editor_client, draft):
    response = change(editor_client, draft, is_published="on", summary_en="In short.")
    assert response.status_code == 200
    content = response.content.decode()
    assert "A published project needs: Title in Kazakh; Title in English; Summary in Kazakh." in content
    assert "A published project needs: At least one source." in content
    assert "A published project needs: At least one organisation with a role." in content
    draft.refresh_from_db()
    assert not draft.is_published and not draft.summary_en


def test_a_draft_completed_in_the_same_save_is_published(editor_client, draft):
    source, organisation = factories.make_source(), factories.make_organisation()
    response = change(
        editor_client,
        draft,
        is_published="on",
        title_kk="Жоба",
        title_en="Project",
        summary_kk="Қысқаша.",
        summary_en="In short.",
        **{"source_entries-TOTAL_FORMS": 1, "source_entries-0-source": source.pk},
        **{
            "participations-TOTAL_FORMS": 1,
            "participations-0-organisation": organisation.pk,
            "participations-0-role": "funder",
            "participations-0-order": 0,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.publication_gaps() == {}


def test_the_last_role_of_a_published_project_cannot_be_removed(editor_client, complete_project):
    response = change(editor_client, complete_project, **{"participations-0-DELETE": "on"})
    assert response.status_code == 200
    assert "A published project needs: At least one organisation with a role." in response.content.decode()
    assert complete_project.participations.count() == 1


def test_unpublishing_needs_nothing(editor_client, draft):
    Project.objects.filter(pk=draft.pk).update(is_published=True)
    assert change(editor_client, draft, is_published="").status_code == 302
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_rule_speaks_the_editors_language(editor_client, draft):
    response = change(editor_client, draft, headers={"accept-language": "kk"}, is_published="on")
    content = response.content.decode()
    assert "Жарияланған жобаға қажет:" in content
    assert "Атауы қазақ тілінде" in content


def publish_action(editor_client, projects, action="publish"):
    url = reverse("admin:projects_project_changelist")
    data = {"action": action, "_selected_action": [project.pk for project in projects]}
    return editor_client.post(url, data, headers=ENGLISH, follow=True)


def test_the_publish_action_publishes_nothing_when_one_of_the_selection_is_incomplete(editor_client, draft):
    ready = factories.make_complete_project(is_published=False, title_en="Ready plant")
    response = publish_action(editor_client, [ready, draft])
    content = response.content.decode()
    assert "Nothing was published: 1 project lacks what publishing needs." in content
    assert "Title in Kazakh; Title in English; Summary in Kazakh; Summary in English; At least one source" in content
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert not ready.is_published and not draft.is_published


def test_the_publish_action_publishes_complete_projects_as_an_edit_by_the_editor(editor_client, editor):
    ready = factories.make_complete_project(is_published=False)
    response = publish_action(editor_client, [ready])
    assert "1 project published." in response.content.decode()
    ready.refresh_from_db()
    assert ready.is_published and ready.updated_by == editor
    assert ready.history.first().is_published
    assert LogEntry.objects.filter(object_id=str(ready.pk), user=editor).exists()


def test_the_unpublish_action_always_works(editor_client, project):
    response = publish_action(editor_client, [project], action="unpublish")
    assert "1 project unpublished." in response.content.decode()
    project.refresh_from_db()
    assert not project.is_published


def test_the_admin_list_shows_and_filters_what_each_project_misses(editor_client, draft, complete_project):
    url = reverse("admin:projects_project_changelist")
    content = editor_client.get(url, headers=ENGLISH).content.decode()
    assert "draft; missing: Title in Kazakh; Title in English" in content
    for missing, shown in [("texts", {"draft"}), ("sources", {"draft"}), ("participations", {"draft"})]:
        response = editor_client.get(f"{url}?missing={missing}", headers=ENGLISH)
        assert {project.slug for project in response.context["cl"].result_list} == shown
    response = editor_client.get(url, headers=ENGLISH)
    assert complete_project in response.context["cl"].result_list


def test_staff_preview_a_draft_at_its_public_address_with_a_banner_and_noindex(editor_client, client, draft):
    response = editor_client.get("/en/projects/draft/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Draft — not public." in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get("/en/projects/draft/").status_code == 404


def test_a_published_page_has_no_draft_banner(client, complete_project):
    content = client.get(f"/en/projects/{complete_project.slug}/").content.decode()
    assert "Draft — not public." not in content and "noindex" not in content


def test_a_publish_action_over_a_project_saved_meanwhile_changes_nothing(rf, editor, complete_project):
    draft = factories.make_complete_project(is_published=False)
    stale = [Project.objects.get(pk=draft.pk)]
    draft.summary_en = "Saved by someone else meanwhile."
    draft.save()
    request = rf.post("/")
    request.user, request.session = editor, {}
    request._messages = FallbackStorage(request)
    with translation.override("en"):
        assert admin.site._registry[Project].set_published(request, stale, True) is None
        assert "someone saved" in str(list(request._messages)[0])
    draft.refresh_from_db()
    assert not draft.is_published


def test_an_unknown_filter_value_lists_every_project(editor_client, draft, complete_project):
    response = editor_client.get(reverse("admin:projects_project_changelist"), {"missing": "foo"})
    assert response.status_code == 200
