"""Upgrading a registry that holds data: the migrations keep every row, and derive what they promise.

Each test migrates a real database back to an earlier state, writes rows with the models of that state,
and migrates forward again, as an operator's `migrate` would.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_SEARCH = [("districts", "0001_initial"), ("projects", "0002_project_office_editor_group")]
BEFORE_ORGANISATIONS = [("districts", "0001_initial"), ("projects", "0003_search_columns")]


def migrate(targets):
    """`manage.py migrate` back to `targets` (with its signals); return the models of that state."""
    for app_label, name in targets:
        call_command("migrate", app_label, name, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def migrate_to_latest():
    """`manage.py migrate`: every migration, the renames of content types, then permissions and roles."""
    call_command("migrate", verbosity=0)
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps


@pytest.fixture
def restore_schema():
    yield
    migrate_to_latest()


def test_the_search_columns_are_filled_for_rows_that_existed_before(restore_schema):
    old = migrate(BEFORE_SEARCH)
    district = old.get_model("districts", "District").objects.create(slug="gate", name="Gate", name_ru="Gate")
    old.get_model("projects", "Project").objects.create(
        slug="plant", title="Алмалы", title_ru="Алмалы", description_en="Near the RIVER", district=district
    )
    old.get_model("projects", "Investor").objects.create(slug="pepsico", name="PepsiCo", name_en="PepsiCo")
    new = migrate([("projects", "0003_search_columns")])
    project = new.get_model("projects", "Project").objects.get()
    assert "алмалы" in project.search_title and "river" in project.search_text
    assert "pepsico" in new.get_model("projects", "Investor").objects.get().search_name


def test_sources_organisations_and_their_roles_survive_the_renames_with_their_rights(restore_schema):
    old = migrate(BEFORE_ORGANISATIONS)
    district = old.get_model("districts", "District").objects.create(slug="gate", name="Gate", name_ru="Gate")
    source = old.get_model("projects", "Source").objects.create(
        title="Kazpravda report", url="https://kazpravda.kz/a", published_on="2025-09-29"
    )
    project = old.get_model("projects", "Project").objects.create(
        slug="plant", title="Plant", title_ru="Plant", district=district, is_published=True
    )
    project.sources.add(source)
    project.milestones.create(date="2025-09-29", title="Reported", title_ru="Reported", source=source)
    investor = old.get_model("projects", "Investor").objects.create(slug="pepsico", name="PepsiCo", name_ru="PepsiCo")
    old.get_model("projects", "ProjectInvestor").objects.create(project=project, investor=investor, role="funder")

    new = migrate_to_latest()
    project = new.get_model("projects", "Project").objects.get(slug="plant")
    assert [source.url for source in project.sources.all()] == ["https://kazpravda.kz/a"]
    assert project.milestones.get().source.title == "Kazpravda report"
    participation = new.get_model("projects", "Participation").objects.get()
    assert (participation.project.slug, participation.organisation.slug, participation.role) == (
        "plant",
        "pepsico",
        "funder",
    )
    # New sources number on from the copied ones (PostgreSQL's sequence was moved along).
    Source = new.get_model("districts", "Source")
    assert Source.objects.create(url="https://example.org/new").pk > source.pk
    editor = new.get_model("auth", "Group").objects.get(name="Project Office editor")
    rights = set(editor.permissions.values_list("content_type__app_label", "codename"))
    assert {
        ("projects", "change_organisation"),
        ("projects", "add_participation"),
        ("districts", "change_source"),
    } <= rights
    assert not {codename for _app, codename in rights if "investor" in codename}


def test_figures_and_dates_of_a_project_with_one_source_become_sourced_figures_and_the_rest_are_listed(
    restore_schema, capsys
):
    old = migrate(BEFORE_ORGANISATIONS)
    district = old.get_model("districts", "District").objects.create(
        slug="gate", name="Gate", name_ru="Gate", area_ha="4000"
    )
    Source, Project = old.get_model("projects", "Source"), old.get_model("projects", "Project")
    only = Source.objects.create(title="Only source", url="https://example.org/only", published_on="2025-09-22")
    sourced = Project.objects.create(
        slug="sourced", title="A", title_ru="A", district=district, investment_amount="368000000",
        investment_currency="USD", planned_jobs=900, land_area_ha="5", planned_start="2026-03-01",
        planned_completion="2027-09-01",
    )  # fmt: skip
    sourced.sources.add(only)
    unclear = Project.objects.create(
        slug="unclear", title="B", title_ru="B", district=district, investment_amount="10", investment_currency="KZT",
        planned_start="2026-01-01",
    )  # fmt: skip
    unclear.sources.add(only, Source.objects.create(url="https://example.org/other", published_on="2025-01-01"))

    new = migrate_to_latest()
    Project = new.get_model("projects", "Project")
    sourced = Project.objects.get(slug="sourced")
    figures = {(f.kind, f.value, f.currency, f.source.url) for f in sourced.figures.all()}
    assert figures == {
        ("investment", 368_000_000, "USD", "https://example.org/only"),
        ("jobs", 900, "", "https://example.org/only"),
        ("land_area", 50_000, "", "https://example.org/only"),  # 5 ha in square metres
    }
    assert (sourced.investment_amount, sourced.investment_currency) == (368_000_000, "USD")
    assert sourced.planned_start_source.url == sourced.planned_completion_source.url == "https://example.org/only"
    unclear = Project.objects.get(slug="unclear")
    assert (unclear.investment_amount, unclear.planned_start, unclear.figures.count()) == (None, None, 0)
    printed = capsys.readouterr().out
    assert "unclear: investment 10.00 KZT, planned start 2026-01-01" in printed
    assert "gate: 4000.00 ha" in printed


def test_every_groups_rights_on_sources_and_organisations_follow_the_models(restore_schema):
    old = migrate(BEFORE_ORGANISATIONS)
    Permission = old.get_model("auth", "Permission")
    ContentType = old.get_model("contenttypes", "ContentType")
    # As `migrate` made them before: one content type and its permissions per model.
    rights = []
    for model, verbose in (("source", "source"), ("investor", "organisation")):
        content_type, _ = ContentType.objects.get_or_create(app_label="projects", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=f"change_{model}", defaults={"name": f"Can change {verbose}"}
        )
        rights.append(permission)
    group = old.get_model("auth", "Group").objects.create(name="Data desk")
    group.permissions.set(rights)

    new = migrate_to_latest()
    group = new.get_model("auth", "Group").objects.get(name="Data desk")
    kept = set(group.permissions.values_list("content_type__app_label", "content_type__model", "codename", "name"))
    assert kept == {
        ("districts", "source", "change_source", "Can change source"),
        ("projects", "organisation", "change_organisation", "Can change organisation"),
    }
