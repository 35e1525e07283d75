"""Every figure knows its source and whether the source gives it as approximate: the new tables and columns.

Investment, jobs and land area become sourced figures (ProjectFigure); the project keeps only a copy of its
headline investment for the registry's filters and sorting, and its planned dates name their source. 0007
converts the figures that exist, and 0008 adds the rules and drops the columns the figures replace (three
migrations, because PostgreSQL refuses to alter a table in the transaction that just wrote rows to it with
deferred foreign keys: "pending trigger events").
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0002_sources_figures_timeline"),
        ("projects", "0005_organisation_and_participation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProjectFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=20,
                        validators=[django.core.validators.MinValueValidator(0)],
                        verbose_name="value",
                    ),
                ),
                (
                    "currency",
                    models.CharField(
                        blank=True,
                        help_text="ISO 4217 code, for amounts of money only, e.g. KZT or USD.",
                        max_length=3,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{3}$", "Enter a three-letter ISO 4217 currency code in capitals, e.g. KZT."
                            )
                        ],
                        verbose_name="currency",
                    ),
                ),
                (
                    "qualifier",
                    models.CharField(
                        choices=[("exact", "as stated"), ("about", "about"), ("more_than", "more than")],
                        default="exact",
                        help_text="A figure the source gives as “about”, “around”, “close to” or “more than” is shown so.",
                        max_length=10,
                        verbose_name="as the source puts it",
                    ),
                ),
                (
                    "as_of",
                    models.DateField(
                        blank=True,
                        help_text="The date the figure refers to, if the source gives one (e.g. a population on 1 December).",
                        null=True,
                        verbose_name="as of",
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="What the source adds, e.g. “when all phases finish”.",
                        max_length=200,
                        verbose_name="note",
                    ),
                ),
                (
                    "note_ru",
                    models.CharField(
                        blank=True,
                        help_text="What the source adds, e.g. “when all phases finish”.",
                        max_length=200,
                        null=True,
                        verbose_name="note",
                    ),
                ),
                (
                    "note_kk",
                    models.CharField(
                        blank=True,
                        help_text="What the source adds, e.g. “when all phases finish”.",
                        max_length=200,
                        null=True,
                        verbose_name="note",
                    ),
                ),
                (
                    "note_en",
                    models.CharField(
                        blank=True,
                        help_text="What the source adds, e.g. “when all phases finish”.",
                        max_length=200,
                        null=True,
                        verbose_name="note",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("investment", "Capital investment"),
                            ("jobs", "Planned jobs"),
                            ("land_area", "Site area"),
                            ("floor_area", "Floor area"),
                            ("green_area", "Green space"),
                            ("height", "Height"),
                            ("seats", "Seats"),
                            ("annual_output", "Annual output"),
                        ],
                        max_length=20,
                        verbose_name="figure",
                    ),
                ),
            ],
            options={
                "verbose_name": "figure",
                "verbose_name_plural": "figures",
                "ordering": [
                    "order",
                    models.OrderBy(models.F("source__published_on"), descending=True, nulls_last=True),
                    "pk",
                ],
                "abstract": False,
            },
        ),
        migrations.RemoveConstraint(
            model_name="milestone",
            name="milestone_date_precision_valid",
        ),
        migrations.RemoveConstraint(
            model_name="project",
            name="project_jobs_non_negative",
        ),
        migrations.RemoveConstraint(
            model_name="project",
            name="project_area_non_negative",
        ),
        migrations.RemoveField(
            model_name="historicalproject",
            name="land_area_ha",
        ),
        migrations.RemoveField(
            model_name="historicalproject",
            name="planned_jobs",
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="caveat",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="caveat_en",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                null=True,
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="caveat_kk",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                null=True,
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="caveat_ru",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                null=True,
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="planned_completion_source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="districts.source",
                verbose_name="source of the planned completion",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="planned_start_source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="districts.source",
                verbose_name="source of the planned start",
            ),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="status_is_editorial",
            field=models.BooleanField(
                default=False,
                help_text="Tick when no source states this status and it is the registry's own reading of the sources.",
                verbose_name="status is the registry's reading",
            ),
        ),
        migrations.AddField(
            model_name="milestone",
            name="is_planned",
            field=models.BooleanField(
                default=False,
                help_text="A plan as the source stated it on its date, not something that has happened.",
                verbose_name="planned",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="caveat",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="caveat_en",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                null=True,
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="caveat_kk",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                null=True,
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="caveat_ru",
            field=models.TextField(
                blank=True,
                help_text="Where sources disagree, or say less than a reader might assume: shown prominently.",
                null=True,
                verbose_name="note on the sources",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="planned_completion_source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="districts.source",
                verbose_name="source of the planned completion",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="planned_start_source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="districts.source",
                verbose_name="source of the planned start",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="status_is_editorial",
            field=models.BooleanField(
                default=False,
                help_text="Tick when no source states this status and it is the registry's own reading of the sources.",
                verbose_name="status is the registry's reading",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created"),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="investment_amount",
            field=models.DecimalField(
                blank=True,
                db_index=True,
                decimal_places=2,
                editable=False,
                help_text="The first investment figure, copied here for the registry's filters and sorting.",
                max_digits=20,
                null=True,
                verbose_name="headline investment",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="investment_currency",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="ISO 4217 code of the headline investment.",
                max_length=3,
                verbose_name="currency of the headline investment",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="is_flagship",
            field=models.BooleanField(
                db_index=True,
                default=False,
                help_text="An editorial mark of the registry, not a status any source gives.",
                verbose_name="flagship (the registry's choice)",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="status",
            field=models.CharField(
                choices=[
                    ("identification", "Prospective"),
                    ("preparation", "Planned"),
                    ("implementation", "Being implemented"),
                    ("completion", "Being commissioned"),
                    ("maintenance", "Operating"),
                    ("decommissioning", "Being decommissioned"),
                    ("decommissioned", "Decommissioned"),
                    ("cancelled", "Cancelled"),
                ],
                db_index=True,
                default="identification",
                help_text="The status as last publicly reported (OC4IDS project status).",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the project or its figures, roles, timeline or images last changed.",
                verbose_name="last updated",
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="date",
            field=models.DateField(help_text="For a month or a year, its first day.", verbose_name="date"),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("identification", "Prospective"),
                    ("preparation", "Planned"),
                    ("implementation", "Being implemented"),
                    ("completion", "Being commissioned"),
                    ("maintenance", "Operating"),
                    ("decommissioning", "Being decommissioned"),
                    ("decommissioned", "Decommissioned"),
                    ("cancelled", "Cancelled"),
                ],
                help_text="The project status reported on this date, if the entry reports one.",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created"),
        ),
        migrations.AlterField(
            model_name="project",
            name="investment_amount",
            field=models.DecimalField(
                blank=True,
                db_index=True,
                decimal_places=2,
                editable=False,
                help_text="The first investment figure, copied here for the registry's filters and sorting.",
                max_digits=20,
                null=True,
                verbose_name="headline investment",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="investment_currency",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="ISO 4217 code of the headline investment.",
                max_length=3,
                verbose_name="currency of the headline investment",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="is_flagship",
            field=models.BooleanField(
                db_index=True,
                default=False,
                help_text="An editorial mark of the registry, not a status any source gives.",
                verbose_name="flagship (the registry's choice)",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="status",
            field=models.CharField(
                choices=[
                    ("identification", "Prospective"),
                    ("preparation", "Planned"),
                    ("implementation", "Being implemented"),
                    ("completion", "Being commissioned"),
                    ("maintenance", "Operating"),
                    ("decommissioning", "Being decommissioned"),
                    ("decommissioned", "Decommissioned"),
                    ("cancelled", "Cancelled"),
                ],
                db_index=True,
                default="identification",
                help_text="The status as last publicly reported (OC4IDS project status).",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="updated_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                help_text="When the project or its figures, roles, timeline or images last changed.",
                verbose_name="last updated",
            ),
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=models.Q(("date_precision__in", ["day", "month", "year"])),
                name="projects_milestone_date_precision_valid",
                violation_error_message="Unknown date precision.",
            ),
        ),
        migrations.AddField(
            model_name="projectfigure",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="figures",
                to="projects.project",
                verbose_name="project",
            ),
        ),
        migrations.AddField(
            model_name="projectfigure",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="districts.source",
                verbose_name="source",
            ),
        ),
    ]
