"""Integrity lives in the database: constraints hold even when a save skips form validation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from districts.models import CityFigure
from projects.models import Participation, Project, ProjectFigure

from . import factories

pytestmark = pytest.mark.django_db


def assert_rejected(obj):
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_unknown_status_code_is_rejected_by_the_database(project):
    project.status = "built"
    assert_rejected(project)


@pytest.mark.parametrize(
    ("amount", "currency"), [(Decimal("-1"), "USD"), (Decimal("1000"), ""), (Decimal("1000"), "usd"), (None, "USD")]
)
def test_the_headline_investment_columns_hold_only_an_amount_with_its_currency(project, amount, currency):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(investment_amount=amount, investment_currency=currency)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "jobs", "value": Decimal("-0.5")},
        {"kind": "investment", "value": 10, "currency": ""},
        {"kind": "investment", "value": 10, "currency": "usd"},
        {"kind": "jobs", "value": 10, "currency": "USD"},
        {"kind": "built", "value": 10},
        {"kind": "jobs", "value": 10, "qualifier": "roughly"},
    ],
)
def test_a_project_figure_the_rules_refuse_is_rejected_by_the_database(project, fields):
    assert_rejected(ProjectFigure(project=project, source=factories.make_source(), **fields))


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "population", "value": Decimal("-1")},
        {"kind": "population", "value": 10, "currency": "KZT"},
        {"kind": "investment", "value": 10, "currency": "KZT"},
        {"kind": "area", "value": 10, "qualifier": "roughly"},
    ],
)
def test_a_city_figure_the_rules_refuse_is_rejected_by_the_database(db, fields):
    assert_rejected(CityFigure(source=factories.make_source(), **fields))


def test_a_figure_needs_its_source(project):
    assert_rejected(ProjectFigure(project=project, kind="jobs", value=10))


def test_completion_before_start_is_rejected(project):
    source = factories.make_source()
    project.planned_start, project.planned_start_source = datetime.date(2027, 1, 1), source
    project.planned_completion, project.planned_completion_source = datetime.date(2026, 12, 31), source
    assert_rejected(project)


def test_a_planned_date_needs_its_source(project):
    project.planned_start = datetime.date(2027, 1, 1)
    assert_rejected(project)


def test_completion_on_start_day_is_allowed(project):
    source = factories.make_source()
    project.planned_start = project.planned_completion = datetime.date(2027, 1, 1)
    project.planned_start_source = project.planned_completion_source = source
    project.save()


def test_latitude_without_longitude_is_rejected(project):
    project.latitude = Decimal("43.6")
    assert_rejected(project)


def test_duplicate_project_slug_is_rejected(project):
    assert_rejected(Project(slug=project.slug, title_ru="Другой", district=project.district))


def test_lowercase_country_code_is_rejected(db):
    organisation = factories.make_organisation()
    organisation.country = "kz"
    assert_rejected(organisation)


def test_same_role_twice_for_one_organisation_is_rejected(project):
    organisation = factories.make_organisation()
    Participation.objects.create(project=project, organisation=organisation, role="funder")
    assert_rejected(Participation(project=project, organisation=organisation, role="funder"))


def test_constraint_violation_becomes_a_validation_error_for_forms(project):
    project.planned_start = datetime.date(2027, 1, 1)
    project.planned_completion = datetime.date(2026, 1, 1)
    with translation.override("en"), pytest.raises(ValidationError, match="completion cannot be before"):
        project.full_clean()


def test_district_with_projects_cannot_be_deleted(project):
    with pytest.raises(ProtectedError):
        project.district.delete()


def test_organisation_with_projects_cannot_be_deleted(db):
    organisation = factories.make_organisation()
    factories.make_project(organisation=organisation)
    with pytest.raises(ProtectedError):
        organisation.delete()


def test_district_outline_must_be_a_closed_polygon(district):
    district.outline = {"type": "Polygon", "coordinates": [[[77.0, 43.5], [77.1, 43.5], [77.1, 43.6], [77.0, 43.7]]]}
    with pytest.raises(ValidationError) as error:
        district.full_clean()
    assert error.value.error_dict["outline"][0].code == "closed"


def test_district_outline_rejects_latitude_first_positions_out_of_range(district):
    district.outline = {"type": "Polygon", "coordinates": [[[43.5, 77.0], [43.5, 197.1], [43.6, 77.1], [43.5, 77.0]]]}
    with pytest.raises(ValidationError):
        district.full_clean()


def test_missing_translation_falls_back_to_russian(db):
    project = factories.make_project(title_ru="Проект К", title_kk="", title_en=None)
    for language in ["kk", "en"]:
        with translation.override(language):
            assert Project.objects.get(pk=project.pk).title == "Проект К"


def test_published_excludes_drafts(db):
    published = factories.make_project()
    factories.make_project(is_published=False)
    assert list(Project.objects.published()) == [published]


def test_lead_participation_is_the_first_listed_organisation(project):
    first, second = factories.make_organisation(), factories.make_organisation()
    Participation.objects.create(project=project, organisation=second, role="supplier", order=2)
    Participation.objects.create(project=project, organisation=first, role="funder", order=1)
    listed = Project.objects.for_listing().get(pk=project.pk)
    assert listed.lead_participation.organisation == first


def test_status_counts_follow_the_lifecycle_and_skip_empty_statuses(db):
    for status in ["preparation", "implementation", "implementation", "identification"]:
        factories.make_project(status=status)
    counts = Project.objects.status_counts()
    assert [(status.value, n) for status, n in counts] == [
        ("identification", 1),
        ("preparation", 1),
        ("implementation", 2),
    ]


def test_investment_is_summed_per_currency_never_across(db):
    factories.make_project(investment_amount=Decimal("100"), investment_currency="USD")
    factories.make_project(investment_amount=Decimal("50"), investment_currency="USD")
    factories.make_project(investment_amount=Decimal("1000"), investment_currency="KZT")
    factories.make_project()
    rows = Project.objects.investment_by_currency()
    totals = {row["investment_currency"]: (row["total"], row["projects"]) for row in rows}
    assert totals == {"USD": (Decimal("150"), 2), "KZT": (Decimal("1000"), 1)}
