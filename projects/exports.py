"""Downloads of exactly what the registry shows: /<lang>/projects/export.csv and export.json take the registry's
parameters, filter and order as it does, and stream, so that 100,000 projects leave in bounded memory.

The CSV has the import's columns (projects/spreadsheet.py, COLUMNS), so that a download can be edited and
imported back by the Project Office, then EXPORT_COLUMNS: the same project as read in the URL's language.
"""

import csv
import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .filters import ProjectFilterSet
from .models import Milestone, Participation, Project, ProjectFigure, ProjectSource
from .spreadsheet import Column, ProjectResource, looks_like_formula

EXPORT_COLUMNS = [
    Column("url", _("The project's page in the registry.")),
    Column("title", _("The title in the download's language.")),
    Column("summary", _("The summary in the download's language.")),
    Column("district_name", _("The district's name in the download's language.")),
    Column("status_name", _("The status as the download's language names it.")),
]
ROWS_PER_QUERY = 200  # a chunk of projects with their rows in memory at a time


def neutralised(value):
    """A cell that a spreadsheet would run as a formula (=, +, -, @ at the start) made plain text with a
    leading apostrophe; numbers stay numbers."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


class Echo:
    """A file-like object whose write() returns what it was given, for csv.writer inside a generator."""

    def write(self, value):
        return value


def exported_projects(request):
    """(projects, None) for the registry's parameters, or (None, a 400 response with the registry's messages)."""
    queryset = (
        Project.objects.published()
        .order_by_title()
        .select_related("district", "investment_source", "planned_start_source", "planned_completion_source")
        .prefetch_related(
            "specializations",
            Prefetch("participations", Participation.objects.select_related("organisation")),
            Prefetch("source_entries", ProjectSource.objects.select_related("source")),
            Prefetch("figures", ProjectFigure.objects.select_related("source")),
            Prefetch("milestones", Milestone.objects.select_related("source")),
        )
    )
    filterset = ProjectFilterSet(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        messages = [str(message) for errors in filterset.form.errors.values() for message in errors]
        return None, HttpResponseBadRequest("\n".join(messages) + "\n", content_type="text/plain; charset=utf-8")
    return filterset.qs, None


def file_name(request, extension):
    """alatau-projects-gate-2026-11-25.csv: the districts filtered to, and today's date."""
    parts = ["alatau-projects", *sorted(set(request.GET.getlist("district")))[:4], timezone.localdate().isoformat()]
    return "-".join(part for part in parts if part.replace("-", "").isalnum()) + f".{extension}"


def streamed(rows, request, extension, content_type):
    response = StreamingHttpResponse(rows, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name(request, extension)}"'
    return response


def csv_rows(projects, request):
    resource = ProjectResource()
    fields = resource.get_export_fields()
    writer = csv.writer(Echo())
    yield "\ufeff"  # the BOM: spreadsheet programs then read the file as UTF-8
    yield writer.writerow([field.column_name for field in fields] + [column.name for column in EXPORT_COLUMNS])
    for project in projects.iterator(chunk_size=ROWS_PER_QUERY):
        own = [resource.export_field(field, project) for field in fields]
        read = [
            request.build_absolute_uri(project.get_absolute_url()),
            project.title,
            project.summary,
            project.district.name,
            project.get_status_display(),
        ]
        yield writer.writerow([neutralised(value) for value in own + read])


def export_csv(request):
    projects, refusal = exported_projects(request)
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


def project_json(project, request):
    return {
        "id": project.slug,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "district": {"id": project.district.slug, "name": project.district.name},
        "status": {
            "code": project.status,
            "name": project.get_status_display(),
            "editorial": project.status_is_editorial,
        },
        "flagship": project.is_flagship,
        "specializations": [{"id": item.slug, "name": item.name} for item in project.specializations.all()],
        "organisations": [
            {"id": role.organisation.slug, "name": role.organisation.name, "role": role.role}
            for role in project.participations.all()
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
            for figure in project.figures.all()
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
            for entry in project.milestones.all()
        ],
        "sources": [source_json(entry.source) for entry in project.source_entries.all()],
        "updated": project.updated_at,
    }


def json_chunks(projects, request):
    filters = {key: values if len(values) > 1 else values[0] for key, values in request.GET.lists() if key != "page"}
    metadata = {
        "title": gettext("Alatau City district registry: projects"),
        "publisher": settings.DATA_PUBLISHER,
        "licence": settings.DATA_LICENCE,
        "source": request.build_absolute_uri(request.get_full_path()),
        "generated": timezone.now(),
        "language": request.LANGUAGE_CODE,
        "filters": filters,
        "count": projects.count(),
    }
    head = json.dumps(metadata, ensure_ascii=False, default=json_default)
    yield head[:-1] + ', "projects": ['
    for n, project in enumerate(projects.iterator(chunk_size=ROWS_PER_QUERY)):
        yield ("," if n else "") + json.dumps(project_json(project, request), ensure_ascii=False, default=json_default)
    yield "]}\n"


def export_json(request):
    projects, refusal = exported_projects(request)
    if refusal:
        return refusal
    return streamed(json_chunks(projects, request), request, "json", "application/json; charset=utf-8")
