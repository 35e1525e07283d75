"""/sitemap-registry.xml, -projects.xml and -organisations.xml: the public pages of the registry."""

from django.db.models import Max
from django.urls import reverse

from districts.sitemaps import LocalizedSitemap

from .models import Organisation, Project


class RegistryPagesSitemap(LocalizedSitemap):
    def items(self):
        return ["projects:list", "projects:organisation-list"]

    def location(self, name):
        return reverse(name)


class ProjectSitemap(LocalizedSitemap):
    limit = 5000  # each item is listed once per language

    def items(self):
        return Project.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, project):
        return project.updated_at

    def get_latest_lastmod(self):
        # For the sitemap index: one aggregate, not a pass over every project (Django's default).
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class OrganisationSitemap(LocalizedSitemap):
    def items(self):
        return Organisation.objects.public().order_by("pk").only("slug")
