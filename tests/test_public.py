"""What the public may see is defined once: a published project, and what only published projects make visible.

An organisation or a source that belongs only to draft projects appears on no public page, list, sitemap,
feed or figure; every surface is requested here, in every language.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from districts.models import Source
from projects.models import Organisation, Project, public_sources

from . import factories

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ("ru", "kk", "en")
SECRET_ORGANISATION = "Secretive Holding"
SECRET_SOURCE = "Leaked memo"
SECRET_PROJECT = "Draft tower"


@pytest.fixture
def registry(db):
    """A published project and a draft; the draft alone names an organisation, a country and a source."""
    district = factories.make_district(slug="gate")
    published = factories.make_project(slug="open-plant", district=district, organisation=factories.make_organisation())
    published.sources.add(factories.make_source(title="Public report"))
    secret = factories.make_organisation(
        slug="secretive",
        name_ru=SECRET_ORGANISATION,
        name_kk=SECRET_ORGANISATION,
        name_en=SECRET_ORGANISATION,
        country="ZZ",
    )
    draft = factories.make_project(
        slug="draft-tower",
        title_ru=SECRET_PROJECT,
        title_kk=SECRET_PROJECT,
        title_en=SECRET_PROJECT,
        district=district,
        organisation=secret,
        is_published=False,
        is_flagship=True,
        status="cancelled",
    )
    leaked = factories.make_source(title=SECRET_SOURCE, url="https://example.org/leaked-memo")
    draft.sources.add(leaked)
    factories.make_figure(draft, "investment", 999, currency="EUR", source=leaked)
    factories.make_milestone(draft, source=leaked)
    return published


PUBLIC_PAGES = [
    "/{lang}/",
    "/{lang}/districts/",
    "/{lang}/districts/gate/",
    "/{lang}/projects/",
    "/{lang}/projects/?q=holding",
    "/{lang}/projects/open-plant/",
    "/{lang}/organisations/",
    "/{lang}/about/",
    "/{lang}/projects/feed/",
]
MACHINE_PAGES = [
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-districts.xml",
    "/sitemap-registry.xml",
    "/sitemap-projects.xml",
    "/sitemap-organisations.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_names_what_only_a_draft_holds(client, registry, path, lang):
    response = client.get(path.format(lang=lang))
    assert response.status_code == 200
    content = response.content.decode()
    for secret in (SECRET_ORGANISATION, SECRET_SOURCE, SECRET_PROJECT, "leaked-memo", "secretive", "EUR", "ZZ<"):
        assert secret not in content, f"{path} shows {secret!r}"


@pytest.mark.parametrize("path", MACHINE_PAGES)
def test_no_sitemap_names_what_only_a_draft_holds(client, registry, path):
    content = client.get(path).content.decode()
    assert "secretive" not in content and "draft-tower" not in content


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_draft_only_organisation_and_project_have_no_public_page(client, registry, lang):
    assert client.get(f"/{lang}/organisations/secretive/").status_code == 404
    assert client.get(f"/{lang}/projects/draft-tower/").status_code == 404
    filtered = client.get(f"/{lang}/projects/", {"organisation": "secretive"})
    assert not filtered.context["page_obj"].object_list
    assert filtered.context["filter"].chosen_organisation is None  # not public: not even its name
    assert filtered.context["filter"].organisation_suggestions == []


def test_figures_and_counts_leave_drafts_out(client, registry):
    home = client.get("/en/")
    assert home.context["key_figures"].total == 1
    assert [bar.count for bar in home.context["district_bars"]] == [1]
    assert home.context["key_figures"].investment == []
    assert not home.context["flagships"]
    districts = client.get("/en/districts/").context["district_list"]
    assert [district.project_count for district in districts] == [1]


def test_publishing_the_draft_makes_its_organisation_and_source_public(client, registry):
    assert not Organisation.objects.public().filter(slug="secretive").exists()
    assert not public_sources().filter(title=SECRET_SOURCE).exists()
    Project.objects.filter(slug="draft-tower").update(is_published=True)
    assert Organisation.objects.public().filter(slug="secretive").exists()
    assert public_sources().filter(title=SECRET_SOURCE).exists()
    assert client.get("/en/organisations/secretive/").status_code == 200
    assert SECRET_SOURCE in client.get("/en/about/").content.decode()


def test_the_citys_own_bodies_and_sources_are_public_without_a_project(db):
    body = factories.make_organisation(in_governance=True)
    source = factories.make_source()
    factories.make_city_event(source=source)
    assert list(Organisation.objects.public()) == [body]
    assert list(public_sources()) == [source]
    assert Source.objects.count() == 1


def python_files(package):
    return [path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]


def test_there_is_one_definition_of_published():
    """Only ProjectQuerySet.published_condition() reads the published flag; everything public goes through it."""
    readers = []
    for package in ("alatau", "districts", "projects"):
        for path in python_files(package):
            for line in path.read_text().splitlines():
                if "is_published" in line:
                    readers.append((path.relative_to(ROOT).as_posix(), line.strip()))
    # The field itself, the one filter that defines "public", the admin columns that show the flag, the
    # benchmark's generator, which creates published synthetic projects, the history, which reads when a
    # project was public from its past records, and the import, which applies the publishing rule to a row.
    assert {path for path, _line in readers} == {
        "projects/models.py",
        "projects/admin.py",
        "projects/history.py",
        "projects/spreadsheet.py",
        "projects/management/commands/generate_demo_data.py",
    }
    # In the models, besides the field and the conditions of its indexes: the definition, and the publishing
    # rule's check of a row marked published.
    definitions = [
        line
        for path, line in readers
        if path == "projects/models.py" and "condition=Q(is_published=True)" not in line and "models." not in line
    ]
    assert definitions == [
        'return Q(**{f"{through}is_published": True})',
        "if self.is_published and (gaps := self.text_gaps()):",
    ]


def test_districts_imports_nothing_from_projects_nor_from_the_project_package():
    for path in python_files("districts"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert not [name for name in names if name.split(".")[0] in ("projects", "alatau")], path


def test_each_app_has_one_sitemap_module_and_site_wide_pages_live_in_the_project_package():
    assert sorted(path.relative_to(ROOT).as_posix() for path in ROOT.glob("*/sitemaps.py")) == [
        "alatau/sitemaps.py",
        "districts/sitemaps.py",
        "projects/sitemaps.py",
    ]
    views = (ROOT / "alatau" / "views.py").read_text()
    for page in ("class HomeView", "class AboutView", "def robots_txt", "def healthz"):
        assert page in views
    assert not (ROOT / "districts" / "views.py").exists()
