"""Figures of the published registry, as bars a template draws, with a data table in a disclosure below them.

Each function counts only published projects (`ProjectQuerySet.published()`), so a draft can never be
counted, and runs at most one query, so a page's query count does not grow with the registry.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from districts.models import Specialization

from .models import Project


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: int
    """The bar's length, in per cent of the longest bar."""
    url: str = ""


class Bars(list):
    """A chart's bars, and what they add up to: a caption compares it with the projects the chart covers."""

    @property
    def total(self):
        return sum(bar.count for bar in self)


def bars(rows):
    """[(label, count, url)] → Bars; a bar with any projects stays visible, however short."""
    rows = list(rows)
    longest = max((count for _label, count, _url in rows), default=0)
    return Bars(
        Bar(label, count, max(1, round(100 * count / longest)) if count else 0, url) for label, count, url in rows
    )


def with_project_counts(districts):
    """Annotate each district with `project_count`: its published projects."""
    published = Project.objects.published().values("pk")
    return districts.annotate(project_count=Count("projects", filter=Q(projects__in=published)))


def status_bars(projects):
    """Published projects by status, in the lifecycle order of the statuses."""
    return bars((status.label, count, "") for status, count in projects.published().status_counts())


def district_bars(districts):
    """Districts annotated by `with_project_counts()`; no query when they are already loaded."""
    return bars((district.name, district.project_count, district.get_absolute_url()) for district in districts)


def specialization_bars(projects):
    """Published projects by specialization; a project with two specializations counts in both, one with none in
    neither, so the bars need not add up to the number of projects."""
    specializations = Specialization.objects.filter(projects__in=projects.published().values("pk")).annotate(
        project_count=Count("projects")
    )
    return bars((specialization.name, specialization.project_count, "") for specialization in specializations)


@dataclass(frozen=True)
class KeyFigures:
    total: int
    by_status: list[Bar]
    investment: list[dict]
    """[{"investment_currency", "total", "projects", "approximate"}]: one row per currency, never added across
    currencies; `projects` counts the projects declaring an amount in it, out of the `total` published."""


def key_figures(projects):
    """The number of published projects, by status, and their headline investment per currency."""
    by_status = status_bars(projects)
    return KeyFigures(
        total=by_status.total,
        by_status=by_status,
        investment=projects.published().investment_by_currency(),
    )
