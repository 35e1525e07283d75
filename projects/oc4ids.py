"""The registry as an OC4IDS 0.9 project package: /<lang>/projects/oc4ids.json, with the registry's filters.

The Open Contracting for Infrastructure Data Standard's traps, as the project's shared facts list them: positions are
[longitude, latitude]; locations, milestones, documents and parties carry ids; an empty list is left out, never
written as []; codes are never translated; one package per language, with the same project ids in each.

What goes where:
- a project's id is `oc4ids-<OC4IDS_PREFIX>-<its database id>`, which no edit and no language changes;
- its point and its district's outline go in `locations`, both described as indicative;
- its organisations go in `parties` with their roles (partyRole codes); a public authority is also
  `publicAuthority`;
- every source cited for it (its list, its figures, its dates and timeline) goes in `documents`;
- its timeline goes in `milestones`: a plan is "scheduled" with a `dueDate`, a reported event "met" with a
  `dateMet`;
- its headline investment is `budget.amount`; its planned start and completion are `period`;
- its specializations' OC4IDS sectors are `sector`; the specializations themselves `additionalClassifications`.
"""

import datetime
import json
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db.models import Max
from django.http import HttpResponseNotFound
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alatau.templatetags.facts import entry_date
from districts.models import DatePrecision, Qualifier

from .exports import EXPORTED_RELATIONS, address, exported_project, exported_projects, one_by_one, streamed
from .models import Role
from .spreadsheet import rows

OC4IDS_VERSION = "0.9"
SPECIALIZATION_SCHEME = "alatau-registry-specialization"
SLUG_SCHEME = "alatau-registry-slug"
# What the registry states and where a package puts it: the data page (/<lang>/data/) shows this table.
MAPPING = [
    (_("The project, by its number in the registry"), "id", _("oc4ids-<prefix>-<number>, the same in every language")),
    (_("Its address in the registry (slug)"), "identifiers[].id", SLUG_SCHEME),
    (_("Last real change"), "updated", ""),
    (_("Title; description, or the summary when there is none"), "title, description", ""),
    (_("Status"), "status", _("projectStatus code")),
    (_("Specializations"), "sector, additionalClassifications", _("projectSector code of each specialization")),
    (_("Headline investment, as its source states it"), "budget.amount, budget.description", ""),
    (_("Planned start and completion"), "period.startDate, period.endDate", ""),
    (_("Location, and the district's outline"), "locations", _("indicative; [longitude, latitude]")),
    (_("Organisations and their roles"), "parties, publicAuthority", _("partyRole codes")),
    (_("Every source cited for the project"), "documents", ""),
    (_("Timeline"), "milestones", _("a plan is “scheduled” (dueDate), an event “met” (dateMet)")),
]


def project_id(project):
    return f"oc4ids-{settings.OC4IDS_PREFIX}-{project.pk}"


def uri(url):
    """`url` as an RFC 3986 URI, as the schema's "uri" format wants it: the host in IDNA (xn--), the rest
    %-escaped; None for one that cannot be written so (the field is then left out)."""
    parts = urlsplit(url)
    try:
        host = parts.netloc.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return iri_to_uri(urlunsplit(parts._replace(netloc=host)))


def document_id(source):
    return f"source-{source.pk}"


def date_time(value):
    """A date as the start of that day in the city's time zone; a datetime as it is (RFC 3339 both)."""
    if not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
    return value.isoformat()


def number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def without_empty(record):
    """The record without the keys whose value is None, "" or an empty list or object."""
    return {key: value for key, value in record.items() if value not in (None, "", [], {})}


class Package:
    """Builds the OC4IDS records of one request's projects; remembers what every project shares (district
    locations, the URL of the registry) so that each is made once."""

    def __init__(self, request):
        self.request = request
        self.site = request.build_absolute_uri("/")[:-1]
        self.district_locations = {}

    def metadata(self, last_change):
        return without_empty(
            {
                "uri": address(self.request),
                "publishedDate": date_time(last_change),
                "version": OC4IDS_VERSION,
                "publisher": without_empty(
                    {"name": settings.DATA_PUBLISHER["name"], "uri": settings.DATA_PUBLISHER.get("url")}
                ),
                "license": settings.DATA_LICENCE["url"],
                "publicationPolicy": self.site + reverse("data"),
            }
        )

    def record(self, project):
        roles = rows(project, "participations")
        authority = next((role.organisation for role in roles if role.role == Role.PUBLIC_AUTHORITY), None)
        return without_empty(
            {
                "id": project_id(project),
                "identifiers": [{"id": project.slug, "scheme": SLUG_SCHEME}],
                "updated": date_time(project.updated_at),
                "language": self.request.LANGUAGE_CODE,
                "title": project.title,
                "description": project.description or project.summary,
                "status": project.status,
                "sector": sorted({item.sector for item in rows(project, "specializations") if item.sector}),
                "additionalClassifications": [
                    {"scheme": SPECIALIZATION_SCHEME, "id": item.slug, "description": item.name}
                    for item in rows(project, "specializations")
                ],
                "publicAuthority": {"id": authority.slug, "name": authority.name} if authority else None,
                "budget": self.budget(project),
                "period": without_empty(
                    {
                        "startDate": project.planned_start and date_time(project.planned_start),
                        "endDate": project.planned_completion and date_time(project.planned_completion),
                    }
                ),
                "locations": self.locations(project),
                "parties": self.parties(roles),
                "documents": self.documents(project),
                "milestones": [self.milestone(entry) for entry in rows(project, "milestones")],
            }
        )

    def budget(self, project):
        """The headline investment, saying how and by which document (in `documents`) it is stated."""
        figure = project.headline_investment
        if figure is None or figure.source is None:
            return None
        source = gettext("%(publisher)s (document %(id)s)") % {
            "publisher": figure.source.publisher or figure.source.title or figure.source.url,
            "id": document_id(figure.source),
        }
        stated = {
            Qualifier.ABOUT: gettext("About this amount, as stated by %(source)s"),
            Qualifier.MORE_THAN: gettext("More than this amount, as stated by %(source)s"),
        }.get(figure.qualifier, gettext("As stated by %(source)s")) % {"source": source}
        return {"amount": {"amount": number(figure.value), "currency": figure.currency}, "description": stated}

    def locations(self, project):
        locations = []
        if project.latitude is not None and project.longitude is not None:
            described = (
                gettext("Indicative location of the project")
                if project.location_is_indicative
                else gettext("Location of the project")
            )
            point = [number(project.longitude), number(project.latitude)]
            locations.append(
                {"id": "site", "description": described, "geometry": {"type": "Point", "coordinates": point}}
            )
        district = self.district_location(project.district)
        if district:
            locations.append(district)
        return locations

    def district_location(self, district):
        if district.pk not in self.district_locations:
            self.district_locations[district.pk] = district.outline and {
                "id": f"district-{district.slug}",
                "description": gettext("%(district)s: an indicative outline, not a legal boundary")
                % {"district": district.name},
                "geometry": district.outline,
                "uri": self.site + district.get_absolute_url(),
            }
        return self.district_locations[district.pk]

    def parties(self, roles):
        """One party per organisation, with every role it has in the project."""
        parties = {}
        for role in roles:
            organisation = role.organisation
            if organisation.pk not in parties:
                parties[organisation.pk] = {"id": organisation.slug, "name": organisation.name, "roles": []}
                if organisation.website and uri(organisation.website):
                    parties[organisation.pk]["contactPoint"] = {"url": uri(organisation.website)}
            if role.role not in parties[organisation.pk]["roles"]:
                parties[organisation.pk]["roles"].append(role.role)
        return list(parties.values())

    def documents(self, project):
        cited = [entry.source for entry in rows(project, "source_entries")]
        cited += [figure.source for figure in rows(project, "figures")]
        cited += [entry.source for entry in rows(project, "milestones")]
        cited += [project.investment_source, project.planned_start_source, project.planned_completion_source]
        documents = {}
        for source in cited:
            if source is not None and source.pk not in documents:
                documents[source.pk] = without_empty(
                    {
                        "id": document_id(source),
                        "title": source.title,
                        "description": source.publisher,
                        "url": uri(source.url),
                        "datePublished": source.published_on and date_time(source.published_on),
                        "language": source.language,
                    }
                )
        return list(documents.values())

    def milestone(self, entry):
        """A plan is "scheduled" on its dueDate, an event "met" on its dateMet; `dateModified` is the date of the
        source that states it. A month or a year is its first day, and the description says which it is."""
        planned = entry.is_planned
        description = entry.description
        if entry.date_precision != DatePrecision.DAY:
            given = gettext("The source gives the date as: %(date)s.") % {"date": entry_date(entry)}
            description = f"{description} {given}".strip()
        published = entry.source and entry.source.published_on
        return without_empty(
            {
                "id": str(entry.pk),
                "title": entry.title,
                "description": description,
                "status": "scheduled" if planned else "met",
                "dueDate" if planned else "dateMet": date_time(entry.date),
                "dateModified": published and date_time(published),
            }
        )


def package_chunks(projects, package, last_change):
    head = json.dumps(package.metadata(last_change), ensure_ascii=False)
    yield head[:-1] + ', "projects": ['
    for n, project in enumerate(one_by_one(projects, EXPORTED_RELATIONS)):
        yield ("," if n else "") + json.dumps(package.record(project), ensure_ascii=False)
    yield "]}\n"


def streamed_package(request, projects, slug=None):
    """The package of `projects`, dated by their latest change. A package holds at least one project: for none,
    the reason in words instead of an invalid package."""
    last_change = projects.aggregate(last=Max("updated_at"))["last"]
    if last_change is None:
        return HttpResponseNotFound(
            gettext("No published project matches these filters, and an OC4IDS package cannot be empty.") + "\n",
            content_type="text/plain; charset=utf-8",
        )
    chunks = package_chunks(projects, Package(request), last_change)
    return streamed(chunks, request, "oc4ids.json", "application/json; charset=utf-8", slug)


def export_oc4ids(request):
    projects, refusal = exported_projects(request, as_lists=True)
    return refusal or streamed_package(request, projects)


def export_project_oc4ids(request, slug):
    """/<lang>/projects/<slug>/oc4ids.json: a package of that one project."""
    return streamed_package(request, exported_project(slug), slug)
