"""The registry as a spreadsheet: the columns of the Project Office's import (the CSV export uses the same list),
defined once in COLUMNS, and the django-import-export resource that reads them.

A row is a project, matched by its slug: a known slug updates that project, a new one adds a project. A file
with any invalid row changes nothing; every row goes through the model's validation, the publishing rule,
the search fields and the history (as a change by the importing user, with the file's name).
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from districts.models import District, Qualifier, Source, Specialization

from .models import Organisation, Participation, Project, ProjectFigure, ProjectFigureKind, ProjectSource, Role, Status

# Files the import takes: bigger ones are refused before they are read.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 500  # each row takes tens of queries, twice (preview, then import): well inside a request
LIST_SEPARATOR = ";"
# A cell starting with one of these would run as a formula when the file is opened in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Kind:
    """What a column holds, as the data page (/<lang>/data/) names it."""

    TEXT = _("text")
    CODE = _("code")
    WHOLE_NUMBER = _("whole number")
    NUMBER = _("number, a point before decimals")
    DATE = _("date, YYYY-MM-DD")
    URL = _("URL")
    LIST = _("list, separated by “;”")
    YES_NO = _("yes or no")


class Column(NamedTuple):
    name: str
    help: str
    kind: str
    example: str = ""


TEXT_EXAMPLES = {
    "title_kk": "Логистикалық хаб",
    "title_ru": "Логистический хаб",
    "title_en": "Logistics hub",
    "summary_kk": "Growing ауданындағы логистикалық хаб.",
    "summary_ru": "Логистический хаб в дистрикте Growing.",
    "summary_en": "A logistics hub in Growing District.",
}
TEXT_COLUMNS = [f"{name}_{code}" for name in ("title", "summary", "description") for code, _name in settings.LANGUAGES]
SOURCE_EXAMPLE = "https://kazpravda.kz/n/gonochnuyu-trassu-formuly-1-mogut-postroit-v-alatau-city/"
COLUMNS = [
    Column(
        "slug",
        _("The project's address: a slug in the registry updates that project, a new one adds one."),
        Kind.CODE,
        "example-logistics-hub",
    ),
    Column(
        "version", _("The project's version when it was exported; empty for a new project."), Kind.WHOLE_NUMBER, "3"
    ),
    *(Column(name, _("Text in one language."), Kind.TEXT, TEXT_EXAMPLES.get(name, "")) for name in TEXT_COLUMNS),
    Column("district", _("The district's slug: gate, golden, growing or green."), Kind.CODE, "growing"),
    Column(
        "status",
        format_lazy(_("OC4IDS status code: {codes}."), codes=", ".join(Status.values)),
        Kind.CODE,
        "preparation",
    ),
    Column("specializations", _("Specialization slugs, separated by “;”."), Kind.LIST, "logistics"),
    Column(
        "organisations",
        _("Organisation slug and OC4IDS role for each, such as “pepsico:funder”, separated by “;”; the first leads."),
        Kind.LIST,
        "rhenus-logistics:interestedParty",
    ),
    Column(
        "sources",
        _("URLs of the project's sources, separated by “;”: each one already in the registry."),
        Kind.LIST,
        SOURCE_EXAMPLE,
    ),
    Column(
        "investment_amount",
        _("The capital investment as its source gives it, a number such as 360000000."),
        Kind.NUMBER,
        "360000000",
    ),
    Column("investment_currency", _("Its ISO 4217 currency, such as USD or KZT."), Kind.CODE, "USD"),
    Column("investment_qualifier", _("How its source puts it: exact, about or more_than."), Kind.CODE, "about"),
    Column("investment_source", _("The URL of the source that gives the investment."), Kind.URL, SOURCE_EXAMPLE),
    Column("planned_start", _("A date, YYYY-MM-DD, with its source in the next column."), Kind.DATE, "2026-03-01"),
    Column("planned_start_source", _("The URL of the source that gives the planned start."), Kind.URL),
    Column("planned_completion", _("A date, YYYY-MM-DD, with its source in the next column."), Kind.DATE, "2028-01-01"),
    Column("planned_completion_source", _("The URL of the source that gives the planned completion."), Kind.URL),
    Column("latitude", _("Decimal degrees, such as 43.46; both coordinates or neither."), Kind.NUMBER, "43.46"),
    Column("longitude", _("Decimal degrees, such as 77.02."), Kind.NUMBER, "77.02"),
    Column("is_flagship", _("yes or no: the registry's editorial mark."), Kind.YES_NO, "no"),
    Column(
        "is_published",
        _("yes or no: a project is published only when it has everything publishing needs."),
        Kind.YES_NO,
        "no",
    ),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
# The import page's example file: a row that imports as it is (a draft, so it needs no investment or dates).
TEMPLATE_ROW_COLUMNS = {"slug", *TEXT_EXAMPLES, "district", "status", "specializations", "organisations", "sources"}
EXAMPLE_ROW = {column.name: column.example for column in COLUMNS if column.name in TEMPLATE_ROW_COLUMNS} | {
    "is_flagship": "no",
    "is_published": "no",
}


def template_dataset():
    """The import's columns and one example row: the file the import page offers to start from."""
    dataset = tablib.Dataset(headers=COLUMN_NAMES)
    dataset.append([EXAMPLE_ROW.get(name, "") for name in COLUMN_NAMES])
    return dataset


def split(value):
    return [part.strip() for part in str(value or "").split(LIST_SEPARATOR) if part.strip()]


class SlugWidget(widgets.Widget):
    """A row of `model` named by its slug; an unknown slug is an error that lists the known ones."""

    def __init__(self, model, message):
        super().__init__()
        self.model = model
        self.message = message

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        found = self.model.objects.filter(slug=str(value).strip()).first()
        if found is None:
            known = ", ".join(self.model.objects.order_by("slug").values_list("slug", flat=True)[:20])
            raise ValueError(self.message % {"value": value, "known": known})
        return found

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class SlugListWidget(widgets.ManyToManyWidget):
    def clean(self, value, row=None, **kwargs):
        slugs = split(value)
        found = {item.slug: item for item in Specialization.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            raise ValueError(gettext("Unknown specializations: %(slugs)s.") % {"slugs": ", ".join(unknown)})
        return [found[slug] for slug in slugs]


class SourceWidget(widgets.Widget):
    """A source of the registry named by its URL."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        return source_by_url(str(value).strip())

    def render(self, value, obj=None, **kwargs):
        return value.url if value else ""


def source_by_url(url):
    source = Source.objects.filter(url=url).first()
    if source is None:
        raise ValueError(
            gettext("No source in the registry has the URL %(url)s: add it in the admin first.") % {"url": url}
        )
    return source


class ChoiceWidget(widgets.Widget):
    """A code of `choices`, as the data exchange writes it (never a translated label)."""

    def __init__(self, choices, message):
        super().__init__()
        self.choices = choices
        self.message = message

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if value and value not in self.choices.values:
            raise ValueError(self.message % {"value": value, "codes": ", ".join(self.choices.values)})
        return value

    def render(self, value, obj=None, **kwargs):
        return value or ""


class YesNoWidget(widgets.Widget):
    YES = {"yes", "y", "true", "1", "иә", "да"}
    NO = {"no", "n", "false", "0", "жоқ", "нет", ""}

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(gettext("Write yes or no, not “%(value)s”.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(gettext("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value).strip().replace(" ", "").replace("\u202f", "").replace("\xa0", ""))
        except InvalidOperation:
            raise ValueError(gettext("“%(value)s” is not a number.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class Computed(fields.Field):
    """A column that is not a field of the project: read from its rows (for the export and the preview's
    old → new), and written after the project by save_rows()."""

    def __init__(self, column_name, compute):
        super().__init__(column_name=column_name)
        self.compute = compute

    def export(self, instance, **kwargs):
        return self.compute(instance) if instance.pk else ""

    def save(self, instance, row, is_m2m=False, **kwargs):
        pass


# The relations whose rows the columns show (rows()).
COLUMN_RELATIONS = ("specializations", "participations", "source_entries")


def prefetch_rows(relation, queryset):
    """A prefetch of each project's rows of `relation` into a plain list, which rows() reads. For a download of
    many projects: Django's own prefetch cache builds a queryset per project and relation, which costs more than
    writing the project's row."""
    return Prefetch(relation, queryset, to_attr=f"{relation}_rows")


def rows(project, relation):
    """A project's rows of `relation`: the list prefetch_rows() made, else a query (none for a project not saved
    yet, such as a new row in the import's preview)."""
    prefetched = getattr(project, f"{relation}_rows", None)
    if prefetched is not None:
        return prefetched
    return getattr(project, relation).all() if project.pk else []


def drop_rows(project, relations):
    """Drop the lists prefetch_rows() put on the project. Their rows refer back to the project, a reference
    cycle: dropped, the project and its rows are freed at once, not in the garbage collector's rare full passes
    (which let a worker writing 100,000 projects grow by ~80 MB and took a tenth of the time)."""
    for relation in relations:
        vars(project).pop(f"{relation}_rows", None)


def specializations_text(project):
    return f"{LIST_SEPARATOR} ".join(item.slug for item in rows(project, "specializations"))


def roles_text(project):
    roles = rows(project, "participations")
    return f"{LIST_SEPARATOR} ".join(f"{role.organisation.slug}:{role.role}" for role in roles)


def sources_text(project):
    return f"{LIST_SEPARATOR} ".join(entry.source.url for entry in rows(project, "source_entries"))


HEADLINE_FIELDS = ["investment_amount", "investment_currency", "investment_qualifier", "investment_source"]


def investment_of(project, name):
    """One value of the project's headline investment (its first investment figure, copied onto the project by
    refresh_investment()), as the spreadsheet writes it."""
    if project.investment_amount is None:
        return ""
    if name == "source":
        return project.investment_source.url if project.investment_source else ""
    return str(getattr(project, f"investment_{name}"))


class ProjectResource(resources.ModelResource):
    """Projects as rows of COLUMNS (see the module's docstring)."""

    district = fields.Field(
        attribute="district",
        column_name="district",
        widget=SlugWidget(District, _("Unknown district “%(value)s”: use one of %(known)s.")),
    )
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(Status, _("Unknown status code “%(value)s”: use one of %(codes)s.")),
    )
    specializations = fields.Field(
        attribute="specializations",
        column_name="specializations",
        widget=SlugListWidget(Specialization),
        dehydrate_method=specializations_text,
    )
    organisations = Computed("organisations", roles_text)
    sources = Computed("sources", sources_text)
    investment_amount = Computed("investment_amount", lambda project: investment_of(project, "amount"))
    investment_currency = Computed("investment_currency", lambda project: investment_of(project, "currency"))
    investment_qualifier = Computed("investment_qualifier", lambda project: investment_of(project, "qualifier"))
    investment_source = Computed("investment_source", lambda project: investment_of(project, "source"))
    planned_start = fields.Field(attribute="planned_start", column_name="planned_start", widget=DateWidget())
    planned_completion = fields.Field(
        attribute="planned_completion", column_name="planned_completion", widget=DateWidget()
    )
    planned_start_source = fields.Field(
        attribute="planned_start_source", column_name="planned_start_source", widget=SourceWidget()
    )
    planned_completion_source = fields.Field(
        attribute="planned_completion_source", column_name="planned_completion_source", widget=SourceWidget()
    )
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=DecimalWidget())
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=DecimalWidget())
    is_flagship = fields.Field(attribute="is_flagship", column_name="is_flagship", widget=YesNoWidget())
    is_published = fields.Field(attribute="is_published", column_name="is_published", widget=YesNoWidget())
    version = fields.Field(attribute="version", column_name="version", widget=widgets.IntegerWidget())

    class Meta:
        model = Project
        fields = COLUMN_NAMES
        import_id_fields = ["slug"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False

    # Import.

    def before_import(self, dataset, **kwargs):
        if (count := len(dataset)) > MAX_IMPORT_ROWS:
            del dataset[:]  # read none of them: django-import-export goes on to the rows after this error
            raise ValidationError(
                gettext("Rows in the file: %(count)d; an import takes at most %(limit)d: split the file.")
                % {"count": count, "limit": MAX_IMPORT_ROWS}
            )
        missing = [name for name in ("slug",) if name not in (dataset.headers or [])]
        if missing:
            raise ValidationError(gettext("The file has no “slug” column: start from the template."))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # The version is compared, never written (import_instance()).
        if field.column_name != "version":
            super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        for name, value in row.items():
            if looks_like_formula(value):
                errors[name] = gettext("A cell may not start with “%(char)s”: it would run as a formula.") % {
                    "char": value.lstrip(" \u00a0")[0]
                }
        user = kwargs.get("user")
        may_publish = user is None or user.has_perm("projects.publish_project")
        if not may_publish and str(row.get("is_published") or "").strip().lower() in YesNoWidget.YES:
            errors["is_published"] = gettext("You may not publish projects: leave is_published as no.")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors.update(error.message_dict)
        if instance.pk:
            stored = Project.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
            given = str(row.get("version") or "").strip()
            if given != str(stored):
                errors["version"] = gettext(
                    "This project is at version %(stored)s; the row is based on version %(given)s. Someone changed "
                    "it since the file was exported: export it again and redo this row."
                ) % {"stored": stored, "given": given or "—"}
        # A column the file leaves out leaves that part of the project as it is.
        rows = dict.fromkeys(("organisations", "sources", "investment_amount"))
        for column, read in (("organisations", read_roles), ("sources", read_sources), ("investment_amount", None)):
            if column not in row:
                continue
            try:
                rows[column] = read(row) if read else read_investment(row)
            except ValidationError as error:
                errors[column] = error.messages
        if instance.is_published and not errors:
            counts = {
                "sources": None if rows["sources"] is None else len(rows["sources"]),
                "participations": None if rows["organisations"] is None else len(rows["organisations"]),
            }
            gaps = instance.publication_gaps(**counts)
            if gaps:
                errors["is_published"] = gettext("A published project needs: %(gaps)s.") % {
                    "gaps": "; ".join(map(str, gaps.values()))
                }
        instance.imported_rows = rows
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        user = kwargs.get("user")
        reason = import_reason(kwargs)
        instance._change_reason = reason
        if user is not None and instance.has_changes():
            instance.updated_by = user
        with transaction.atomic():
            super().save_instance(instance, is_create, row, **kwargs)
            instance.rows_changed = save_rows(instance, instance.imported_rows, reason)
            instance.refresh_from_db(fields=HEADLINE_FIELDS)  # the preview shows the investment as saved

    def save_m2m(self, instance, row, **kwargs):
        before = set(instance.specializations.values_list("pk", flat=True))
        super().save_m2m(instance, row, **kwargs)
        # Its specializations, roles, sources and investment are part of the project: a new version.
        if instance.rows_changed or set(instance.specializations.values_list("pk", flat=True)) != before:
            instance._change_reason = import_reason(kwargs)
            instance.save_related_edit(kwargs.get("user"))


def looks_like_formula(value):
    """Whether a spreadsheet would run this text as a formula: it starts (after spaces) with one of
    FORMULA_STARTS and is not a number."""
    text = value.lstrip(" \u00a0") if isinstance(value, str) else ""
    return text.startswith(FORMULA_STARTS) and not is_number(text)


def import_reason(kwargs):
    """The history's reason for an import's changes: the file's name, within the reason column's 100 characters."""
    return (gettext("Import: %(file)s") % {"file": kwargs.get("file_name") or "?"})[:100]


def is_number(text):
    try:
        Decimal(text.strip())
    except InvalidOperation:
        return False
    return True


def read_roles(row):
    """[(organisation, role code)] from "slug:role; slug:role"."""
    roles, problems = [], []
    for item in split(row.get("organisations")):
        slug, _colon, role = item.partition(":")
        organisation = Organisation.objects.filter(slug=slug.strip()).first()
        role = role.strip() or Role.FUNDER
        if organisation is None:
            problems.append(gettext("Unknown organisation “%(slug)s”.") % {"slug": slug})
        elif role not in Role.values:
            problems.append(
                gettext("Unknown role “%(role)s”: use one of %(codes)s.")
                % {"role": role, "codes": ", ".join(Role.values)}
            )
        elif (organisation, role) in roles:
            problems.append(gettext("“%(item)s” is listed twice.") % {"item": item})
        else:
            roles.append((organisation, role))
    if problems:
        raise ValidationError(problems)
    return roles


def read_sources(row):
    sources, problems = [], []
    for url in split(row.get("sources")):
        try:
            sources.append(source_by_url(url))
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise ValidationError(problems)
    return sources


def read_investment(row):
    """The investment figure the row gives, unsaved (None when it gives none)."""
    amount = (
        DecimalWidget().clean(row.get("investment_amount")) if row.get("investment_amount") not in (None, "") else None
    )
    currency = str(row.get("investment_currency") or "").strip().upper()
    qualifier = str(row.get("investment_qualifier") or "").strip() or Qualifier.EXACT
    source_url = str(row.get("investment_source") or "").strip()
    if amount is None:
        if currency or source_url:
            raise ValidationError(gettext("A currency or a source without an amount: give the amount too."))
        return None
    if amount < 0:
        raise ValidationError(gettext("The amount cannot be negative."))
    if qualifier not in Qualifier.values:
        raise ValidationError(
            gettext("Unknown qualifier “%(value)s”: use one of %(codes)s.")
            % {"value": qualifier, "codes": ", ".join(Qualifier.values)}
        )
    if not source_url:
        raise ValidationError(gettext("Name the source of the investment (investment_source)."))
    try:
        source = source_by_url(source_url)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    figure = ProjectFigure(
        kind=ProjectFigureKind.INVESTMENT, value=amount, currency=currency, qualifier=qualifier, source=source
    )
    try:
        figure.full_clean(exclude=["project"])
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    return figure


def save_rows(project, rows, reason):
    """Bring the project's roles, sources and investment in line with the row (those of its columns the file
    has: None for the others); True when any changed."""
    changed = False
    if rows["organisations"] is not None:
        changed |= save_roles(project, rows["organisations"], reason)
    if rows["sources"] is not None:
        changed |= save_sources(project, rows["sources"], reason)
    if rows["investment_amount"] is not None:
        changed |= save_investment(project, rows["investment_amount"], reason)
    return changed


def save_roles(project, roles, reason):
    changed = False
    wanted = [(organisation.pk, role) for organisation, role in roles]
    current = {(row.organisation_id, row.role): row for row in project.participations.all()}
    for key, row in current.items():
        if key not in wanted:
            row._change_reason = reason
            row.delete()
            changed = True
    for order, key in enumerate(wanted):
        row = current.get(key) or Participation(project=project, organisation_id=key[0], role=key[1])
        if row.pk is None or row.order != order:
            row.order = order
            row._change_reason = reason
            row.save()
            changed = True
    return changed


def save_sources(project, sources, reason):
    changed = False
    wanted_sources = [source.pk for source in sources]
    for entry in project.source_entries.all():
        if entry.source_id not in wanted_sources:
            entry._change_reason = reason
            entry.delete()
            changed = True
    present = set(project.source_entries.values_list("source_id", flat=True))
    for source_id in wanted_sources:
        if source_id not in present:
            entry = ProjectSource(project=project, source_id=source_id)
            entry._change_reason = reason
            entry.save()
            present.add(source_id)
            changed = True
    return changed


def save_investment(project, figure, reason):
    """The row's investment figure: that source's investment figure of the project, updated or added."""
    existing = project.figures.filter(kind=ProjectFigureKind.INVESTMENT, source=figure.source).first()
    given = (figure.value, figure.currency, figure.qualifier)
    if existing is not None and (existing.value, existing.currency, existing.qualifier) == given:
        return False
    target = existing or figure
    target.project = project
    target.value, target.currency, target.qualifier = given
    target._change_reason = reason
    target.save()
    return True
