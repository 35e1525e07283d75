"""Public pages carry a language prefix (/ru/, /kk/, /en/); the admin and machine URLs do not."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

admin.site.site_header = _("Alatau City — Project Office")
admin.site.site_title = _("Alatau City — Project Office")
admin.site.index_title = _("Registry administration")


@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("districts.urls")),
    path("", include("projects.urls")),
)
