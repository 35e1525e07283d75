"""`manage.py generate_demo_data`: synthetic projects for benchmarks, filled like a save fills them, removed
without touching real data."""

import pytest
from django.core.management import CommandError, call_command

from projects.models import Organisation, Participation, Project
from projects.search import fold

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(db):
    specializations = [factories.make_specialization(slug=slug) for slug in ("industry", "logistics", "finance")]
    made = [factories.make_district(slug=slug, latitude="43.5", longitude="77.0") for slug in ("gate", "green")]
    for district in made:
        district.specializations.set(specializations)
    return made


def generate(*args):
    call_command("generate_demo_data", *args, verbosity=0)


def test_it_adds_published_synthetic_projects_across_districts_with_roles_and_timeline(districts):
    generate("--projects", "60", "--seed", "7")
    synthetic = Project.objects.filter(is_synthetic=True)
    assert synthetic.published().count() == 60
    assert {project.district.slug for project in synthetic} == {"gate", "green"}
    assert len({project.status for project in synthetic}) > 1
    assert Organisation.objects.filter(is_synthetic=True).count() >= 20
    assert not synthetic.filter(participations=None).exists()
    assert synthetic.filter(milestones__isnull=False).exists()
    assert not synthetic.filter(specializations=None).exists()
    for project in synthetic:
        assert project.title_kk and project.title_ru and project.title_en


def test_its_derived_columns_are_what_a_save_would_write(districts):
    generate("--projects", "40")
    for project in Project.objects.filter(is_synthetic=True).prefetch_related("figures"):
        stored = (project.search_title, project.search_text)
        project.derive_search_fields()
        assert (project.search_title, project.search_text) == stored
        headline = project.figure_groups()[0][1]
        if headline:
            assert (project.investment_amount, project.investment_currency) == (headline[0].value, headline[0].currency)
            figure = headline[0]
            assert (project.investment_qualifier, project.investment_source) == (figure.qualifier, figure.source)
        else:
            assert project.investment_amount is None


def test_the_registry_finds_a_synthetic_project_by_a_word_of_its_summary(client, districts):
    generate("--projects", "30")
    project = Project.objects.filter(is_synthetic=True).first()
    word = fold(project.summary_en.split()[-1].rstrip("."))
    found = client.get("/en/projects/", {"q": word}).context["paginator"].count
    assert found >= 1


def test_the_same_seed_gives_the_same_projects(districts):
    generate("--projects", "10", "--seed", "3")
    first = list(Project.objects.filter(is_synthetic=True).values_list("title_en", "district__slug", "status"))
    generate("--delete")
    generate("--projects", "10", "--seed", "3")
    assert list(Project.objects.filter(is_synthetic=True).values_list("title_en", "district__slug", "status")) == first


def test_delete_removes_every_synthetic_record_and_nothing_real(districts):
    real_organisation = factories.make_organisation(slug="pepsico")
    real = factories.make_project(district=districts[0], organisation=real_organisation, investment_amount=5)
    generate("--projects", "25")
    generate("--projects", "5")  # a second run adds to the first
    assert Project.objects.filter(is_synthetic=True).count() == 30
    generate("--delete")
    assert list(Project.objects.all()) == [real]
    assert list(Organisation.objects.all()) == [real_organisation]
    assert list(Participation.objects.values_list("project", flat=True)) == [real.pk]
    real.refresh_from_db()
    assert real.investment_amount == 5


def test_it_needs_districts_and_a_number(db):
    with pytest.raises(CommandError, match="load the fixtures first"):
        generate("--projects", "5")
    with pytest.raises(CommandError, match="how many"):
        generate()
