"""Caching that is never stale: pages and figures are cached under the registry version, which every write to a
registry table raises (database triggers), whoever writes.

On PostgreSQL the version rises once per transaction, when its changes become visible together: the tests that
write and then read commit each write, as the admin, an import or the shell do (`transaction=True`)."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from districts.models import RegistryVersion
from districts.versioning import registry_tables, trigger_name
from projects.models import Organisation, Project

from . import factories

pytestmark = pytest.mark.django_db
committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def caching(settings):
    settings.CACHE_PAGES = True


@pytest.fixture
def plant(district):
    organisation = factories.make_organisation(slug="pepsico", name_en="PepsiCo")
    return factories.make_project(
        slug="plant", title_en="Snack plant", district=district, organisation=organisation, is_flagship=True
    )


def public_pages(project):
    with translation.override("en"):
        return {
            "home": "/en/",
            "district": project.district.get_absolute_url(),
            "registry": "/en/projects/",
            "project": project.get_absolute_url(),
            "organisation": "/en/organisations/pepsico/",
            "feed": "/en/projects/feed/",
        }


def test_a_cached_page_costs_one_query_and_says_who_may_keep_it(client, caching, plant, django_assert_num_queries):
    first = client.get("/en/projects/")
    with django_assert_num_queries(1):  # the registry version
        again = client.get("/en/projects/")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"]
    assert "max-age=60" in again["Cache-Control"]


@committed
@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda project: save_title(project, "Juice plant"), id="save"),
        pytest.param(lambda project: Project.objects.filter(pk=project.pk).update(title_en="Juice plant"), id="update"),
        pytest.param(
            lambda project: raw_sql("UPDATE projects_project SET title_en = 'Juice plant' WHERE id = %s", project.pk),
            id="plain SQL",
        ),
    ],
)
def test_the_next_request_after_an_edit_shows_it_on_every_page(client, caching, plant, edit):
    pages = public_pages(plant)
    for url in pages.values():
        assert "Snack plant" in client.get(url).content.decode()
        assert "Snack plant" in client.get(url).content.decode()  # now from the cache
    edit(plant)
    for name, url in pages.items():
        content = client.get(url).content.decode()
        assert "Juice plant" in content, name
        assert "Snack plant" not in content, name


def save_title(project, title):
    project.title_en = title
    project.save()


def raw_sql(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@committed
def test_figures_follow_a_new_project_and_a_renamed_organisation(client, caching, plant):
    district = f"/en/districts/{plant.district.slug}/"
    assert "See the 1 project in the registry" in client.get(district).content.decode()
    factories.make_project(district=plant.district)
    assert "See all 2 projects in the registry" in client.get(district).content.decode()
    Organisation.objects.filter(slug="pepsico").update(name_en="PepsiCo Kazakhstan")
    assert "PepsiCo Kazakhstan" in client.get("/en/projects/").content.decode()


@committed
def test_a_repeat_visit_gets_304_until_the_registry_changes(client, caching, plant):
    etag = client.get("/en/projects/")["ETag"]
    repeat = client.get("/en/projects/", headers={"if-none-match": etag})
    assert repeat.status_code == 304
    assert repeat.content == b""
    factories.make_project()
    changed = client.get("/en/projects/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_each_address_has_its_own_etag(client, caching, plant):
    etags = {client.get(url)["ETag"] for url in ("/en/projects/", "/ru/projects/", "/en/projects/?q=plant")}
    assert len(etags) == 3


def test_the_admin_and_signed_in_visits_are_private_and_never_cached(client, caching, plant, editor):
    client.force_login(editor)
    for url in ("/en/projects/", reverse("admin:projects_project_changelist")):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]
        assert not response.has_header("ETag")


def test_caching_off_serves_every_page_afresh(client, settings, plant, django_assert_max_num_queries):
    settings.CACHE_PAGES = False
    client.get("/en/projects/")
    with django_assert_max_num_queries(6) as captured:
        client.get("/en/projects/")
    assert len(captured) > 1


@committed
def test_every_write_to_a_registry_table_raises_the_version(plant):
    source = factories.make_source()
    writes = [
        lambda: factories.make_figure(plant, source=source),
        lambda: plant.specializations.add(factories.make_specialization()),
        lambda: plant.participations.update(role="supplier"),
        lambda: Project.objects.filter(pk=plant.pk).update(is_flagship=False),
        lambda: plant.participations.all().delete(),
        lambda: plant.district.figures.create(kind="area", value=1, source=source),
        lambda: plant.figures.all().delete(),
    ]
    for write in writes:
        before = RegistryVersion.current()
        write()
        assert RegistryVersion.current() > before


def test_every_registry_table_has_its_trigger():
    """A new model's table gets its trigger after `migrate`: none is forgotten."""
    tables = registry_tables(apps, connection.introspection.table_names())
    assert "projects_project" in tables
    assert "projects_project_specializations" in tables
    assert not [table for table in tables if "historical" in table or table == "districts_registryversion"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {name for (name,) in cursor.fetchall()}
    events = [""] if connection.vendor == "postgresql" else ["INSERT", "UPDATE", "DELETE"]
    missing = [trigger_name(table, event) for table in tables for event in events]
    assert [name for name in missing if name not in triggers] == []


@committed
def test_the_version_survives_a_flush_of_its_table(plant):
    """A test database flush (or an operator's TRUNCATE) empties the version's table: the next write refills it."""
    RegistryVersion.objects.all().delete()
    assert RegistryVersion.current() == 0
    call_command("generate_demo_data", "--projects", "1", verbosity=0)
    assert RegistryVersion.current() > 0
