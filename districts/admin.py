from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import District, Specialization


@admin.register(Specialization)
class SpecializationAdmin(TranslationAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["slug", "name_ru", "name_kk", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "slug", "area_ha", "order"]
    search_fields = ["slug", "name_ru", "name_kk", "name_en"]
    filter_horizontal = ["specializations"]
