"""The Project Office backend for the ground the registry stands on: districts, specializations, sources and
the city's own figures and timeline."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from images.admin import PictureAdmin

from .models import CityEvent, CityFigure, District, Source, Specialization


@admin.register(Specialization)
class SpecializationAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "sector", "order"]
    search_fields = ["slug", "name_ru", "name_kk", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class DistrictFigureInline(TranslationTabularInline):
    model = CityFigure
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(District)
class DistrictAdmin(PictureAdmin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["slug", "name_ru", "name_kk", "name_en"]
    filter_horizontal = ["specializations"]
    inlines = [DistrictFigureInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title_or_site", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"

    @admin.display(description=_("title"), ordering="title")
    def title_or_site(self, source):
        return source.name


@admin.register(CityFigure)
class CityFigureAdmin(TabbedTranslationAdmin):
    list_display = ["kind", "district", "value", "currency", "qualifier", "as_of", "source"]
    list_filter = ["kind", "district"]
    list_select_related = ["district", "source"]
    autocomplete_fields = ["source"]


@admin.register(CityEvent)
class CityEventAdmin(TabbedTranslationAdmin):
    list_display = ["date", "title", "is_planned", "source"]
    list_select_related = ["source"]
    search_fields = ["title_ru", "title_kk", "title_en"]
    autocomplete_fields = ["source"]
    date_hierarchy = "date"
