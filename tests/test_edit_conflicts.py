"""No lost edits: two editors open the same project; the one who saves second is refused, told who changed
what, and keeps what they typed."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from projects.models import EditConflict, Organisation, Project

from . import factories
from .test_admin import form_data

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def signed_in(username):
    user = factories.make_editor()
    user.username = username
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anna():
    return signed_in("anna")


@pytest.fixture
def boris():
    return signed_in("boris")


def opened(client, obj, url_name="admin:projects_project_change"):
    """The change form as the editor opened it: (url, its POST data)."""
    url = reverse(url_name, args=[obj.pk])
    return url, form_data(client.get(url, headers=ENGLISH))


def test_the_second_save_is_refused_and_nothing_of_either_is_lost(anna, boris, complete_project):
    anna_url, anna_form = opened(anna, complete_project)
    boris_url, boris_form = opened(boris, complete_project)
    assert anna.post(anna_url, anna_form | {"summary_en": "Anna's summary."}, headers=ENGLISH).status_code == 302

    response = boris.post(boris_url, boris_form | {"title_en": "Boris's title"}, headers=ENGLISH)
    assert response.status_code == 200
    content = response.content.decode()
    assert "anna saved this record on" in content
    assert "Their changes: Project: Summary (English): In short" in content and "→ Anna&#x27;s summary.</li>" in content
    assert "your input is still in the form" in content
    assert 'value="Boris&#x27;s title"' in content  # what Boris typed is still there
    complete_project.refresh_from_db()
    assert complete_project.summary_en == "Anna's summary."
    assert complete_project.title_en != "Boris's title"

    # Boris saves again: his title, and Anna's summary, which he did not touch, both stay.
    version = re.search(r'name="base_version" value="(\d+)"', content)[1]
    assert int(version) == complete_project.version
    assert boris.post(boris_url, resubmission(response), headers=ENGLISH).status_code == 302
    complete_project.refresh_from_db()
    assert complete_project.title_en == "Boris's title"
    assert complete_project.summary_en == "Anna's summary."


def resubmission(response):
    """What the re-shown change form sends when saved as it is: the form's data, the inlines the editor
    changed as they were posted, the others as the page now shows them."""
    data = {
        key: values if len(values) > 1 else values[0]
        for key, values in response.context["adminform"].form.data.lists()
        if values
    }
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key in [key for key in data if key.startswith(f"{formset.prefix}-")]:
            del data[key]
        if formset.is_bound:
            data |= {key: value for key, value in formset.data.items() if key.startswith(f"{formset.prefix}-")}
            continue
        management = formset.management_form
        data |= {management.add_prefix(name): management.initial.get(name, 0) for name in management.fields}
        for form in formset.initial_forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is not None and value is not False:
                    data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


def test_a_change_to_a_role_counts_as_a_change_to_the_project(anna, boris, complete_project):
    anna_url, anna_form = opened(anna, complete_project)
    boris_url, boris_form = opened(boris, complete_project)
    anna_form |= {"participations-0-role": "supplier"}
    assert anna.post(anna_url, anna_form, headers=ENGLISH).status_code == 302
    response = boris.post(boris_url, boris_form | {"summary_en": "Boris's summary."}, headers=ENGLISH)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Role: Organisation" in content and "Role: Investor → Contractor or designer" in content
    assert complete_project.participations.get().role == "supplier"
    # Saved again as shown, the form keeps Anna's role (Boris did not touch the roles) and Boris's summary.
    assert boris.post(boris_url, resubmission(response), headers=ENGLISH).status_code == 302
    complete_project.refresh_from_db()
    assert complete_project.participations.get().role == "supplier"
    assert complete_project.summary_en == "Boris's summary."


def test_a_form_without_its_version_is_refused(anna, complete_project):
    url, form = opened(anna, complete_project)
    del form["base_version"]
    assert anna.post(url, form | {"summary_en": "Changed."}, headers=ENGLISH).status_code == 200
    complete_project.refresh_from_db()
    assert complete_project.summary_en != "Changed."


def test_organisations_are_guarded_the_same_way(anna, boris):
    organisation = factories.make_organisation(name_en="Old name")
    url_name = "admin:projects_organisation_change"
    anna_url, anna_form = opened(anna, organisation, url_name)
    boris_url, boris_form = opened(boris, organisation, url_name)
    assert anna.post(anna_url, anna_form | {"name_en": "Anna's name"}, headers=ENGLISH).status_code == 302
    response = boris.post(boris_url, boris_form | {"website": "https://example.org"}, headers=ENGLISH)
    assert response.status_code == 200
    assert "Name (English): Old name → Anna&#x27;s name" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.website == ""


def test_a_stale_copy_cannot_be_saved_from_code_either(complete_project):
    stale = Project.objects.get(pk=complete_project.pk)
    complete_project.summary_en = "First."
    complete_project.save()
    stale.summary_en = "Second."
    with pytest.raises(EditConflict):
        stale.save()
    complete_project.refresh_from_db()
    assert complete_project.summary_en == "First."
    assert stale.version == complete_project.version - 1


def test_each_edit_raises_the_version_and_an_unchanged_save_does_not(db):
    organisation = factories.make_organisation()
    assert organisation.version == 1
    organisation.save()
    assert Organisation.objects.get(pk=organisation.pk).version == 1
    organisation.name_en = "Renamed"
    organisation.save()
    assert Organisation.objects.get(pk=organisation.pk).version == 2
