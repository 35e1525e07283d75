"""The Project Office backend."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from simple_history.admin import SimpleHistoryAdmin

from images.admin import PictureAdmin, PictureInline

from . import spreadsheet
from .history import history_of, summary
from .models import (
    EditConflict,
    Milestone,
    Organisation,
    Participation,
    Project,
    ProjectFigure,
    ProjectImage,
    ProjectSource,
)


class VersionedForm(forms.ModelForm):
    """A change form that hands back the version it was opened with (Versioned). When someone else saved in
    between, it is refused with who, when and what they changed, and the editor's input stays in the form;
    saving it again then saves it over theirs, knowingly."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The models of the rows that belong to the record, whose changes count as its own (VersionedAdmin sets it).
    history_rows = ()
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        max_length=100,
        help_text=_("Optional; shown in the history beside the change, e.g. “Status as the Government reported it”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        model = type(self.instance)
        # Locked until this save commits: two editors saving at once are checked one after the other.
        stored = model._base_manager.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True)
        stored = stored.first()
        opened = cleaned_data.get("base_version")
        if stored is None or opened == stored:
            return cleaned_data
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = str(stored)
        then = self.instance.history.filter(version=opened).order_by("-history_date").first() if opened else None
        if then is not None:
            self.take_their_values(then)
            # The inlines the editor left untouched show the rows as they are now (VersionedAdmin.get_inline_formsets).
            self.instance.opened_at = then.history_date
        raise ValidationError(self.conflict_message(then), code="edit_conflict")

    def take_their_values(self, then):
        """Put the stored value into each field this editor left as it was when they opened the form (`then`, the
        history record of that version): saving the form again keeps the other editor's changes and their own."""
        now = type(self.instance)._base_manager.get(pk=self.instance.pk)
        for name, model_field, changed in compared_with(self, then):
            if changed:
                continue  # this editor changed it: theirs stays in the form
            value = getattr(now, model_field.attname)
            key = self.add_prefix(name)
            if isinstance(model_field, models.BooleanField):
                self.data.setlist(key, ["on"] if value else [])
            else:
                self.data[key] = "" if value is None else str(value)

    def conflict_message(self, then):
        latest = self.instance.history.order_by("-history_date", "-history_id").first()
        who = str(latest.history_user) if latest and latest.history_user else _("someone")
        when = formats.date_format(timezone.localtime(latest.history_date), "SHORT_DATETIME_FORMAT") if latest else ""
        since = [
            entry
            for entry in history_of(self.instance, self.history_rows)
            if then is None or entry.when > then.history_date
        ]
        theirs = "; ".join(summary(reversed(since))) or _("none recorded")
        return _(
            "%(who)s saved this record on %(when)s, after you opened it, so nothing was saved: your input is still "
            "in the form below. Compare it with their changes, then save again to keep yours. Their changes: "
            "%(theirs)s"
        ) % {"who": who, "when": when, "theirs": theirs}


def compared_with(form, record):
    """The posted fields of a model form that `record` (a history record of its model) holds, each as
    (name, model field, whether the posted value differs from the record's)."""
    model = form._meta.model
    result = []
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.primary_key or not model_field.concrete or model_field.many_to_many:
            continue
        if hasattr(record, model_field.attname):
            result.append((name, model_field, field.has_changed(getattr(record, model_field.attname), form[name].data)))
    return result


def untouched_since(formset, moment):
    """Whether a posted inline holds its rows as they were at `moment` (when the editor opened the form): no row
    added or deleted, and each field as that row's history had it then."""
    if formset.deleted_forms or any(form.has_changed() for form in formset.extra_forms):
        return False
    model = formset.model
    for form in formset.initial_forms:
        then = model.history.filter(id=form.instance.pk, history_date__lte=moment).order_by("-history_date").first()
        if then is None or any(changed for _name, _field, changed in compared_with(form, then)):
            return False
    return True


class VersionedAdmin:
    """The admin side of Versioned rows: the form that refuses a save over a newer version, a reason for the
    change, and a history that people can read (projects/history.py), with the changes of the rows that belong
    to it (`history_rows`)."""

    form = VersionedForm
    history_rows = ()
    object_history_template = "admin/history.html"
    EDIT_FIELDS = ["change_reason", "base_version"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.history_rows = self.history_rows
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [field for field in options["fields"] if field not in self.EDIT_FIELDS]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if not self.has_change_permission(request, obj):
            return fieldsets
        return [*fieldsets, (_("This change"), {"fields": self.EDIT_FIELDS})]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Save the rows with the editor's reason, which their history keeps too."""
        reason = form.cleaned_data.get("change_reason") or None
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            row._change_reason = reason
            row.delete()
        for row in rows:
            row._change_reason = reason
            row.save()
        formset.save_m2m()

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        # After an edit conflict, an inline this editor did not touch shows the rows as they are now, so that
        # saving again keeps the other editor's changes to them.
        if opened_at := getattr(obj, "opened_at", None):
            formsets = [
                type(formset)(instance=obj, prefix=formset.prefix, queryset=inline.get_queryset(request))
                if untouched_since(formset, opened_at)
                else formset
                for formset, inline in zip(formsets, inline_instances, strict=True)
            ]
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        page = Paginator(history_of(obj, self.history_rows), 50).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "page_obj": page,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version may be looked at, never saved back over the present one.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class NeededToPublish(BaseInlineFormSet):
    """The rows of an inline that a published project cannot be left without (Project.publication_gaps()):
    `gap` names the count the formset supplies, "sources" or "participations"."""

    gap = None

    def clean(self):
        super().clean()
        if not self.instance.is_published:
            return
        kept = sum(1 for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE"))
        missing = self.instance.publication_gaps(**{self.gap: kept}).get(self.gap)
        if missing:
            raise ValidationError(_("A published project needs: %(gap)s.") % {"gap": missing})


class ParticipationFormSet(NeededToPublish):
    gap = "participations"


class SourceFormSet(NeededToPublish):
    gap = "sources"


class ParticipationInline(admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet
    autocomplete_fields = ["organisation"]
    extra = 0


# Stacked, a few fields to a line, with the languages of a text as tabs: the form fits a 1,280 px screen.
class ProjectFigureInline(TranslationStackedInline):
    model = ProjectFigure
    fields = [("kind", "value", "currency", "qualifier"), ("as_of", "source", "order"), "note"]
    autocomplete_fields = ["source"]
    extra = 0


class MilestoneInline(TranslationStackedInline):
    model = Milestone
    fields = [("date", "date_precision", "is_planned", "status"), "title", "description", "source"]
    autocomplete_fields = ["source"]
    extra = 0


class ProjectSourceInline(admin.TabularInline):
    model = ProjectSource
    formset = SourceFormSet
    autocomplete_fields = ["source"]
    extra = 0


class ProjectImageFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        covers = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_cover") and not form.cleaned_data.get("DELETE") and form not in self.errors
        ]
        if len(covers) > 1:
            raise ValidationError(
                _("%(count)s images are marked as the cover: a project has one cover. Keep the mark on one."),
                params={"count": len(covers)},
            )


class ProjectImageInline(PictureInline, TranslationStackedInline):
    model = ProjectImage
    formset = ProjectImageFormSet
    fields = ["image", ("is_cover", "order"), "alt_text", "caption", "credit"]
    extra = 0


class MissingForPublicationFilter(admin.SimpleListFilter):
    title = _("missing to publish")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            ("texts", _("a title or summary in a language")),
            ("sources", _("a source")),
            ("participations", _("an organisation with a role")),
        ]

    def queryset(self, request, queryset):
        if self.value() in dict(self.lookup_choices):
            return queryset.missing_for_publication(self.value())
        return queryset


class ProjectImportForm(ImportForm):
    """The import's upload: a file over the size limit is refused before anything reads it."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > spreadsheet.MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; an import takes at most %(limit)s MB.")
                % {"size": round(upload.size / 2**20, 1), "limit": spreadsheet.MAX_IMPORT_BYTES // 2**20}
            )
        return upload


@admin.register(Project)
class ProjectAdmin(PictureAdmin, VersionedAdmin, ImportExportMixin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["title", "district", "status", "lead_organisation", "publication", "updated_at"]
    list_filter = [
        "district",
        "status",
        "specializations",
        "is_published",
        MissingForPublicationFilter,
        "is_flagship",
        "updated_at",
    ]
    actions = ["publish", "unpublish"]
    # Spreadsheet import and export (projects/spreadsheet.py), with a template of the columns.
    resource_classes = [spreadsheet.ProjectResource]
    formats = [CSV, XLSX]
    import_form_class = ProjectImportForm
    import_template_name = "admin/projects/project/import.html"
    history_rows = [Participation, ProjectFigure, Milestone, ProjectSource, ProjectImage]
    list_select_related = ["district"]
    # Recently edited first, from the index on updated_at; one count, not two (the list is 100,000 rows long).
    ordering = ["-updated_at", "-id"]
    show_full_result_count = False
    # The box searches as the registry does (get_search_results()): titles, texts and organisations' names in
    # every language, case folded in every script; or the exact slug.
    search_fields = ["slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    filter_horizontal = ["specializations"]
    autocomplete_fields = ["planned_start_source", "planned_completion_source"]
    readonly_fields = ["investment_amount", "investment_currency", "created_at", "updated_at", "updated_by", "version"]
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
            {
                "fields": [
                    "investment_amount",
                    "investment_currency",
                    "created_at",
                    "updated_at",
                    "updated_by",
                    "version",
                ]
            },
        ),
    ]

    def get_urls(self):
        template = path(
            "import-template.<str:extension>",
            self.admin_site.admin_view(self.import_template_view),
            name="projects_project_import_template",
        )
        return [template, *super().get_urls()]

    def import_template_view(self, request, extension):
        """The import's columns with an example row, as XLSX or CSV."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {"xlsx": XLSX, "csv": CSV}
        if extension not in formats:
            raise Http404
        file_format = formats[extension]()
        content = file_format.export_data(spreadsheet.template_dataset())
        response = HttpResponse(content, content_type=file_format.get_content_type())
        response["Content-Disposition"] = f'attachment; filename="alatau-projects-import-template.{extension}"'
        return response

    def get_import_context_data(self, **kwargs):
        return super().get_import_context_data(columns=spreadsheet.COLUMNS, **kwargs)

    def get_export_queryset(self, request):
        # Each project's sources with it, like its roles (get_queryset()), not a query per row.
        sources = Prefetch("source_entries", ProjectSource.objects.select_related("source"))
        return super().get_export_queryset(request).prefetch_related(sources, "specializations")

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing on confirmation too: one row that no longer validates undoes the whole file.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_import(self, request, **kwargs):
        # The confirmation of a preview whose file is gone (confirmed twice, or the page resubmitted) or whose
        # form was tampered with: say so, and start again.
        try:
            return super().process_import(request, **kwargs)
        except (OSError, IndexError, ValueError):
            self.message_user(
                request, _("This import is no longer waiting for confirmation: upload the file again."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:projects_project_import"))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            self.message_user(
                request,
                _(
                    "Nothing was imported: the file no longer validates, because someone changed one of its "
                    "projects after the preview. Upload it again to see which rows."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:projects_project_import"))
        return super().process_result(result, request)

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(Q(pk__in=queryset.search(term).values("pk")) | Q(slug=term)), False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_publication_counts()
            .prefetch_related(Prefetch("participations", Participation.objects.select_related("organisation")))
        )

    @admin.display(description=_("publication"), ordering="is_published")
    def publication(self, project):
        """Published, or a draft and what it lacks to be published."""
        if project.is_published:
            return _("published")
        gaps = project.publication_gaps(sources=project.source_count, participations=project.participation_count)
        if not gaps:
            return _("draft, ready to publish")
        return _("draft; missing: %(gaps)s") % {"gaps": "; ".join(map(str, gaps.values()))}

    def has_publish_permission(self, request):
        return request.user.has_perm("projects.publish_project")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if self.has_publish_permission(request) else [*fields, "is_published"]

    @admin.action(description=_("Publish the selected projects"), permissions=["publish"])
    def publish(self, request, queryset):
        """All or nothing: when one of the selection may not be published, none is, and the message says what
        each one lacks."""
        projects = list(queryset.with_publication_counts())
        incomplete = [
            (project, gaps)
            for project in projects
            if (
                gaps := project.publication_gaps(
                    sources=project.source_count, participations=project.participation_count
                )
            )
        ]
        if incomplete:
            lacking = format_html_join(
                "",
                "<li>{}: {}</li>",
                ((project.title, "; ".join(map(str, gaps.values()))) for project, gaps in incomplete),
            )
            refusal = ngettext(
                "Nothing was published: %(count)d project lacks what publishing needs.",
                "Nothing was published: %(count)d projects lack what publishing needs.",
                len(incomplete),
            ) % {"count": len(incomplete)}
            self.message_user(request, format_html("{}<ul>{}</ul>", refusal, lacking), messages.ERROR)
            return
        if (count := self.set_published(request, projects, True)) is not None:
            self.message_user(
                request,
                ngettext("%(count)d project published.", "%(count)d projects published.", count) % {"count": count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Unpublish the selected projects"), permissions=["publish"])
    def unpublish(self, request, queryset):
        if (count := self.set_published(request, list(queryset), False)) is not None:
            self.message_user(
                request,
                ngettext("%(count)d project unpublished.", "%(count)d projects unpublished.", count) % {"count": count},
                messages.SUCCESS,
            )

    def set_published(self, request, projects, published):
        """Publish or unpublish each project that is not so yet, as an edit by this user (history, log), all or
        nothing: when someone saved one of them meanwhile, nothing changes and the message says which (None)."""
        changed = [project for project in projects if project.is_published != published]
        try:
            with transaction.atomic():
                for project in changed:
                    project.is_published = published
                    project.updated_by = request.user
                    project.save()
                    self.log_change(request, project, [{"changed": {"fields": ["is_published"]}}])
        except EditConflict as conflict:
            self.message_user(
                request,
                _("Nothing was changed: someone saved “%(project)s” meanwhile. Select the projects again.")
                % {"project": conflict.instance},
                messages.ERROR,
            )
            return None
        return len(changed)

    @admin.display(description=_("lead organisation"))
    def lead_organisation(self, project):
        participation = project.lead_participation
        return participation.organisation if participation else "—"

    def save_model(self, request, obj, form, change):
        # Only an edit names its editor: a save that changes nothing changes nothing (Project.save()).
        obj.row_edited = obj.has_changes()
        if obj.row_edited:
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Specializations, figures, roles, timeline, sources and images are part of the project too: a new version.
        # A new project's first rows too: later edits are measured against the version that includes them.
        rows = any(formset.has_changed() for formset in formsets)
        if change:
            beside_the_row = (rows or form.has_changed()) and not form.instance.row_edited
        else:
            beside_the_row = rows
        if beside_the_row:
            form.instance.save_related_edit(request.user)
        form.instance.images.ensure_cover()


@admin.register(Organisation)
class OrganisationAdmin(PictureAdmin, VersionedAdmin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "kind", "country", "in_governance", "website"]
    list_filter = ["kind", "in_governance", "country"]
    # Names in every language, case folded in every script, or the exact slug (OrganisationQuerySet.matching()).
    # The roles' organisation picker searches the same way.
    search_fields = ["slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.matching(term), False
