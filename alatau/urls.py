"""Public pages carry a language prefix (/ru/, /kk/, /en/); the admin and the answers for machines do not."""

from axes.decorators import axes_dispatch
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

import images.views
from districts.caching import public_page

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = _("Alatau City — Project Office")
# The registry's lists need the width: breadcrumbs and the index lead to every model.
admin.site.enable_nav_sidebar = False
admin.site.site_title = _("Alatau City — Project Office")
admin.site.index_title = _("Registry administration")

district_patterns = [
    path("", public_page(views.DistrictListView.as_view()), name="list"),
    path("<slug:slug>/", public_page(views.DistrictDetailView.as_view()), name="detail"),
]

urlpatterns = [
    # A locked sign-in is refused before the login form is built (the axes backend refuses it on any path).
    path(f"{settings.ADMIN_PATH}login/", axes_dispatch(admin.site.login)),
    path(settings.ADMIN_PATH, admin.site.urls),
    # /healthz (views.healthz) is answered by alatau.faults.DatabaseFaultMiddleware, before the host check.
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path("sitemap-<section>.xml", public_page(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", images.views.serve, name="media"))

urlpatterns += i18n_patterns(
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("about/", public_page(views.AboutView.as_view()), name="about"),
    path("data/", public_page(views.DataView.as_view()), name="data"),
    path("accessibility/", public_page(views.AccessibilityView.as_view()), name="accessibility"),
    path("glossary/", public_page(views.GlossaryView.as_view()), name="glossary"),
    path("display/", views.display_choices, name="display"),
    path("districts/", include((district_patterns, "districts"))),
    path("", include("projects.urls")),
)

# The 503 page instead of the 500 page when the database failed outside a view (alatau/faults.py).
handler500 = "alatau.faults.server_error"
