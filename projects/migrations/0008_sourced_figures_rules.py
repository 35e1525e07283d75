"""After the figures are converted (0007): the rules that need them, and the columns they replace (in the
history too)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0007_convert_figures"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("planned_start__isnull", True), ("planned_start_source__isnull", False), _connector="OR"
                ),
                name="project_start_has_source",
                violation_error_message="Name the source that gives the planned start.",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("planned_completion__isnull", True), ("planned_completion_source__isnull", False), _connector="OR"
                ),
                name="project_completion_has_source",
                violation_error_message="Name the source that gives the planned completion.",
            ),
        ),
        migrations.RemoveField(
            model_name="project",
            name="land_area_ha",
        ),
        migrations.RemoveField(
            model_name="project",
            name="planned_jobs",
        ),
        migrations.AddConstraint(
            model_name="projectfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "investment",
                            "jobs",
                            "land_area",
                            "floor_area",
                            "green_area",
                            "height",
                            "seats",
                            "annual_output",
                        ],
                    )
                ),
                name="projectfigure_kind_valid",
                violation_error_message="Unknown kind of figure.",
            ),
        ),
        migrations.AddConstraint(
            model_name="projectfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(("qualifier__in", ["exact", "about", "more_than"])),
                name="projectfigure_qualifier_valid",
                violation_error_message="Unknown qualifier.",
            ),
        ),
        migrations.AddConstraint(
            model_name="projectfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 0)),
                name="projectfigure_value_non_negative",
                violation_error_message="A figure cannot be negative.",
            ),
        ),
        migrations.AddConstraint(
            model_name="projectfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("currency__regex", "^[A-Z]{3}$"), ("kind__in", ["investment"])),
                    models.Q(models.Q(("kind__in", ["investment"]), _negated=True), ("currency", "")),
                    _connector="OR",
                ),
                name="projectfigure_currency_for_money",
                violation_error_message="An amount of money needs its ISO 4217 currency; other figures have none.",
            ),
        ),
        # The history keeps what editors wrote, not the headline copied from the figures.
        migrations.RemoveField(
            model_name="historicalproject",
            name="investment_amount",
        ),
        migrations.RemoveField(
            model_name="historicalproject",
            name="investment_currency",
        ),
    ]
