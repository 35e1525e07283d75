"""Changes as people read them: "Status: Planned → Being implemented", with the field's label and values in the
reader's language, never "None", "True" or a code.

Used by the admin's history, the message an editor gets when someone else saved first, and the public list of
changes on a project page.
"""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from .models import Project, ProjectFigure


class Change(NamedTuple):
    label: str
    old: str
    new: str


class Entry(NamedTuple):
    """One recorded change of a row: when, by whom, why, what ("Role: PepsiCo — Funder"), how ("+" added,
    "~" changed, "-" removed) and the fields it changed (for an added row, those it was given)."""

    when: datetime.datetime
    who: object
    reason: str
    what: str
    how: str
    changes: list


def label_of(field):
    """The field's name for people, with the language of a translated column: "Title (Kazakh)"."""
    language = getattr(field, "language", None)
    if language:
        name = dict(settings.LANGUAGES).get(language, language)
        return f"{capfirst(field.translated_field.verbose_name)} ({name})"
    return str(capfirst(field.verbose_name))


def value_text(field, value, empty=None, date_format="SHORT_DATE_FORMAT"):
    """A stored value as people read it: a choice's label, "yes" or "no", a related row's name, a date in the
    language's format; `empty` (by default "(empty)") for nothing."""
    if value is None or value == "":
        return empty or _("(empty)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else _("(deleted)")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, date_format)
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize(), use_l10n=True, force_grouping=True)
    return str(value)


def edited_fields(model):
    """The fields an editor writes, in the model's order: no keys, audit or derived columns, and of a translated
    field its language columns only."""
    skipped = set(getattr(model, "NOT_EDITS", ()))
    try:  # modeltranslation's base column (`title`) repeats one language's: its columns say it per language
        skipped |= set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        pass
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in skipped
        and field.attname not in skipped
        and field.name != "project"
    ]


def changes_between(old_record, new_record, model):
    """The edited fields between two history records of one row, in the model's field order (audit columns
    and those the model does not count as edits left out)."""
    delta = new_record.diff_against(old_record)
    changed = {change.field: change for change in delta.changes}
    result = []
    for field in edited_fields(model):
        change = changed.get(field.name) or changed.get(field.attname)
        if change is None:
            continue
        old, new = value_text(field, change.old), value_text(field, change.new)
        if old != new:  # an empty text stored as NULL before and as "" now is no change to a reader
            result.append(Change(label_of(field), old, new))
    return result


def values_of(record, model):
    """What an added row was given: its filled-in fields as changes from nothing."""
    return [
        Change(label_of(field), "", value_text(field, value))
        for field in edited_fields(model)
        if (value := getattr(record, field.attname, None)) not in (None, "")
    ]


def entries(records, model, what, list_added=True):
    """The Entries of one model's history records (several rows mixed), oldest first; `what(record)` names the
    row, and an added row lists what it was given when `list_added`. A change that touched no field an editor
    writes (a new version for its rows' sake) is left out."""
    previous = {}
    result = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if record.history_type == "+":
            changes = values_of(record, model) if list_added else []
        elif record.history_type == "~":
            changes = changes_between(before, record, model) if before is not None else []
            if not changes:
                continue
        else:
            changes = []
        reason = record.history_change_reason or ""
        result.append(
            Entry(record.history_date, record.history_user, reason, what(record), record.history_type, changes)
        )
    return result


def row_name(model):
    """How an entry names a row of `model`: "Role: PepsiCo — Funder"."""

    def name(record):
        try:
            described = str(record.instance)
        except ObjectDoesNotExist:  # it named an organisation or a source deleted since
            described = _("(deleted)")
        return f"{capfirst(model._meta.verbose_name)}: {described}"

    return name


def history_of(obj, rows=()):
    """Every recorded change of `obj` and of the rows that belong to it (`rows`: models with a `project` key),
    newest first."""

    def records(model, **filters):
        return model.history.filter(**filters).select_related("history_user").order_by("history_date", "history_id")

    model = type(obj)
    name = str(capfirst(model._meta.verbose_name))
    result = entries(records(model, id=obj.pk), model, lambda record: name, list_added=False)
    for row in rows:
        result += entries(records(row, project_id=obj.pk), row, row_name(row))
    return sorted(result, key=lambda entry: entry.when, reverse=True)


class PublicChange(NamedTuple):
    """A change of a public fact, for the project's page. `kind` is "published" (its first publication),
    "fact" (`old` and `new` are texts) or "figure" (`old` and `new` are ProjectFigures, None when it was added or
    removed); `label` names the fact."""

    when: datetime.datetime
    kind: str
    label: str
    old: object
    new: object


# Rows saved with a project as it is published (the admin saves the project, then its figures) belong to its
# publication, not to its later changes.
SETTLES = datetime.timedelta(minutes=1)

# The facts of a project whose changes its page lists (with its figures).
PUBLIC_FACTS = ("status", "planned_start", "planned_completion")


def public_changes(project, limit=10):
    """Changes of a project's public facts (status, planned dates, figures) made while it was published, newest
    first: what and when, never who, and nothing of its time as a draft."""
    return public_changes_of([project], limit)[project.pk]


def public_changes_of(projects, limit=10):
    """public_changes() of several projects, {pk: changes}, in two queries however many they are (a feed's)."""
    ids = [project.pk for project in projects]
    records, figure_records = defaultdict(list), defaultdict(list)
    for record in Project.history.filter(id__in=ids).order_by("history_date", "history_id"):
        records[record.id].append(record)
    for record in ProjectFigure.history.filter(project_id__in=ids).order_by("history_date", "history_id"):
        figure_records[record.project_id].append(record)
    return {pk: public_changes_in(records[pk], figure_records[pk], limit) for pk in ids}


def public_changes_in(records, figure_records, limit):
    """The public changes that a project's history records and its figures' tell, oldest records first."""
    # When the project was public: (from, until) for each stretch of published records.
    public, since, previous = [], None, None
    result = []
    for record in records:
        if record.is_published and since is None:
            since = record.history_date
            if not public:
                result.append(PublicChange(record.history_date, "published", "", None, None))
        if not record.is_published and since is not None:
            public.append((since, record.history_date))
            since = None
        if previous is not None and previous.is_published and record.is_published:
            for name in PUBLIC_FACTS:
                field = Project._meta.get_field(name)
                old, new = getattr(previous, name), getattr(record, name)
                if old != new:
                    old, new = (value_text(field, value, _("not published"), "DATE_FORMAT") for value in (old, new))
                    result.append(PublicChange(record.history_date, "fact", label_of(field), old, new))
        previous = record
    if since is not None:
        public.append((since, None))

    def was_public(moment):
        return any(start + SETTLES <= moment and (end is None or moment < end) for start, end in public)

    figures = {}
    for record in figure_records:
        before = figures.get(record.id)
        figures[record.id] = record
        if not was_public(record.history_date):
            continue
        label = value_text(ProjectFigure._meta.get_field("kind"), record.kind)
        if record.history_type == "+":
            result.append(PublicChange(record.history_date, "figure", label, None, record.instance))
        elif record.history_type == "-":
            result.append(PublicChange(record.history_date, "figure", label, record.instance, None))
        elif before is not None and changes_between(before, record, ProjectFigure):
            result.append(PublicChange(record.history_date, "figure", label, before.instance, record.instance))
    return sorted(result, key=lambda change: change.when, reverse=True)[:limit]


def summary(entries):
    """Entries in one line each: "Role: PepsiCo — Funder: Role: Funder → Supplier", "Source: Kazpravda: added"."""
    lines = []
    for entry in entries:
        if entry.how == "+":
            lines.append(_("%(what)s: added") % {"what": entry.what})
        elif entry.how == "-":
            lines.append(_("%(what)s: removed") % {"what": entry.what})
        else:
            changes = "; ".join(f"{change.label}: {change.old} → {change.new}" for change in entry.changes)
            lines.append(f"{entry.what}: {changes}")
    return lines
