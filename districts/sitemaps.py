"""/sitemap-districts.xml, and the base every sitemap of the portal shares: each page in every language."""

from django.contrib.sitemaps import Sitemap

from .models import District


class LocalizedSitemap(Sitemap):
    """Every item once per language, with hreflang alternates and an x-default."""

    i18n = True
    alternates = True
    x_default = True


class DistrictSitemap(LocalizedSitemap):
    def items(self):
        return District.objects.order_by("order", "pk").only("slug")
