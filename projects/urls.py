from django.urls import path
from django.views.generic import RedirectView

from districts.caching import public_page

from . import exports, oc4ids, views
from .feeds import LatestProjectsFeed

app_name = "projects"

urlpatterns = [
    path("projects/", public_page(views.ProjectRegistryView.as_view()), name="list"),
    # Before projects/<slug>/, which would otherwise take "feed".
    path("projects/feed/", public_page(LatestProjectsFeed()), name="feed"),
    path("projects/export.csv", public_page(exports.export_csv), name="export-csv"),
    path("projects/export.json", public_page(exports.export_json), name="export-json"),
    path("projects/oc4ids.json", public_page(oc4ids.export_oc4ids), name="export-oc4ids"),
    path("projects/<slug:slug>/", public_page(views.ProjectDetailView.as_view()), name="detail"),
    path("projects/<slug:slug>/data.json", public_page(exports.export_project_json), name="detail-json"),
    path("projects/<slug:slug>/oc4ids.json", public_page(oc4ids.export_project_oc4ids), name="detail-oc4ids"),
    path("organisations/", public_page(views.OrganisationListView.as_view()), name="organisation-list"),
    path(
        "organisations/suggestions.json",
        public_page(views.organisation_suggestions),
        name="organisation-suggestions",
    ),
    path("organisations/<slug:slug>/", public_page(views.OrganisationDetailView.as_view()), name="organisation-detail"),
    # Organisations were published as "investors" first: those addresses answer for good with the new ones.
    path(
        "investors/",
        RedirectView.as_view(pattern_name="projects:organisation-list", permanent=True, query_string=True),
    ),
    path(
        "investors/<slug:slug>/",
        RedirectView.as_view(pattern_name="projects:organisation-detail", permanent=True, query_string=True),
    ),
]
