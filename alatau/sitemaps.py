"""/sitemap.xml: the index of every app's sitemap, and /sitemap-pages.xml for the site-wide pages."""

from django.urls import reverse

from districts.sitemaps import DistrictSitemap, LocalizedSitemap
from projects.sitemaps import OrganisationSitemap, ProjectSitemap, RegistryPagesSitemap


class SitePagesSitemap(LocalizedSitemap):
    def items(self):
        return ["home", "districts:list", "about", "data", "accessibility", "glossary"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": SitePagesSitemap,
    "districts": DistrictSitemap,
    "registry": RegistryPagesSitemap,
    "projects": ProjectSitemap,
    "organisations": OrganisationSitemap,
}
