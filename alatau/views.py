"""The pages that bring the apps together: home, districts, About and open data; and the answers for machines,
robots.txt and the health check. What is public comes from projects.models (`published()`, `public()`)."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from districts import maps
from districts.caching import cached, private
from districts.citations import Citations
from districts.models import CityEvent, CityFigure, CityFigureKind, District, figures_by_kind
from projects import figures
from projects.exports import EXPORT_COLUMNS
from projects.maps import MAP_POINTS, project_features, registry_link
from projects.models import Organisation, Project, Status, public_sources
from projects.oc4ids import MAPPING
from projects.spreadsheet import COLUMNS
from projects.views import ProjectRegistryView

from . import display
from .context_processors import last_reviewed
from .faults import database_answers

FLAGSHIPS_SHOWN = 8
LATEST_UPDATES_SHOWN = 5


class DistrictListView(ListView):
    template_name = "districts/district_list.html"
    context_object_name = "district_list"

    def get_queryset(self):
        # Counting every district's projects reads the whole registry: once per registry version.
        return cached("districts", lambda: list(figures.with_project_counts(District.objects.for_listing())))

    def get_context_data(self, **kwargs):
        return super().get_context_data(map_data=maps.feature_collection(self.object_list), **kwargs)


class HomeView(DistrictListView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        published = Project.objects.published().select_related("district")
        return super().get_context_data(
            key_figures=cached("key-figures", lambda: figures.key_figures(Project.objects)),
            district_bars=figures.district_bars(self.object_list),
            flagships=published.filter(is_flagship=True).order_by("district__order", "title")[:FLAGSHIPS_SHOWN],
            latest_updates=published.recently_updated()[:LATEST_UPDATES_SHOWN],
            **kwargs,
        )


class DistrictDetailView(DetailView):
    queryset = District.objects.for_listing()

    def get_context_data(self, **kwargs):
        projects = Project.objects.published().filter(district=self.object)
        district = self.object.slug
        status_bars = cached(f"district-statuses:{district}", lambda: figures.status_bars(projects))
        return super().get_context_data(
            # The first page of the registry filtered to the district, in the registry's order.
            projects=projects.with_covers().order_by_title()[: ProjectRegistryView.paginate_by],
            project_count=sum(bar.count for bar in status_bars),
            status_bars=status_bars,
            specialization_bars=cached(
                f"district-specializations:{district}", lambda: figures.specialization_bars(projects)
            ),
            map_data=cached(
                f"district-map:{district}",
                lambda: maps.feature_collection([self.object], project_features(projects), registry_link),
            ),
            map_points=MAP_POINTS,
            citations=Citations(figure.source for figure in self.object.figures.all()),
            **kwargs,
        )


class AboutView(TemplateView):
    """Governance, the city's figures and timeline, and every source the public pages cite."""

    template_name = "about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            governance=Organisation.objects.in_governance().order_by("pk"),
            city_figures=figures_by_kind(
                CityFigure.objects.filter(district=None).select_related("source"), CityFigureKind
            ),
            city_events=CityEvent.objects.select_related("source"),
            citations=Citations(cached("public-sources", lambda: list(public_sources()))),
            **kwargs,
        )


class DataView(TemplateView):
    """Open data: every download with its format and licence, the CSV's columns, the OC4IDS mapping, citing."""

    template_name = "data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            # The downloads of a district without published projects would be empty (OC4IDS: a 404).
            districts=District.objects.filter(pk__in=Project.objects.published().values("district")),
            last_change=last_reviewed(),
            columns=[*COLUMNS, *EXPORT_COLUMNS],
            oc4ids_mapping=MAPPING,
            licence=settings.DATA_LICENCE,
            publisher=settings.DATA_PUBLISHER,
            oc4ids_prefix=settings.OC4IDS_PREFIX,
            **kwargs,
        )


# What each status means, for the glossary (the codes are OC4IDS projectStatus codes).
STATUS_MEANINGS = {
    Status.IDENTIFICATION: _(
        "The project has been announced or is being considered: its scope and business case are still being worked out."
    ),
    Status.PREPARATION: _(
        "The project is being prepared: studies, design, financing, approvals or procurement are "
        "planned or under way, and building has not begun."
    ),
    Status.IMPLEMENTATION: _(
        "The project is being carried out. This covers procurement as well as construction: a "
        "project being implemented has not necessarily begun building."
    ),
    Status.COMPLETION: _(
        "The works are finished or nearly so, and the project is being handed over and put into service."
    ),
    Status.MAINTENANCE: _("The project is in use, operated and maintained."),
    Status.DECOMMISSIONING: _("The project is being taken out of service."),
    Status.DECOMMISSIONED: _("The project has been taken out of service."),
    Status.CANCELLED: _("The project was stopped before it was finished."),
}


class AccessibilityView(TemplateView):
    """The accessibility statement: what the site does, the version for the visually impaired, known limits and
    how to report a problem."""

    template_name = "accessibility.html"


class GlossaryView(TemplateView):
    """What the registry's statuses and marks mean."""

    template_name = "glossary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=[(status, STATUS_MEANINGS[status]) for status in Status], **kwargs)


@require_safe
def display_choices(request):
    """Set the visitor's display choices (the version for the visually impaired) and go back to the page.

    A GET that changes nothing but a display preference, so that it works as a plain link on cached pages.
    """
    chosen = display.updated_choices(display.choices_from_request(request), request.GET)
    next_page = request.GET.get("next", "")
    if not next_page.startswith("/") or not url_has_allowed_host_and_scheme(next_page, allowed_hosts=None):
        next_page = reverse("home")
    response = HttpResponseRedirect(next_page)
    if chosen is None:
        response.delete_cookie(settings.DISPLAY_COOKIE_NAME, samesite="Lax")
    else:
        response.set_cookie(
            settings.DISPLAY_COOKIE_NAME,
            display.cookie_from_choices(chosen),
            max_age=365 * 24 * 60 * 60,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return private(response)


@require_safe
def healthz(request):
    """For load balancers: whether the database answers within a second, as 200 or 503 in JSON.

    Over plain HTTP too (SECURE_REDIRECT_EXEMPT), and before the host check (alatau.faults.DatabaseFaultMiddleware).
    """
    up = database_answers()
    response = JsonResponse({"database": "up" if up else "down"}, status=200 if up else 503)
    return private(response)


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap-index"))
    # The admin is not named: its address is not advertised, and its pages ask not to be indexed.
    lines = ["User-agent: *", "Disallow:", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")
