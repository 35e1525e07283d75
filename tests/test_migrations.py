"""Upgrading a registry that holds data: the migrations keep every row, and derive what they promise.

Each test migrates a real database back to an earlier state, writes rows with the models of that state,
and migrates forward again, as an operator's `migrate` would.
"""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_SEARCH = [("districts", "0001_initial"), ("projects", "0002_project_office_editor_group")]
BEFORE_ORGANISATIONS = [("districts", "0001_initial"), ("projects", "0003_search_columns")]


def migrate(targets):
    """Migrate to `targets` and return the models of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """As `manage.py migrate` does: every migration, then the post_migrate signal (permissions, roles)."""
    executor = MigrationExecutor(connection)
    apps = migrate(executor.loader.graph.leaf_nodes())
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    return apps


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
