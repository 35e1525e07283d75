"""Downloads of exactly what the registry shows: /<lang>/projects/export.csv and export.json take the registry's
parameters, filter and order as it does, and stream, so that 100,000 projects leave in bounded memory.

The CSV has the import's columns (projects/spreadsheet.py, COLUMNS), so that a download can be edited and
imported back by the Project Office, then EXPORT_COLUMNS: the same project as read in the URL's language.
"""

import csv
import datetime
import json
import re
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from districts.models import Specialization

from .filters import filterset_for_machines
from .models import Milestone, Participation, Project, ProjectFigure, ProjectSource, Status
from .spreadsheet import (
    COLUMN_RELATIONS,
    Column,
    Kind,
    ProjectResource,
    drop_rows,
    looks_like_formula,
    prefetch_rows,
    rows,
)

EXPORT_COLUMNS = [
    Column("url", _("The project's page in the registry."), Kind.URL),
    Column("title", _("The title in the download's language."), Kind.TEXT, "Logistics hub"),
    Column("summary", _("The summary in the download's language."), Kind.TEXT),
    Column("district_name", _("The district's name in the download's language."), Kind.TEXT, "Growing District"),
    Column("status_name", _("The status as the download's language names it."), Kind.TEXT, "Planned"),
]
ROWS_PER_QUERY = 1000  # a chunk of projects with their rows in memory at a time: a query per relation per chunk
# The relations of a project that the downloads show.
EXPORTED_RELATIONS = ("specializations", "participations", "source_entries", "figures", "milestones")


def neutralised(value):
    """A cell that a spreadsheet would run as a formula (=, +, -, @ at the start) made plain text with a
    leading apostrophe; numbers stay numbers."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


class Echo:
    """A file-like object whose write() returns what it was given, for csv.writer inside a generator."""

    def write(self, value):
        return value


def export_queryset(relations=EXPORTED_RELATIONS, as_lists=False):
    """Published projects in the registry's default order, each with its district, the sources of its dates and
    investment, and its rows of `relations`, a query per relation per chunk of projects: in Django's prefetch
    cache (project.figures.all()), or with `as_lists` in plain lists that spreadsheet.rows() reads, which a
    download of every project needs."""
    querysets = {
        "specializations": Specialization.objects.all(),
        "participations": Participation.objects.select_related("organisation"),
        "source_entries": ProjectSource.objects.select_related("source"),
        "figures": ProjectFigure.objects.select_related("source"),
        "milestones": Milestone.objects.select_related("source"),
    }
    prefetch = prefetch_rows if as_lists else Prefetch
    return (
        Project.objects.published()
        .order_by_title()
        .select_related("investment_source", "planned_start_source", "planned_completion_source")
        # A few districts: a query per chunk, where a join would repeat a district's row for each project.
        .prefetch_related("district", *(prefetch(relation, querysets[relation]) for relation in relations))
    )


def exported_projects(request, relations=EXPORTED_RELATIONS, as_lists=False):
    """(projects, None) for the registry's parameters, or (None, a 400 response with the registry's messages, or
    a 301 for a renamed parameter)."""
    filterset, refusal = filterset_for_machines(request, export_queryset(relations, as_lists))
    return (filterset.qs if filterset else None), refusal


def exported_project(slug, relations=EXPORTED_RELATIONS):
    """One published project as the downloads read it, as a queryset (so that it streams like the others); 404
    for a draft or an unknown slug."""
    projects = export_queryset(relations, as_lists=True).filter(slug=slug)
    if not projects.exists():
        raise Http404
    return projects


def address(request):
    """The request's address in full, from its parsed parameters: a client that sends raw UTF-8 in the query
    (not %-escaped, as browsers do) would otherwise get its letters back garbled."""
    query = request.GET.urlencode()
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def file_name(request, extension, slug=None):
    """alatau-projects-gate-2026-11-25.csv: the districts filtered to, and today's date; for one project
    alatau-project-<slug>-2026-11-25.json."""
    named = ["alatau-project", slug] if slug else ["alatau-projects", *sorted(set(request.GET.getlist("district")))[:4]]
    parts = [*named, timezone.localdate().isoformat()]
    return "-".join(part for part in parts if re.fullmatch(r"[\w-]+", part, re.ASCII)) + f".{extension}"


def streamed(pieces, request, extension, content_type, slug=None):
    response = StreamingHttpResponse(in_blocks(pieces), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(request, extension, slug)}"'
    return response


def in_blocks(pieces, size=64 * 1024):
    """The pieces joined into blocks of `size` characters or more (the last one shorter): gunicorn sends each
    piece a download yields in a system call of its own, which at a piece per project took a fifth of the time."""
    block, length = [], 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def one_by_one(projects, relations):
    """The projects, read a chunk at a time (with their rows of `relations`, exported_projects()); each one's
    rows are dropped once the caller is done with it (spreadsheet.drop_rows())."""
    for project in projects.iterator(chunk_size=ROWS_PER_QUERY):
        yield project
        drop_rows(project, relations)


def cell_functions(resource):
    """project → cell for each of the resource's export fields: what resource.export_field() gives, with its
    look-up of the field's name and dehydrate method done once per download rather than once per cell."""
    functions = []
    for field in resource.get_export_fields():
        method = field.get_dehydrate_method(resource.get_field_name(field))
        method = method if callable(method) else getattr(resource, method, None)
        functions.append(method or field.export)
    return functions


def project_url(request):
    """project → the absolute URL of its page, with reverse() and build_absolute_uri() run once: the path of a
    placeholder slug, split around it (the path only: a host may hold any text)."""
    placeholder = "slug-placeholder"
    before, after = reverse("projects:detail", kwargs={"slug": placeholder}).split(placeholder)
    before = request.build_absolute_uri(before)
    return lambda project: before + project.slug + after


def status_names():
    """{status code: its name in the active language}, as project.get_status_display() gives it."""
    return {code: str(name) for code, name in Status.choices}


def csv_rows(projects, request):
    resource = ProjectResource()
    cells = cell_functions(resource)
    url, names = project_url(request), status_names()
    writer = csv.writer(Echo())
    yield "\ufeff"  # the BOM: spreadsheet programs then read the file as UTF-8
    yield writer.writerow(
        [field.column_name for field in resource.get_export_fields()] + [column.name for column in EXPORT_COLUMNS]
    )
    for project in one_by_one(projects, COLUMN_RELATIONS):
        own = [cell(project) for cell in cells]
        read = [url(project), project.title, project.summary, project.district.name, names[project.status]]
        yield writer.writerow([neutralised(value) for value in own + read])


def export_csv(request):
    projects, refusal = exported_projects(request, COLUMN_RELATIONS, as_lists=True)
    if refusal:
        return refusal
    return streamed(csv_rows(projects, request), request, "csv", "text/csv; charset=utf-8")


def json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


def source_json(source):
    if source is None:
        return None
    return {"title": source.title, "publisher": source.publisher, "url": source.url, "date": source.published_on}


def project_json(project, url, status_names):
    """A project as the JSON download writes it; `url` and `status_names` as project_url() and status_names()
    give them."""
    return {
        "id": project.slug,
        "url": url(project),
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "district": {"id": project.district.slug, "name": project.district.name},
        "status": {
            "code": project.status,
            "name": status_names[project.status],
            "editorial": project.status_is_editorial,
        },
        "flagship": project.is_flagship,
        "specializations": [{"id": item.slug, "name": item.name} for item in rows(project, "specializations")],
        "organisations": [
            {"id": role.organisation.slug, "name": role.organisation.name, "role": role.role}
            for role in rows(project, "participations")
        ],
        "figures": [
            {
                "kind": figure.kind,
                "value": figure.value,
                "currency": figure.currency,
                "qualifier": figure.qualifier,
                "as_of": figure.as_of,
                "source": source_json(figure.source),
            }
            for figure in rows(project, "figures")
        ],
        "planned_start": {"date": project.planned_start, "source": source_json(project.planned_start_source)}
        if project.planned_start
        else None,
        "planned_completion": {
            "date": project.planned_completion,
            "source": source_json(project.planned_completion_source),
        }
        if project.planned_completion
        else None,
        "location": {
            "latitude": project.latitude,
            "longitude": project.longitude,
            "indicative": project.location_is_indicative,
        }
        if project.latitude is not None
        else None,
        "timeline": [
            {
                "date": entry.date,
                "precision": entry.date_precision,
                "planned": entry.is_planned,
                "title": entry.title,
                "status": entry.status or None,
                "source": source_json(entry.source),
            }
            for entry in rows(project, "milestones")
        ],
        "sources": [source_json(entry.source) for entry in rows(project, "source_entries")],
        "updated": project.updated_at,
    }


def json_chunks(projects, request):
    filters = {key: values if len(values) > 1 else values[0] for key, values in request.GET.lists() if key != "page"}
    metadata = {
        "title": gettext("Alatau City district registry: projects"),
        "publisher": settings.DATA_PUBLISHER,
        "licence": settings.DATA_LICENCE,
        "source": address(request),
        "generated": timezone.now(),
        "language": request.LANGUAGE_CODE,
        "filters": filters,
        "count": projects.count(),
    }
    head = json.dumps(metadata, ensure_ascii=False, default=json_default)
    yield head[:-1] + ', "projects": ['
    url, names = project_url(request), status_names()
    for n, project in enumerate(one_by_one(projects, EXPORTED_RELATIONS)):
        text = json.dumps(project_json(project, url, names), ensure_ascii=False, default=json_default)
        yield ("," if n else "") + text
    yield "]}\n"


def export_json(request):
    projects, refusal = exported_projects(request, as_lists=True)
    if refusal:
        return refusal
    return streamed(json_chunks(projects, request), request, "json", "application/json; charset=utf-8")


def export_project_json(request, slug):
    """/<lang>/projects/<slug>/data.json: the project's record as the JSON download holds it."""
    projects = exported_project(slug)
    return streamed(json_chunks(projects, request), request, "json", "application/json; charset=utf-8", slug)
