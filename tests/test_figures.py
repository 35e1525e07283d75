"""How figures are written and counted: qualifiers, units and Kazakh case endings, dates to their precision,
source marks and numbered sources, the headline investment, and the bars and totals of published projects."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from alatau.templatetags.facts import (
    as_of,
    degrees,
    entry_date,
    figure_text,
    kazakh_ablative,
    kazakh_last_word,
    planned_as_of,
)
from districts.citations import Citations
from districts.models import District
from projects import figures
from projects.models import Project, ProjectFigure, Status

from . import factories

pytestmark = pytest.mark.django_db


def text(language, **fields):
    figure = ProjectFigure(**({"currency": "", "qualifier": "exact"} | fields))
    with translation.override(language):
        return figure_text(figure)


@pytest.mark.parametrize(
    ("fields", "en", "ru", "kk"),
    [
        ({"kind": "land_area", "value": 50000}, "50,000\xa0m²", "50\u202f000\xa0м²", "50\u202f000\xa0м²"),
        ({"kind": "jobs", "value": 900, "qualifier": "about"}, "about 900", "около 900", "шамамен 900"),
        (
            {"kind": "investment", "value": Decimal("88800000000"), "currency": "KZT", "qualifier": "more_than"},
            "more than 88,800,000,000\xa0KZT",
            "более 88\u202f800\u202f000\u202f000\xa0KZT",
            "88\u202f800\u202f000\u202f000\xa0KZT-ден астам",
        ),
        ({"kind": "height", "value": Decimal("272.00")}, "272\xa0m", "272\xa0м", "272\xa0м"),
        (
            {"kind": "floor_area", "value": 6500000, "qualifier": "more_than"},
            "more than 6,500,000\xa0m²",
            "более 6\u202f500\u202f000\xa0м²",
            "6\u202f500\u202f000\xa0м²-ден астам",
        ),
        (
            {"kind": "annual_output", "value": 100000, "qualifier": "more_than"},
            "more than 100,000 tonnes a year",
            "более 100\u202f000\xa0т в год",
            "жылына 100\u202f000\xa0тоннадан астам",
        ),
        (
            {"kind": "jobs", "value": 900, "qualifier": "more_than"},
            "more than 900",
            "более 900",
            "900-ден астам",
        ),
        (
            {"kind": "annual_output", "value": 100000},
            "100,000 tonnes a year",
            "100\u202f000\xa0т в год",
            "жылына 100\u202f000\xa0тонна",
        ),
        ({"kind": "seats", "value": 5000}, "5,000 seats", "5\u202f000 мест", "5\u202f000 орын"),
        ({"kind": "seats", "value": 1}, "1 seat", "1 место", "1 орын"),
        ({"kind": "seats", "value": 22}, "22 seats", "22 места", "22 орын"),
        ({"kind": "land_area", "value": Decimal("12.5")}, "12.5\xa0m²", "12,5\xa0м²", "12,5\xa0м²"),
    ],
)
def test_a_figure_reads_as_each_language_writes_it(fields, en, ru, kk):
    assert (text("en", **fields), text("ru", **fields), text("kk", **fields)) == (en, ru, kk)


@pytest.mark.parametrize(
    ("number", "word", "ending"),
    [
        (0, "нөл", "ден"),
        (1, "бір", "ден"),
        (2, "екі", "ден"),
        (3, "үш", "тен"),
        (6, "алты", "дан"),
        (9, "тоғыз", "дан"),
        (10, "он", "нан"),
        (40, "қырық", "тан"),
        (50, "елу", "ден"),
        (80, "сексен", "нен"),
        (900, "жүз", "ден"),
        (15_000, "мың", "нан"),
        (220_000, "мың", "нан"),
        (6_500_000, "мың", "нан"),
        (360_000_000, "миллион", "нан"),
        (1_000_000_000, "миллиард", "тан"),
    ],
)
def test_kazakh_more_than_takes_the_ablative_of_the_numbers_last_word(number, word, ending):
    assert kazakh_last_word(number) == word
    assert kazakh_ablative(word) == ending


@pytest.mark.parametrize(("word", "ending"), [("теңге", "ден"), ("доллар", "дан"), ("рубль", "ден"), ("юань", "нен")])
def test_kazakh_ablative_after_currency_names(word, ending):
    assert kazakh_ablative(word) == ending


def test_a_figure_read_back_from_the_database_drops_its_trailing_zeros(project):
    figure = factories.make_figure(project, "land_area", Decimal("12.5"))
    figure = ProjectFigure.objects.get(pk=figure.pk)
    assert figure.value == Decimal("12.50")
    with translation.override("en"):
        assert figure_text(figure) == "12.5\xa0m²"


@pytest.mark.parametrize(
    ("precision", "en", "ru", "kk"),
    [
        ("day", "19 February 2026", "19 февраля 2026 г.", "2026 жылғы 19 ақпан"),
        ("month", "February 2026", "Февраль 2026 г.", "2026 жылғы ақпан"),
        ("year", "2026", "2026", "2026"),
    ],
)
def test_a_date_is_written_to_its_precision(precision, en, ru, kk):
    entry = factories.make_milestone(
        factories.make_project(), date=datetime.date(2026, 2, 19), date_precision=precision
    )
    written = []
    for language in ("en", "ru", "kk"):
        with translation.override(language):
            written.append(entry_date(entry))
    assert written == [en, ru, kk]


def test_dates_inside_a_phrase_take_the_kazakh_locative():
    date = datetime.date(2025, 12, 1)
    with translation.override("kk"):
        assert as_of(date) == "(2025 жылғы 1 желтоқсандағы жағдай бойынша)"
        assert planned_as_of(datetime.date(2025, 5, 20)) == "2025 жылғы 20 мамырдағы жоспар бойынша"
    with translation.override("ru"):
        assert as_of(date) == "на 1 декабря 2025 г."
    with translation.override("en"):
        assert planned_as_of(datetime.date(2025, 5, 20)) == "planned as of 20 May 2025"


def test_coordinates_drop_trailing_zeros_and_use_the_languages_decimal_sign():
    with translation.override("ru"):
        assert degrees(Decimal("43.45500")) == "43,455"
        assert degrees(Decimal("77.00000")) == "77"
    with translation.override("en"):
        assert degrees(Decimal("43.46000")) == "43.46"


def test_citations_number_each_source_once_oldest_first_and_undated_last():
    undated = factories.make_source(published_on=None)
    new = factories.make_source(published_on="2026-01-15")
    old = factories.make_source(published_on="2025-05-20")
    citations = Citations([new, undated, old, new, None])
    assert list(citations) == [old, new, undated]
    assert [citations.number(source) for source in (old, new, undated)] == [1, 2, 3]
    assert citations.number(factories.make_source()) is None


def test_the_cite_mark_links_to_the_pages_numbered_source_or_names_it_in_brackets():
    source = factories.make_source(publisher="Kazinform", published_on="2025-09-22")
    source.refresh_from_db()
    template = Template("{% load facts %}{% cite source %}")
    with translation.override("en"):
        numbered = template.render(Context({"source": source, "citations": Citations([source])}))
        inline = template.render(Context({"source": source}))
        nothing = template.render(Context({"source": None}))
    assert numbered == '<sup class="cite"><a href="#source-1" aria-label="Source 1">[1]</a></sup>'
    assert (
        inline == f'<span class="cite"> (<a href="{source.url}" rel="external">Kazinform</a>, 22 September 2025)</span>'
    )
    assert nothing == ""


def test_the_headline_investment_follows_every_write_of_a_figure(project):
    kursiv = factories.make_source(published_on="2025-05-20")
    trend = factories.make_source(published_on="2026-01-15")
    first = factories.make_figure(project, value=368, source=kursiv)
    project.refresh_from_db()
    assert (project.investment_amount, project.investment_currency) == (368, "USD")
    factories.make_figure(project, value=360, source=trend)
    project.refresh_from_db()
    assert project.investment_amount == 360  # the newest source first
    trend.published_on = "2024-01-01"
    trend.save()
    project.refresh_from_db()
    assert project.investment_amount == 368  # a source's date decides the order
    first.order = 5
    first.save()
    project.refresh_from_db()
    assert project.investment_amount == 360  # and so does the editor's order
    first.delete()
    project.refresh_from_db()
    assert project.investment_amount == 360
    ProjectFigure.objects.filter(project=project).delete()
    project.refresh_from_db()
    assert (project.investment_amount, project.investment_currency) == (None, "")


def test_a_figure_moved_to_another_project_leaves_both_headlines_right(project):
    figure = factories.make_figure(project, value=500)
    other = factories.make_project()
    figure.project = other
    figure.save()
    project.refresh_from_db()
    other.refresh_from_db()
    assert (project.investment_amount, other.investment_amount) == (None, 500)


def test_deleting_a_project_does_not_refresh_it_once_per_figure(project):
    for value in (1, 2, 3):
        factories.make_figure(project, value=value)
    with CaptureQueriesContext(connection) as queries:
        project.delete()
    assert not [query for query in queries if query["sql"].startswith('UPDATE "projects_project"')]


@translation.override("en")
def test_figure_groups_always_say_whether_investment_jobs_and_area_are_published(project):
    assert [label for label, figures in project.figure_groups()] == ["Capital investment", "Planned jobs"]
    factories.make_figure(project, "height", 272)
    assert [label for label, _ in Project.objects.for_page().get(pk=project.pk).figure_groups()][-1] == "Height"
    assert [label for label, _ in District.objects.for_listing().get(pk=project.district_id).figure_groups()] == [
        "Area"
    ]


def test_the_status_date_is_the_latest_entry_reporting_the_current_status_never_a_plan(project):
    factories.make_milestone(project, date="2024-05-01", status=Status.IMPLEMENTATION)
    latest = factories.make_milestone(project, date="2025-09-29", status=Status.IMPLEMENTATION)
    factories.make_milestone(project, date="2027-12-01", status=Status.IMPLEMENTATION, is_planned=True)
    factories.make_milestone(project, date="2026-03-01", status=Status.PREPARATION)
    factories.make_milestone(project, date="2026-04-01")
    assert Project.objects.for_page().get(pk=project.pk).status_milestone == latest


def test_related_projects_are_flagships_first_then_the_most_recently_updated(project):
    older = factories.make_project(district=project.district, title_en="Older")
    newer = factories.make_project(district=project.district, title_en="Newer")
    flagship = factories.make_project(district=project.district, title_en="Flagship", is_flagship=True)
    Project.objects.filter(pk=flagship.pk).update(updated_at="2020-01-01T00:00:00Z")
    Project.objects.filter(pk=older.pk).update(updated_at="2021-01-01T00:00:00Z")
    factories.make_project(title_en="Elsewhere")
    assert list(Project.objects.related_to(project)) == [flagship, newer, older]


def test_bars_are_scaled_to_the_longest_and_a_bar_with_projects_never_vanishes():
    assert [(bar.count, bar.share) for bar in figures.bars([("a", 200, ""), ("b", 1, ""), ("c", 0, "")])] == [
        (200, 100),
        (1, 1),
        (0, 0),
    ]
    assert figures.bars([]) == []


@translation.override("en")
def test_counts_by_district_status_and_specialization_leave_drafts_out(district):
    industry = factories.make_specialization()
    for status, published in ((Status.PREPARATION, True), (Status.PREPARATION, True), (Status.CANCELLED, False)):
        factories.make_project(district=district, status=status, is_published=published).specializations.add(industry)
    counted = figures.with_project_counts(District.objects.all()).get(pk=district.pk)
    assert counted.project_count == 2
    assert [(bar.label, bar.count) for bar in figures.status_bars(Project.objects)] == [("Planned", 2)]
    assert [bar.count for bar in figures.specialization_bars(Project.objects)] == [2]
    key = figures.key_figures(Project.objects)
    assert (key.total, key.investment) == (2, [])


def test_saving_a_project_loaded_before_its_figures_changed_keeps_the_new_headline(project):
    stale = Project.objects.get(pk=project.pk)
    factories.make_figure(project, value=500)
    stale.summary_en = "Edited elsewhere"
    stale.save()
    project.refresh_from_db()
    assert (project.investment_amount, project.summary_en) == (500, "Edited elsewhere")
