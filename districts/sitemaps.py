"""/sitemap-districts.xml, and the base every sitemap of the portal shares: each page in every language."""

from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from .models import District


class EachInEveryLanguage(Sequence):
    """The (item, language) pairs of a queryset, read one sitemap page at a time: Django's own i18n sitemap
    builds the pairs of every item to cut one page from them (100,000 projects, 300,000 pairs)."""

    def __init__(self, items, languages):
        self.items = items
        self.languages = languages
        self._length = None

    def __len__(self):
        if self._length is None:
            self._length = self.items.count() * len(self.languages)
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        first, last = start // len(self.languages), -(-stop // len(self.languages))
        pairs = [(item, language) for item in self.items[first:last] for language in self.languages]
        offset = first * len(self.languages)
        return pairs[start - offset : stop - offset]


class LocalizedSitemap(Sitemap):
    """Every item once per language, with hreflang alternates and an x-default."""

    i18n = True
    alternates = True
    x_default = True

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return EachInEveryLanguage(items, self._languages())
        return super()._items()


class DistrictSitemap(LocalizedSitemap):
    def items(self):
        return District.objects.order_by("order", "pk").only("slug")
