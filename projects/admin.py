"""The Project Office backend."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import Investor, Milestone, Project, ProjectImage, ProjectInvestor, Source


class ProjectInvestorInline(admin.TabularInline):
    model = ProjectInvestor
    autocomplete_fields = ["investor"]
    extra = 0


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    autocomplete_fields = ["source"]
    extra = 0


class ProjectSourceInline(admin.TabularInline):
    model = Project.sources.through
    autocomplete_fields = ["source"]
    extra = 0
    verbose_name = _("source")
    verbose_name_plural = _("sources")


class ProjectImageInline(TranslationTabularInline):
    model = ProjectImage
    extra = 0


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "district", "status", "lead_investor", "is_flagship", "is_published", "updated_at"]
    list_filter = ["district", "status", "specializations", "is_published", "is_flagship"]
    list_select_related = ["district"]
    search_fields = ["slug", "title_ru", "title_kk", "title_en", "investors__name_ru", "investors__name_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["specializations"]
    readonly_fields = ["created_at", "updated_at", "updated_by"]
    date_hierarchy = "updated_at"
    inlines = [ProjectInvestorInline, MilestoneInline, ProjectSourceInline, ProjectImageInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "district", "specializations"]}),
        (_("Status"), {"fields": ["status", "is_flagship", "is_published"]}),
        (
            _("Figures (only as published)"),
            {"fields": ["investment_amount", "investment_currency", "planned_jobs", "land_area_ha"]},
        ),
        (_("Dates"), {"fields": ["planned_start", "planned_completion"]}),
        (_("Location"), {"fields": ["latitude", "longitude", "location_is_indicative"]}),
        (_("Audit"), {"fields": ["created_at", "updated_at", "updated_by"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("participations", ProjectInvestor.objects.select_related("investor")))
        )

    @admin.display(description=_("lead organisation"))
    def lead_investor(self, project):
        participation = project.lead_participation
        return participation.investor if participation else "—"

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Investor)
class InvestorAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "name_ru", "name_kk", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
