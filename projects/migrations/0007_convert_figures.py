"""Earlier figures and dates carried no source of their own. Where a project cites exactly one source, that
source is the one that states them, and they become sourced figures. Where it cites several, no one can say
which states what: those values are listed in the migration's output, for an editor to enter again with
their source (the seeded ones come back with `manage.py loaddata districts projects`).
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

HECTARE_M2 = 10_000


def convert_figures_and_dates(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectFigure = apps.get_model("projects", "ProjectFigure")
    unsourced = []
    holding = Project.objects.exclude(
        investment_amount=None, planned_jobs=None, land_area_ha=None, planned_start=None, planned_completion=None
    )
    for project in holding.prefetch_related("sources"):
        sources = list(project.sources.all())
        values = {
            "investment": project.investment_amount and f"{project.investment_amount} {project.investment_currency}",
            "jobs": project.planned_jobs,
            "land area (ha)": project.land_area_ha,
            "planned start": project.planned_start,
            "planned completion": project.planned_completion,
        }
        if len(sources) != 1:
            unsourced.append(f"{project.slug}: " + ", ".join(f"{k} {v}" for k, v in values.items() if v is not None))
            project.planned_start = project.planned_completion = None
            project.save(update_fields=["planned_start", "planned_completion"])
            continue
        (source,) = sources
        figures = [
            ("investment", project.investment_amount, project.investment_currency),
            ("jobs", project.planned_jobs, ""),
            ("land_area", project.land_area_ha and project.land_area_ha * HECTARE_M2, ""),
        ]
        ProjectFigure.objects.bulk_create(
            ProjectFigure(project=project, kind=kind, value=value, currency=currency, source=source)
            for kind, value, currency in figures
            if value is not None
        )
        project.planned_start_source = source if project.planned_start else None
        project.planned_completion_source = source if project.planned_completion else None
        project.save(update_fields=["planned_start_source", "planned_completion_source"])
    # The headline investment is now a copy of the first investment figure (ProjectQuerySet.refresh_investment).
    headline = ProjectFigure.objects.filter(project=OuterRef("pk"), kind="investment").order_by("order", "pk")
    Project.objects.update(
        investment_amount=Subquery(headline.values("value")[:1]),
        investment_currency=Coalesce(Subquery(headline.values("currency")[:1]), Value("")),
    )
    if unsourced:
        print(
            "\n  These projects cite several sources, so no one can say which states these values; they were "
            "removed:\n    " + "\n    ".join(unsourced) + "\n  Enter them again with their sources (the seeded "
            "ones come back with manage.py loaddata districts projects)."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_sourced_figures"),
    ]

    operations = [
        migrations.RunPython(convert_figures_and_dates, migrations.RunPython.noop),
    ]
