"""Sources, and sourced figures and events about the city and its districts.

A district's area becomes a sourced figure. The earlier column carried no source (districts cite none), so
its values cannot be converted truthfully: this migration lists each area it drops, and the fixtures or the
admin put the areas back with their sources.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def report_unsourced_areas(apps, schema_editor):
    District = apps.get_model("districts", "District")
    dropped = [
        f"{slug}: {area} ha" for slug, area in District.objects.exclude(area_ha=None).values_list("slug", "area_ha")
    ]
    if dropped:
        print(
            "\n  Districts' areas carried no source, so they were removed:\n    " + "\n    ".join(dropped) + "\n"
            "  Enter them again with their sources (the seeded ones come back with manage.py loaddata districts)."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(report_unsourced_areas, migrations.RunPython.noop),
        migrations.CreateModel(
            name="CityEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(help_text="For a month or a year, its first day.", verbose_name="date")),
                (
                    "date_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How exact the date is: a source that names only a month gives a month.",
                        max_length=5,
                        verbose_name="date precision",
                    ),
                ),
                (
                    "is_planned",
                    models.BooleanField(
                        default=False,
                        help_text="A plan as the source stated it on its date, not something that has happened.",
                        verbose_name="planned",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("title_ru", models.CharField(max_length=200, null=True, verbose_name="title")),
                ("title_kk", models.CharField(max_length=200, null=True, verbose_name="title")),
                ("title_en", models.CharField(max_length=200, null=True, verbose_name="title")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("description_ru", models.TextField(blank=True, null=True, verbose_name="description")),
                ("description_kk", models.TextField(blank=True, null=True, verbose_name="description")),
                ("description_en", models.TextField(blank=True, null=True, verbose_name="description")),
            ],
            options={
                "verbose_name": "event in the city's timeline",
                "verbose_name_plural": "the city's timeline",
                "ordering": ["date", "id"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="CityFigure",
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
                            ("area", "Area"),
                            ("sez_area", "Area of the special economic zone"),
                            ("population", "Population"),
                            ("planned_population", "Planned residents"),
                            ("planned_jobs", "Planned jobs"),
                            ("housing_area", "Planned housing"),
                            ("retail_area", "Planned retail space"),
                        ],
                        max_length=20,
                        verbose_name="figure",
                    ),
                ),
            ],
            options={
                "verbose_name": "figure about the city",
                "verbose_name_plural": "figures about the city",
                "ordering": [
                    "order",
                    models.OrderBy(models.F("source__published_on"), descending=True, nulls_last=True),
                    "pk",
                ],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "title",
                    models.CharField(
                        blank=True,
                        help_text="As published, in its own language. Leave empty when it is not known: pages then name the site.",
                        max_length=300,
                        verbose_name="title",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        help_text="ISO 639 code such as ru, kk, en or uz, so that browsers and screen readers read it right.",
                        max_length=8,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z]{2,3}$", "Enter an ISO 639 language code, e.g. ru, kk, en."
                            )
                        ],
                        verbose_name="language of the title",
                    ),
                ),
                ("url", models.URLField(max_length=500, unique=True, verbose_name="URL")),
                ("publisher", models.CharField(blank=True, max_length=200, verbose_name="publisher")),
                (
                    "published_on",
                    models.DateField(
                        blank=True,
                        help_text="The date the page gives for itself. Leave empty when it shows none.",
                        null=True,
                        verbose_name="date published",
                    ),
                ),
            ],
            options={
                "verbose_name": "source",
                "verbose_name_plural": "sources",
                "ordering": [
                    models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
                    "publisher",
                    "url",
                ],
            },
        ),
        migrations.RemoveConstraint(
            model_name="district",
            name="district_area_non_negative",
        ),
        migrations.RemoveField(
            model_name="historicaldistrict",
            name="area_ha",
        ),
        migrations.AlterField(
            model_name="district",
            name="tagline",
            field=models.CharField(blank=True, max_length=200, verbose_name="short description"),
        ),
        migrations.AlterField(
            model_name="district",
            name="tagline_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="short description"),
        ),
        migrations.AlterField(
            model_name="district",
            name="tagline_kk",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="short description"),
        ),
        migrations.AlterField(
            model_name="district",
            name="tagline_ru",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="short description"),
        ),
        migrations.AlterField(
            model_name="historicaldistrict",
            name="tagline",
            field=models.CharField(blank=True, max_length=200, verbose_name="short description"),
        ),
        migrations.AlterField(
            model_name="historicaldistrict",
            name="tagline_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="short description"),
        ),
        migrations.AlterField(
            model_name="historicaldistrict",
            name="tagline_kk",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="short description"),
        ),
        migrations.AlterField(
            model_name="historicaldistrict",
            name="tagline_ru",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="short description"),
        ),
        migrations.AddField(
            model_name="cityfigure",
            name="district",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a figure about the whole city.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="figures",
                to="districts.district",
                verbose_name="district",
            ),
        ),
        migrations.AddField(
            model_name="cityfigure",
            name="source",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="districts.source",
                verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="cityevent",
            name="source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="districts.source",
                verbose_name="source",
            ),
        ),
        migrations.RemoveField(
            model_name="district",
            name="area_ha",
        ),
        migrations.AddConstraint(
            model_name="cityfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "area",
                            "sez_area",
                            "population",
                            "planned_population",
                            "planned_jobs",
                            "housing_area",
                            "retail_area",
                        ],
                    )
                ),
                name="cityfigure_kind_valid",
                violation_error_message="Unknown kind of figure.",
            ),
        ),
        migrations.AddConstraint(
            model_name="cityfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(("qualifier__in", ["exact", "about", "more_than"])),
                name="cityfigure_qualifier_valid",
                violation_error_message="Unknown qualifier.",
            ),
        ),
        migrations.AddConstraint(
            model_name="cityfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 0)),
                name="cityfigure_value_non_negative",
                violation_error_message="A figure cannot be negative.",
            ),
        ),
        migrations.AddConstraint(
            model_name="cityfigure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("currency__regex", "^[A-Z]{3}$"), ("kind__in", ())),
                    models.Q(models.Q(("kind__in", ()), _negated=True), ("currency", "")),
                    _connector="OR",
                ),
                name="cityfigure_currency_for_money",
                violation_error_message="An amount of money needs its ISO 4217 currency; other figures have none.",
            ),
        ),
        migrations.AddConstraint(
            model_name="cityevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("date_precision__in", ["day", "month", "year"])),
                name="districts_cityevent_date_precision_valid",
                violation_error_message="Unknown date precision.",
            ),
        ),
    ]
