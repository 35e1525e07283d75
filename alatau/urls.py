"""Public pages carry a language prefix (/ru/, /kk/, /en/); the admin and machine URLs do not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from projects.feeds import LatestProjectsFeed
from projects.sitemaps import SITEMAPS

admin.site.site_header = _("Alatau City — Project Office")
admin.site.site_title = _("Alatau City — Project Office")
admin.site.index_title = _("Registry administration")


@require_safe
def healthz(request):
    """For load balancers: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap-index"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    # Before projects.urls, whose projects/<slug>/ would otherwise take "feed".
    path("projects/feed/", LatestProjectsFeed(), name="projects-feed"),
    path("", include("districts.urls")),
    path("", include("projects.urls")),
)
