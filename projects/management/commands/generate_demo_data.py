"""Synthetic projects for benchmarks: `manage.py generate_demo_data --projects 100000`.

Everything made here is marked `is_synthetic` (projects and organisations) or cites the one synthetic source,
so `--delete` removes exactly it and never touches the registry's real data. The rows go in with bulk inserts;
the derived columns are filled by the same functions a save uses (`derive_search_fields()` through the
querysets' bulk_create, `refresh_investment()`).
"""

import datetime
import itertools
import random
from decimal import Decimal

from django.core.management import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from districts.models import DatePrecision, District, Qualifier, Source
from projects.models import (
    Milestone,
    Organisation,
    OrganisationKind,
    Participation,
    Project,
    ProjectFigure,
    ProjectFigureKind,
    ProjectSource,
    Role,
    Status,
)

SOURCE_URL = "https://example.invalid/alatau/synthetic-demo-data"
BATCH = 2000

# (ru, kk, en): what synthetic projects are called.
KINDS = [
    ("Логистический центр", "Логистикалық орталық", "Logistics centre"),
    ("Индустриальный парк", "Индустриялық парк", "Industrial park"),
    ("Жилой квартал", "Тұрғын үй кварталы", "Residential quarter"),
    ("Торговый комплекс", "Сауда кешені", "Shopping centre"),
    ("Бизнес-центр", "Бизнес орталығы", "Business centre"),
    ("Пищевой завод", "Тамақ өнімдері зауыты", "Food plant"),
    ("Школа", "Мектеп", "School"),
    ("Больница", "Аурухана", "Hospital"),
    ("Парк", "Саябақ", "Park"),
    ("Солнечная электростанция", "Күн электр станциясы", "Solar power plant"),
    ("Технопарк", "Технопарк", "Technology park"),
    ("Гостиница", "Қонақ үй", "Hotel"),
]
# Place names: each appears in about one project in a hundred, which makes a search with a realistic number of hits.
PLACES = [
    "Жетысу", "Каскелен", "Боралдай", "Otegen", "Илийский", "Капшагай", "Чемолган", "Туздыбастау", "Байсерке",
    "Energetik", "Жанатурмыс", "Кайнар", "Коккайнар", "Акши", "Жетыген", "Шенгельды", "Балтабай", "Нура",
    "Kaindy", "Ащыбулак",
]  # fmt: skip
PLACES = [f"{place}-{n}" for place in PLACES for n in range(1, 6)]
COUNTRIES = ["KZ", "KZ", "KZ", "CN", "RU", "TR", "AE", "DE", "US", "KR", "UZ", "GB", "FR", "IT", "JP", "SG"]
STATUSES = [Status.IDENTIFICATION, Status.PREPARATION, Status.IMPLEMENTATION, Status.COMPLETION, Status.MAINTENANCE]
ROLES = [Role.FUNDER, Role.FUNDER, Role.SUPPLIER, Role.PUBLIC_AUTHORITY, Role.INTERESTED_PARTY]


def progress_bar(label, done, total):
    width = 30
    filled = width * done // total if total else width
    return f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done:>9,} / {total:,}"


def insert_rows(model, fields, rows):
    """INSERT plain values into a table of links, which has nothing to derive, 1,000 rows a statement: several
    times faster than building a model instance for each of 200,000 rows."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    row = f"({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            batch = rows[start : start + 1000]
            values = ", ".join([row] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {values}",
                [value for values_of_row in batch for value in values_of_row],
            )


class Command(BaseCommand):
    help = (
        "Add synthetic published projects (with organisations, roles, figures and timeline) for benchmarks, "
        "or remove them with --delete. Real data is never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=0, help="How many synthetic projects to add.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the random choices (default 1).")
        parser.add_argument("--delete", action="store_true", help="First remove every synthetic record.")

    def handle(self, *args, projects, seed, delete, **options):
        if projects < 0:
            raise CommandError("--projects must be 0 or more.")
        if not delete and not projects:
            raise CommandError("Say how many projects to add (--projects N), or --delete.")
        self.verbosity = options["verbosity"]
        if delete:
            self.delete()
        if projects:
            districts = list(District.objects.prefetch_related("specializations"))
            if not districts:
                raise CommandError("There are no districts: load the fixtures first (manage.py seed_registry).")
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # New entries of the trigram indexes wait in their pending lists and are merged in one pass at
                    # the end, rather than every 4 MB (for this transaction only).
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL gin_pending_list_limit = '256MB'")
                self.generate(projects, random.Random(seed), districts)
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT gin_clean_pending_list(indexrelid::regclass) FROM pg_index"
                            " JOIN pg_class ON pg_class.oid = indexrelid WHERE relname LIKE '%%\\_trgm'"
                        )
            self.stdout.write(f"Added {projects:,} synthetic projects.")

    def delete(self):
        """Remove the synthetic rows with plain DELETE statements: they have no history or files to keep, and
        100,000 of them must not be fetched one by one for signals."""
        with transaction.atomic():
            projects = Project.objects.filter(is_synthetic=True)
            for model in (Milestone, ProjectFigure, Participation):
                rows = model.objects.filter(project__in=projects.values("pk"))
                rows._raw_delete(rows.db)
            for through in (Project.specializations.through, ProjectSource):
                rows = through.objects.filter(project__in=projects.values("pk"))
                rows._raw_delete(rows.db)
            count = projects.count()
            projects._raw_delete(projects.db)
            organisations = Organisation.objects.filter(is_synthetic=True)
            organisations._raw_delete(organisations.db)
            Source.objects.filter(url=SOURCE_URL).delete()
        self.stdout.write(f"Removed {count:,} synthetic projects.")

    def generate(self, count, rng, districts):
        source, _ = Source.objects.get_or_create(
            url=SOURCE_URL,
            defaults={
                "publisher": "generate_demo_data",
                "title": "Synthetic demo data for benchmarks (not real)",
                "language": "en",
            },
        )
        organisations = self.organisations(max(20, min(3000, count // 30)), rng)
        # A few organisations take part in many projects, most in a few (as in a real registry).
        weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(organisations))))
        start = Project.objects.filter(is_synthetic=True).count()
        now = timezone.now()
        for offset in range(0, count, BATCH):
            size = min(BATCH, count - offset)
            projects = [self.project(start + offset + i + 1, rng, rng.choice(districts), now) for i in range(size)]
            Project.objects.bulk_create(projects)
            self.details(projects, rng, organisations, weights, districts, source)
            if self.verbosity:
                self.stderr.write(progress_bar("Projects", offset + size, count), ending="")
        if self.verbosity:
            self.stderr.write("")

    def organisations(self, count, rng):
        existing = list(Organisation.objects.filter(is_synthetic=True).order_by("pk"))
        new = [
            Organisation(
                slug=f"synthetic-organisation-{n}",
                name_ru=f"Демо-организация {n}",
                name_kk=f"Демо-ұйым {n}",
                name_en=f"Demo organisation {n}",
                kind=OrganisationKind.COMPANY if n % 10 else OrganisationKind.PUBLIC_BODY,
                country=rng.choice(COUNTRIES),
                is_synthetic=True,
            )
            for n in range(len(existing) + 1, count + 1)
        ]
        Organisation.objects.bulk_create(new, batch_size=BATCH)
        return existing + new

    def project(self, n, rng, district, now):
        ru, kk, en = rng.choice(KINDS)
        place = rng.choice(PLACES)
        located = rng.random() < 0.3
        return Project(
            slug=f"synthetic-{n}",
            title_ru=f"{ru} № {n}",
            title_kk=f"№ {n} {kk.lower()}",
            title_en=f"{en} No. {n}",
            summary_ru=f"Синтетический проект для нагрузочного теста, район {place}.",
            summary_kk=f"Жүктеме сынағына арналған синтетикалық жоба, {place} ауданы.",
            summary_en=f"A synthetic project for load tests, near {place}.",
            description_ru="Не настоящий проект: создан командой generate_demo_data.",
            description_kk="Нақты жоба емес: generate_demo_data командасы жасаған.",
            description_en="Not a real project: made by the generate_demo_data command.",
            district=district,
            status=rng.choice(STATUSES),
            is_flagship=rng.random() < 0.001,
            is_published=True,
            is_synthetic=True,
            latitude=district.latitude + Decimal(rng.randint(-300, 300)) / 10000 if located else None,
            longitude=district.longitude + Decimal(rng.randint(-300, 300)) / 10000 if located else None,
            created_at=now,
            updated_at=now - datetime.timedelta(minutes=rng.randint(0, 500_000)),
        )

    def details(self, projects, rng, organisations, weights, districts, source):
        participations, specializations, figures, milestones = [], [], [], []
        for project in projects:
            chosen = {org.pk: org for org in rng.choices(organisations, cum_weights=weights, k=rng.randint(1, 3))}
            participations += [
                (project.pk, org.pk, rng.choice(ROLES).value, order) for order, org in enumerate(chosen.values())
            ]
            offered = list(project.district.specializations.all())
            specializations += [
                (project.pk, specialization.pk)
                for specialization in rng.sample(offered, k=min(len(offered), rng.randint(1, 2)))
            ]
            if rng.random() < 0.6:
                currency = rng.choice(["KZT", "USD"])
                figures.append(
                    ProjectFigure(
                        project=project,
                        kind=ProjectFigureKind.INVESTMENT,
                        value=Decimal(rng.randint(1, 5000)) * (1_000_000 if currency == "KZT" else 10_000),
                        currency=currency,
                        qualifier=rng.choice([Qualifier.EXACT, Qualifier.ABOUT]),
                        source=source,
                    )
                )
            if rng.random() < 0.5:
                continue
            milestones.append(
                Milestone(
                    project=project,
                    date=datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randint(0, 600)),
                    date_precision=DatePrecision.DAY,
                    title_ru="Проект внесён в реестр",
                    title_kk="Жоба тізілімге енгізілді",
                    title_en="Project entered in the registry",
                    status=project.status,
                    source=source,
                )
            )
        insert_rows(Participation, ["project", "organisation", "role", "order"], participations)
        insert_rows(Project.specializations.through, ["project", "specialization"], specializations)
        ProjectFigure.objects.bulk_create(figures)
        # bulk_create() sends no signals: fill the headline columns as a saved figure would.
        Project.objects.filter(pk__in=[figure.project_id for figure in figures]).refresh_investment()
        Milestone.objects.bulk_create(milestones)
