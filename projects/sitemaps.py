"""/sitemap.xml: every public page in every language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from districts.models import District

from .models import Investor, Project


class LocalizedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(LocalizedSitemap):
    def items(self):
        return ["districts:home", "districts:list", "projects:list", "projects:investor-list", "projects:about"]

    def location(self, name):
        return reverse(name)


class DistrictSitemap(LocalizedSitemap):
    def items(self):
        return District.objects.order_by("order", "pk")


class ProjectSitemap(LocalizedSitemap):
    limit = 5000  # each item is listed once per language

    def items(self):
        return Project.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, project):
        return project.updated_at


class InvestorSitemap(LocalizedSitemap):
    def items(self):
        return Investor.objects.order_by("pk").only("slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "districts": DistrictSitemap,
    "projects": ProjectSitemap,
    "investors": InvestorSitemap,
}
