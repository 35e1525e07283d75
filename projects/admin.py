"""The Project Office backend."""

from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import Milestone, Organisation, Participation, Project, ProjectFigure, ProjectImage


class ParticipationInline(admin.TabularInline):
    model = Participation
    autocomplete_fields = ["organisation"]
    extra = 0


class ProjectFigureInline(TranslationTabularInline):
    model = ProjectFigure
    autocomplete_fields = ["source"]
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
    list_display = ["title", "district", "status", "lead_organisation", "is_flagship", "is_published", "updated_at"]
    list_filter = ["district", "status", "specializations", "is_published", "is_flagship", "updated_at"]
    list_select_related = ["district"]
    # Recently edited first, from the index on updated_at; one count, not two (the list is 100,000 rows long).
    ordering = ["-updated_at", "-id"]
    show_full_result_count = False
    search_fields = ["slug", "title_ru", "title_kk", "title_en", "organisations__name_ru", "organisations__name_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["specializations"]
    autocomplete_fields = ["planned_start_source", "planned_completion_source"]
    readonly_fields = ["investment_amount", "investment_currency", "created_at", "updated_at", "updated_by"]
    inlines = [ParticipationInline, ProjectFigureInline, MilestoneInline, ProjectSourceInline, ProjectImageInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "caveat", "district", "specializations"]}),
        (_("Status"), {"fields": ["status", "status_is_editorial", "is_flagship", "is_published"]}),
        (
            _("Dates (only as published, with their source)"),
            {"fields": ["planned_start", "planned_start_source", "planned_completion", "planned_completion_source"]},
        ),
        (_("Location"), {"fields": ["latitude", "longitude", "location_is_indicative"]}),
        (
            _("Audit"),
            {"fields": ["investment_amount", "investment_currency", "created_at", "updated_at", "updated_by"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("participations", Participation.objects.select_related("organisation")))
        )

    @admin.display(description=_("lead organisation"))
    def lead_organisation(self, project):
        participation = project.lead_participation
        return participation.organisation if participation else "—"

    def save_model(self, request, obj, form, change):
        # Only an edit names its editor: a save that changes nothing changes nothing (Project.save()).
        if obj.has_changes():
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Specializations, figures, roles, timeline, sources and images are part of the project too.
        if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            Project.objects.filter(pk=form.instance.pk).update(updated_at=timezone.now(), updated_by=request.user)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "kind", "country", "in_governance", "website"]
    list_filter = ["kind", "in_governance", "country"]
    search_fields = ["slug", "name_ru", "name_kk", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
