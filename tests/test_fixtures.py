"""The demo fixtures: complete, sourced, in three languages, and safe to load more than once."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from districts.models import District, Specialization
from projects.models import Investor, Milestone, Project, Status

pytestmark = pytest.mark.django_db

REQUIRED_PROJECTS = {
    "gate": {"pepsico-plant", "caspian-group", "almaty-fan-plant", "iconic-building-1"},
    "golden": {
        "k-park",
        "international-education-centre",
        "academic-town",
        "medical-cluster",
        "hyundai-green-food-almaty",
        "mars",
    },
    "growing": {"rhenus-transport-industrial-hub"},
    "green": {"formula-1-circuit", "iconic-building-2"},
}
REQUIRED_ORGANISATIONS = [
    "PepsiCo",
    "Caspian Group",
    "Hyundai",
    "Mars",
    "Rhenus",
    "Alatau City Authority",
    "Project Office",
    "Council",
    "CRDI",
]


def load():
    call_command("loaddata", "districts", "projects", verbosity=0)


def dump():
    out = io.StringIO()
    call_command("dumpdata", "districts", "projects", "auth.group", stdout=out)
    return out.getvalue()


def translated_texts(obj, fields):
    for field in fields:
        for language in ("ru", "kk", "en"):
            yield f"{obj}.{field}_{language}", getattr(obj, f"{field}_{language}")


def test_fixtures_hold_the_four_districts_with_indicative_geometry():
    load()
    assert list(District.objects.values_list("slug", flat=True)) == ["gate", "golden", "growing", "green"]
    for district in District.objects.all():
        district.full_clean()
        assert district.location_is_indicative
        assert district.outline["type"] == "Polygon"
        assert district.has_location
        assert district.specializations.exists()
    assert District.objects.get(slug="green").area_ha == 31730


def test_fixtures_hold_every_project_named_in_the_facts_in_its_district():
    load()
    for district, slugs in REQUIRED_PROJECTS.items():
        found = set(Project.objects.filter(district__slug=district).values_list("slug", flat=True))
        assert slugs <= found, f"{district} lacks {slugs - found}"
    names = " ".join(Investor.objects.values_list("name_en", flat=True))
    for organisation in REQUIRED_ORGANISATIONS:
        assert organisation in names


def test_every_project_is_published_sourced_and_passes_validation():
    load()
    for project in Project.objects.all():
        project.full_clean()
        assert project.is_published
        assert project.sources.exists(), f"{project.slug} has no source"
        assert project.milestones.exists(), f"{project.slug} has no timeline"


def test_every_text_exists_in_russian_kazakh_and_english():
    load()
    models = [
        (Specialization, ["name", "description"]),
        (District, ["name", "tagline", "description", "location_text"]),
        (Investor, ["name"]),
        (Project, ["title", "summary", "description"]),
        (Milestone, ["title"]),
    ]
    for model, fields in models:
        for obj in model.objects.all():
            for label, text in translated_texts(obj, fields):
                assert text and text.strip(), f"{model.__name__} {label} is empty"


def test_kazakh_texts_are_not_copies_of_russian():
    load()
    for project in Project.objects.all():
        assert project.summary_kk != project.summary_ru
        assert project.description_kk != project.description_en


def test_figures_appear_only_where_a_source_gives_them():
    load()
    with_figures = Project.objects.exclude(investment_amount=None, planned_jobs=None, land_area_ha=None)
    assert set(with_figures.values_list("slug", flat=True)) == {"pepsico-plant"}
    pepsico = with_figures.get()
    assert (pepsico.investment_amount, pepsico.investment_currency, pepsico.planned_jobs) == (368_000_000, "USD", 900)
    assert pepsico.sources.filter(url__contains="qazinform.com").exists()
    assert not Project.objects.exclude(planned_start=None, planned_completion=None).exists()
    assert not Project.objects.exclude(latitude=None).exists()


def test_statuses_are_as_reported():
    load()
    status = dict(Project.objects.values_list("slug", "status"))
    assert status["iconic-building-1"] == status["k-park"] == status["pepsico-plant"] == Status.IMPLEMENTATION
    assert status["academic-town"] == status["mars"] == Status.PREPARATION
    assert status["formula-1-circuit"] == status["rhenus-transport-industrial-hub"] == Status.IDENTIFICATION


def test_loading_twice_leaves_identical_data():
    load()
    first = dump()
    load()
    assert dump() == first


def test_a_broken_fixture_loads_nothing(tmp_path, settings):
    good = {"model": "districts.specialization", "pk": 900, "fields": {"slug": "good", "name_ru": "Хорошо"}}
    broken = {"model": "districts.district", "pk": 901, "fields": {"slug": "bad", "name_ru": "X", "area_ha": -5}}
    (tmp_path / "broken.json").write_text(json.dumps([good, broken]))
    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(IntegrityError):
        call_command("loaddata", "broken", verbosity=0)
    assert not Specialization.objects.filter(slug="good").exists()


def test_seed_registry_loads_an_empty_registry_once_and_keeps_staff_changes():
    call_command("seed_registry", verbosity=0)
    assert District.objects.count() == 4
    project = Project.objects.get(slug="k-park")
    project.summary_ru = "Изменено сотрудником"
    project.save()
    out = io.StringIO()
    call_command("seed_registry", stdout=out)
    assert "not loaded" in out.getvalue()
    project.refresh_from_db()
    assert project.summary_ru == "Изменено сотрудником"
