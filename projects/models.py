"""The project registry: organisations, projects, their participations, figures, timeline, sources and images.

What the public may see is defined once: `ProjectQuerySet.published_condition()`. Everything else that is
public only because of published projects (organisations, sources, counts, figures, maps, feeds, sitemaps)
is derived from it here.
"""

import functools
import operator

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language, get_translation_fields

from districts.models import (
    ChangeAware,
    District,
    GeoPoint,
    Qualifier,
    Source,
    SourcedFigure,
    Specialization,
    TimelineEntry,
    Unit,
    figure_constraints,
    figures_by_kind,
)
from images.fields import PictureField

from .search import search_terms, searchable, spellings

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166 country code in capitals, e.g. KZ.")
)


def localized_sort_key(field_name, language=None):
    """Sort by a translated field as the page shows it: in its language, or in Russian where that is empty.

    Lower() makes Latin titles sort regardless of case on SQLite too; PostgreSQL collates every script.
    The registry's sort has an index on this expression for each language (Project.Meta.indexes).
    """
    language = language or get_language()
    text = F(f"{field_name}_ru")
    if language != "ru":
        # Each translation field has a class of its own: say what the mix of them gives.
        translation = NullIf(F(f"{field_name}_{language}"), Value(""), output_field=models.TextField())
        text = Coalesce(translation, text, output_field=models.TextField())
    return Lower(text)


def _with_derived_fields(save_kwargs, derived):
    """save() arguments that also write the derived fields when the caller saves only some fields."""
    if save_kwargs.get("update_fields"):
        return save_kwargs | {"update_fields": {*save_kwargs["update_fields"], *derived}}
    return save_kwargs


class Status(models.TextChoices):
    """OC4IDS projectStatus codes. The codes are exchanged as they are; only the labels are translated."""

    IDENTIFICATION = "identification", _("Prospective")
    PREPARATION = "preparation", _("Planned")
    # "Under construction" would claim more than most sources say: implementation covers
    # procurement as well as construction.
    IMPLEMENTATION = "implementation", _("Being implemented")
    COMPLETION = "completion", _("Being commissioned")
    MAINTENANCE = "maintenance", _("Operating")
    DECOMMISSIONING = "decommissioning", _("Being decommissioned")
    DECOMMISSIONED = "decommissioned", _("Decommissioned")
    CANCELLED = "cancelled", _("Cancelled")


class Role(models.TextChoices):
    """OC4IDS partyRole codes for an organisation's part in a project."""

    FUNDER = "funder", _("Investor")
    PUBLIC_AUTHORITY = "publicAuthority", _("Public authority")
    ADMINISTRATIVE_ENTITY = "administrativeEntity", _("Administrative entity")
    SUPPLIER = "supplier", _("Contractor or designer")
    INTERESTED_PARTY = "interestedParty", _("Interested partner")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public", _("Public body")
    NON_PROFIT = "nonprofit", _("Association or non-profit")


def containing(field, term):
    """A condition that the search column `field` holds the folded query word `term`, as typed or in its
    skeleton (projects/search.py): at most two `contains` on the one column, which a trigram index serves."""
    return functools.reduce(operator.or_, (Q(**{f"{field}__contains": form}) for form in spellings(term)))


def names_containing(field, text):
    """A condition that the search column `field` holds every word of `text` (never true for a text without
    words)."""
    conditions = [containing(field, term) for term in search_terms(text)]
    return functools.reduce(operator.and_, conditions) if conditions else Q(pk__in=[])


class DerivedSearchQuerySet(models.QuerySet):
    """Bulk writes keep the folded search columns true, as save() does: bulk_create() and bulk_update() derive
    them for the objects given, update() re-derives them for the rows it changed. The derivation itself is the
    model's one `derive_search_fields()`."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.derive_search_fields()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if self.model.search_sources() & set(fields):
            for obj in objs:
                obj.derive_search_fields()
            fields = [*fields, *self.model.SEARCH_FIELDS]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if not self.model.search_sources() & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            rows = super().update(**kwargs)
            for start in range(0, len(pks), 1000):
                changed = list(self.model._base_manager.filter(pk__in=pks[start : start + 1000]))
                for obj in changed:
                    obj.derive_search_fields()
                self.model._base_manager.bulk_update(changed, self.model.SEARCH_FIELDS)
        return rows


class OrganisationQuerySet(DerivedSearchQuerySet):
    def public(self):
        """Organisations the public may see: those in a published project, and the city's governance."""
        # A correlated EXISTS: one organisation's roles are probed, not every role in the registry.
        in_published = Participation.objects.filter(
            organisation=OuterRef("pk"), project__in=Project.objects.published().values("pk")
        )
        return self.filter(Q(in_governance=True) | Exists(in_published))

    def in_governance(self):
        return self.filter(in_governance=True)

    def matching(self, text):
        """Organisations whose slug is `text`, or whose name in any language contains each of its words."""
        return self.filter(Q(slug=text) | names_containing("search_name", text))

    def order_by_name(self):
        """By name in the page's language (Russian where it has none)."""
        return self.alias(localized_name=localized_sort_key("name")).order_by("localized_name", "pk")

    def with_project_counts(self):
        """Annotate `project_count`: the published projects the organisation takes part in, whatever its roles.

        A subquery per organisation, so that a page of 50 counts for 50, not for every role in the registry.
        """
        counts = (
            Participation.objects.filter(
                organisation=OuterRef("pk"), project__in=Project.objects.published().values("pk")
            )
            .order_by()
            .values("organisation")
            .annotate(count=Count("project", distinct=True))
            .values("count")
        )
        return self.annotate(project_count=Coalesce(Subquery(counts), 0))


class EditConflict(Exception):
    """A save based on an older version of a row than the stored one: someone else saved in between."""

    def __init__(self, instance, stored_version):
        self.instance = instance
        self.stored_version = stored_version
        super().__init__(
            f"{type(instance).__name__} {instance.pk} is at version {stored_version}, the edit was based on "
            f"version {instance.version}"
        )


class Versioned(ChangeAware):
    """A row that counts its edits in `version`: an edit based on an older version than the stored one is
    refused (EditConflict) instead of silently writing over the newer edit. The admin's forms and the import
    read the version when an editor opens a row and hand it back on save."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Rises with every saved edit; an edit based on an older version is refused."),
    )

    class Meta:
        abstract = True

    def has_changes(self):
        # An edit of the rows that belong to it (roles, figures, timeline, sources, images) is an edit of it.
        return super().has_changes() or getattr(self, "_related_edit", False)

    def save(self, **kwargs):
        if self._state.adding or not self.has_changes():
            return super().save(**kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            stored = (
                type(self)
                ._base_manager.select_for_update()
                .filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            if stored is not None and stored != self.version:
                raise EditConflict(self, stored)
            self.version += 1
            try:
                super().save(**kwargs)
            except BaseException:
                self.version -= 1
                raise

    def save_related_edit(self, user=None):
        """Record that rows belonging to this one changed: a new version, by `user` where it tracks editors."""
        if user is not None and hasattr(self, "updated_by"):
            self.updated_by = user
        self._related_edit = True
        try:
            self.save()
        finally:
            self._related_edit = False


class Organisation(Versioned):
    """A company or a public body, such as the Alatau City Authority, taking part in projects or in governing
    the city."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used in URLs and filters."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind, default=OrganisationKind.COMPANY)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        db_index=True,
        validators=[country_code_validator],
        help_text=_("ISO 3166-1 alpha-2 code of the country of registration, e.g. KZ, US, DE."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    in_governance = models.BooleanField(
        _("takes part in governing the city"),
        default=False,
        help_text=_(
            "The Project Office, the Alatau City Authority, the Council and their consultants: listed on the "
            "About page and public even without a published project."
        ),
    )
    logo = PictureField(
        _("logo"), upload_to="organisations/%Y/%m/", blank=True, width_field="logo_width", height_field="logo_height"
    )
    logo_width = models.PositiveIntegerField(_("logo width (px)"), null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(_("logo height (px)"), null=True, blank=True, editable=False)
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_("Made by `manage.py generate_demo_data` for benchmarks; removed by its --delete."),
    )
    search_name = models.TextField(
        _("searchable name"),
        editable=False,
        default="",
        help_text=_("The name in every language, case-folded for search; derived on save."),
    )

    NOT_EDITS = frozenset({"search_name", "version"})
    SEARCH_FIELDS = ("search_name",)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
                violation_error_message=_("Unknown kind of organisation."),
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="organisation_country_iso",
                violation_error_message=_("The country must be a two-letter ISO code in capitals."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        self.derive_search_fields()
        super().save(**_with_derived_fields(kwargs, ["search_name"]))

    def get_absolute_url(self):
        return reverse("projects:organisation-detail", kwargs={"slug": self.slug})

    @staticmethod
    def search_sources():
        """The fields the search column is derived from."""
        return {"name", *get_translation_fields("name")}

    def derive_search_fields(self):
        """The one derivation of the search column, for every write path (see DerivedSearchQuerySet)."""
        self.search_name = searchable(*(getattr(self, name) for name in get_translation_fields("name")))


class ProjectQuerySet(DerivedSearchQuerySet):
    # The registry's ordering keys (its `ordering` parameter) and what they order by.
    ORDER_KEYS = {"title": "localized_title", "updated": "updated_at", "investment": "investment_amount"}
    # Keys whose column may be empty: those projects come last in either direction.
    NULLABLE_KEYS = {"investment"}

    @staticmethod
    def published_condition(through=""):
        """The one definition of what the public may see: a condition on projects, or on rows that reach them
        `through` a relation (`"project__"`)."""
        return Q(**{f"{through}is_published": True})

    def published(self):
        return self.filter(self.published_condition())

    def organisations(self):
        """The organisations taking part in these projects, in any role."""
        return Organisation.objects.filter(
            Exists(Participation.objects.filter(organisation=OuterRef("pk"), project__in=self.values("pk")))
        )

    def cited_sources(self):
        """The sources these projects cite: in their list of sources, figures, timeline or dates."""
        projects = self.values("pk")
        # Uncorrelated subqueries, each run once: a per-source EXISTS would walk 100,000 projects for every
        # source that no figure cites.
        return Source.objects.filter(
            Q(pk__in=ProjectSource.objects.filter(project__in=projects).values("source"))
            | Q(pk__in=ProjectFigure.objects.filter(project__in=projects).values("source"))
            | Q(pk__in=Milestone.objects.filter(project__in=projects).values("source"))
            | Q(pk__in=self.exclude(planned_start_source=None).values("planned_start_source"))
            | Q(pk__in=self.exclude(planned_completion_source=None).values("planned_completion_source"))
        )

    def recently_updated(self):
        return self.order_by("-updated_at", "-pk")

    def status_counts(self):
        """[(Status, count)] for every status that has projects, in the lifecycle order of the codes."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return [(status, counts[status.value]) for status in Status if counts.get(status.value)]

    def investment_by_currency(self):
        """Headline investment summed per currency: amounts in different currencies are never added up.

        Each row also counts the projects whose figure its source gives as "about" or "more than", so that a
        total is never shown as more exact than what it adds up.
        """
        return list(
            self.exclude(investment_amount=None)
            .order_by("investment_currency")
            .values("investment_currency")
            .annotate(
                total=Sum("investment_amount"),
                projects=Count("pk"),
                approximate=Count("pk", filter=~Q(investment_qualifier=Qualifier.EXACT)),
            )
        )

    def for_listing(self):
        """Everything the registry rows show, in three queries: the rows, with their district and the source of
        their headline investment, their organisations and their covers."""
        return (
            self.select_related("district", "investment_source")
            .prefetch_related(Prefetch("participations", queryset=Participation.objects.select_related("organisation")))
            .with_covers()
        )

    def with_covers(self):
        """Prefetch each project's cover image, if it has one, as the list `covers` (one query for them all)."""
        return self.prefetch_related(Prefetch("images", queryset=ProjectImage.objects.covers(), to_attr="covers"))

    def with_publication_counts(self):
        """Annotate `source_count` and `participation_count`, the counts Project.publication_gaps() takes: a
        subquery per row, so that a page of the admin list counts for its rows only."""

        def count(rows):
            return Coalesce(Subquery(rows.order_by().values("project").annotate(n=Count("pk")).values("n")), 0)

        return self.annotate(
            source_count=count(ProjectSource.objects.filter(project=OuterRef("pk"))),
            participation_count=count(Participation.objects.filter(project=OuterRef("pk"))),
        )

    def missing_for_publication(self, what):
        """Projects that lack `what` to be published: "texts" (a title or summary in a language), "sources" or
        "participations" (Project.publication_gaps() in SQL, for the admin's filter)."""
        if what == "texts":
            blank = [
                Q(**{f"{name}_{code}": ""}) | Q(**{f"{name}_{code}__isnull": True})
                for name in Project.PUBLISHED_TEXTS
                for code, _language in settings.LANGUAGES
            ]
            return self.filter(functools.reduce(operator.or_, blank))
        counted = {"sources": "source_count", "participations": "participation_count"}[what]
        return self.with_publication_counts().filter(**{counted: 0})

    def for_page(self):
        """Everything a project's own page shows, in a fixed number of queries."""
        return self.select_related("district", "planned_start_source", "planned_completion_source").prefetch_related(
            "specializations",
            Prefetch("participations", queryset=Participation.objects.select_related("organisation")),
            Prefetch("figures", queryset=ProjectFigure.objects.select_related("source")),
            Prefetch("milestones", queryset=Milestone.objects.select_related("source")),
            "images",
        )

    def related_to(self, project):
        """Other projects in the same district: flagships first, then the most recently updated."""
        return (
            self.filter(district=project.district_id)
            .exclude(pk=project.pk)
            .order_by("-is_flagship", "-updated_at", "-pk")
        )

    def with_specializations(self, specializations):
        """Projects with any of the specializations."""
        return self.filter(
            Exists(
                Project.specializations.through.objects.filter(
                    project=OuterRef("pk"), specialization__in=specializations
                )
            )
        )

    def with_organisation(self, organisation):
        """Projects the organisation takes part in, in any role."""
        return self.filter(Exists(Participation.objects.filter(project=OuterRef("pk"), organisation=organisation)))

    def with_organisation_matching(self, text):
        """Projects with an organisation that Organisation.objects.matching(text) finds, in any role."""
        organisations = Q(organisation__slug=text) | names_containing("organisation__search_name", text)
        return self.filter(Exists(Participation.objects.filter(organisations, project=OuterRef("pk"))))

    def with_organisation_from(self, country):
        """Projects with an organisation registered in the country (ISO 3166 alpha-2 code)."""
        return self.filter(Exists(Participation.objects.filter(project=OuterRef("pk"), organisation__country=country)))

    def search(self, query):
        """Projects whose texts, or organisations' names, contain every word of the query in any language, as
        typed or spelled in the other script (projects/search.py).

        Each word is looked up as a union of two index-friendly lookups (PostgreSQL has a trigram index on both
        folded columns): the projects whose text holds it, and the projects of organisations whose name does.
        Annotates `match_rank` for best_match_first(): 0 when the title holds every word, 1 when the other
        texts do, 2 when some word is found only in an organisation's name.
        """
        terms = search_terms(query)
        if not terms:
            return self.annotate(match_rank=Value(0))
        in_title = in_text = matches = Q()
        for term in terms:
            by_text = Project.objects.filter(containing("search_text", term)).values("pk")
            by_organisation = Participation.objects.filter(containing("organisation__search_name", term))
            matches &= Q(pk__in=by_text.union(by_organisation.values("project"), all=True))
            in_title &= containing("search_title", term)
            in_text &= containing("search_text", term)
        return self.filter(matches).annotate(match_rank=Case(When(in_title, then=0), When(in_text, then=1), default=2))

    def best_match_first(self):
        """Order the results of search() by match_rank; ties by title."""
        return self.alias(localized_title=localized_sort_key("title")).order_by("match_rank", "localized_title", "pk")

    def ordered_by(self, *keys):
        """Order by registry keys such as "title" or "-investment" (descending).

        Titles are compared in the page's language, falling back to Russian. Projects without a
        published amount come last in either direction; ties go by title.
        """
        ordering = []
        for key in keys:
            name = key.removeprefix("-")
            nulls_last = True if name in self.NULLABLE_KEYS else None
            field = F(self.ORDER_KEYS[name])
            ordering.append(
                field.desc(nulls_last=nulls_last) if key.startswith("-") else field.asc(nulls_last=nulls_last)
            )
        return self.alias(localized_title=localized_sort_key("title")).order_by(*ordering, "localized_title", "pk")

    def order_by_title(self):
        return self.ordered_by("title")

    def refresh_investment(self):
        """Write each project's headline investment (its first investment figure) into the columns the
        registry filters and sorts on. The one writer of those columns; runs as one UPDATE."""
        headline = ProjectFigure.objects.filter(project=OuterRef("pk"), kind=ProjectFigureKind.INVESTMENT).order_by(
            *ProjectFigure._meta.ordering
        )
        return self.update(
            investment_amount=Subquery(headline.values("value")[:1]),
            investment_currency=Coalesce(Subquery(headline.values("currency")[:1]), Value("")),
            investment_qualifier=Coalesce(Subquery(headline.values("qualifier")[:1]), Value("")),
            investment_source=Subquery(headline.values("source")[:1]),
        )


class Project(Versioned, GeoPoint):
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("Used in the project's URL."))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True, help_text=_("One or two sentences."))
    description = models.TextField(_("description"), blank=True)
    caveat = models.TextField(
        _("note on the sources"),
        blank=True,
        help_text=_("Where sources disagree, or say less than a reader might assume: shown prominently."),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="projects", verbose_name=_("district")
    )
    specializations = models.ManyToManyField(
        Specialization, related_name="projects", blank=True, verbose_name=_("specializations")
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="Participation",
        related_name="projects",
        blank=True,
        verbose_name=_("organisations"),
    )
    sources = models.ManyToManyField(
        Source, through="ProjectSource", related_name="projects", blank=True, verbose_name=_("sources")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.IDENTIFICATION,
        db_index=True,
        help_text=_("The status as last publicly reported (OC4IDS project status)."),
    )
    status_is_editorial = models.BooleanField(
        _("status is the registry's reading"),
        default=False,
        help_text=_("Tick when no source states this status and it is the registry's own reading of the sources."),
    )
    is_flagship = models.BooleanField(
        _("flagship (the registry's choice)"),
        default=False,
        db_index=True,
        help_text=_("An editorial mark of the registry, not a status any source gives."),
    )
    investment_amount = models.DecimalField(
        _("headline investment"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("The first investment figure, copied here for the registry's filters and sorting."),
    )
    investment_currency = models.CharField(
        _("currency of the headline investment"),
        max_length=3,
        blank=True,
        editable=False,
        help_text=_("ISO 4217 code of the headline investment."),
    )
    investment_qualifier = models.CharField(
        _("qualifier of the headline investment"),
        max_length=12,
        blank=True,
        editable=False,
        choices=Qualifier,
        help_text=_("How the headline investment's source puts it (exact, about, more than)."),
    )
    investment_source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("source of the headline investment"),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_start_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the planned start"),
    )
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    planned_completion_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source of the planned completion"),
    )
    is_published = models.BooleanField(
        _("published"), default=False, db_index=True, help_text=_("Only published projects are public.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(
        _("last updated"),
        default=timezone.now,
        editable=False,
        db_index=True,
        help_text=_("When the project or its figures, roles, timeline or images last changed."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_("Made by `manage.py generate_demo_data` for benchmarks; removed by its --delete."),
    )
    search_title = models.TextField(
        _("searchable title"),
        editable=False,
        default="",
        help_text=_("The title in every language, case-folded for search; derived on save."),
    )
    search_text = models.TextField(
        _("searchable text"),
        editable=False,
        default="",
        help_text=_("Title, summary and description in every language, case-folded for search; derived on save."),
    )

    NOT_EDITS = frozenset(
        {
            "version",
            "created_at",
            "updated_at",
            "updated_by_id",
            "search_title",
            "search_text",
            "investment_amount",
            "investment_currency",
            "investment_qualifier",
            "investment_source_id",
        }
    )
    SEARCH_FIELDS = ("search_title", "search_text")

    objects = ProjectQuerySet.as_manager()

    class Meta(GeoPoint.Meta):
        ordering = ["title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # Beyond Django's own: what the Project Office's roles grant (projects/roles.py).
        permissions = [
            ("publish_project", _("Can publish and unpublish projects")),
            ("import_project", _("Can import projects from a spreadsheet")),
            ("export_project", _("Can export projects")),
        ]
        constraints = [
            *GeoPoint.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status__in=Status.values),
                name="project_status_valid",
                violation_error_message=_("Unknown project status."),
            ),
            models.CheckConstraint(
                condition=Q(investment_amount__isnull=True) | Q(investment_amount__gte=0),
                name="project_investment_non_negative",
                violation_error_message=_("The investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(investment_amount__isnull=True, investment_currency="")
                | Q(investment_amount__isnull=False, investment_currency__regex=r"^[A-Z]{3}$"),
                name="project_investment_has_currency",
                violation_error_message=_(
                    "An investment amount needs its ISO 4217 currency, and a currency an amount."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_completion__isnull=True)
                | Q(planned_completion__gte=F("planned_start")),
                name="project_completion_after_start",
                violation_error_message=_("The planned completion cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True) | Q(planned_start_source__isnull=False),
                name="project_start_has_source",
                violation_error_message=_("Name the source that gives the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(planned_completion__isnull=True) | Q(planned_completion_source__isnull=False),
                name="project_completion_has_source",
                violation_error_message=_("Name the source that gives the planned completion."),
            ),
        ]
        # The registry's orders (ProjectQuerySet.ordered_by()), so that a page reads 20 index entries, not every
        # published project. PostgreSQL also has trigram indexes for search, and one for the largest investment first
        # (migration 0011).
        indexes = [
            models.Index(fields=["is_published", "-updated_at"], name="project_published_updated"),
            # "Is this project public?" answered from the index alone, when roles are counted per organisation.
            models.Index(fields=["id"], name="project_published_id", condition=Q(is_published=True)),
            # A project page's "more in this district" (ProjectQuerySet.related_to()).
            models.Index(
                fields=["district", "-is_flagship", "-updated_at", "-id"],
                name="project_related",
                condition=Q(is_published=True),
            ),
            *(
                models.Index(
                    localized_sort_key("title", language),
                    "id",
                    name=f"project_title_{language}",
                    condition=Q(is_published=True),
                )
                for language in ("ru", "kk", "en")
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        self.derive_search_fields()
        if self.has_changes():
            self.updated_at = timezone.now()
        if not self._state.adding and not kwargs.get("update_fields"):
            # The headline investment has one writer, refresh_investment(): an instance loaded before its figures
            # changed must not write its stale copy back.
            headline = {"investment_amount", "investment_currency", "investment_qualifier", "investment_source"}
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in headline
            ]
        super().save(**_with_derived_fields(kwargs, ["search_title", "search_text", "updated_at"]))

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    # The Project Office's publishing rule: the public sees a project only when every reader can read what it is,
    # where, how far along, who takes part and on whose word (Project.publication_gaps()).
    PUBLISHED_TEXTS = ("title", "summary")
    IN_LANGUAGE = {"kk": _("in Kazakh"), "ru": _("in Russian"), "en": _("in English")}

    def text_gaps(self):
        """The texts and choices this row lacks before it may be published: {field name: what is missing}."""
        gaps = {}
        for name in self.PUBLISHED_TEXTS:
            label = capfirst(self._meta.get_field(name).verbose_name)
            for code, _language in settings.LANGUAGES:
                if not (getattr(self, f"{name}_{code}") or "").strip():
                    gaps[f"{name}_{code}"] = _("%(field)s %(in_language)s") % {
                        "field": label,
                        "in_language": self.IN_LANGUAGE[code],
                    }
        if not self.district_id:
            gaps["district"] = _("A district")
        if not self.status:
            gaps["status"] = _("A status")
        return gaps

    def publication_gaps(self, *, sources=None, participations=None):
        """Everything the project lacks before it may be published, {key: what is missing}; empty when it may.
        `sources` and `participations` count the sources and organisations' roles about to be saved (the admin's
        inlines, an import); by default those already saved."""
        gaps = self.text_gaps()
        if sources is None:
            sources = self.sources.count() if self.pk else 0
        if participations is None:
            participations = self.participations.count() if self.pk else 0
        if not sources:
            gaps["sources"] = _("At least one source")
        if not participations:
            gaps["participations"] = _("At least one organisation with a role")
        return gaps

    def clean(self):
        super().clean()
        # Sources and roles are checked where they are edited (the admin's inlines, the publish action, import).
        if self.is_published and (gaps := self.text_gaps()):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _("A published project needs: %(gaps)s.")
                    % {"gaps": "; ".join(map(str, gaps.values()))},
                    **{name: _("Needed to publish.") for name in gaps},
                }
            )

    @staticmethod
    def search_sources():
        """The fields the search columns are derived from."""
        texts = ("title", "summary", "description")
        return {*texts, *get_translation_fields(*texts)}

    def derive_search_fields(self):
        """The one derivation of the search columns, for every write path (see DerivedSearchQuerySet)."""
        self.search_title = searchable(*(getattr(self, name) for name in get_translation_fields("title")))
        self.search_text = searchable(
            *(getattr(self, name) for name in get_translation_fields("title", "summary", "description"))
        )

    @property
    def lead_participation(self):
        """The first-listed organisation's participation (uses the prefetched rows when present)."""
        return next(iter(self.participations.all()), None)

    @property
    def headline_investment(self):
        """The investment figure the registry shows, from the headline columns (refresh_investment() keeps them
        equal to the project's first investment figure)."""
        if self.investment_amount is None:
            return None
        return ProjectFigure(
            project=self,
            kind=ProjectFigureKind.INVESTMENT,
            value=self.investment_amount,
            currency=self.investment_currency,
            qualifier=self.investment_qualifier,
            source=self.investment_source,
        )

    def figure_groups(self):
        """The project's figures by kind; investment and jobs always, to say when they are not published."""
        always = [ProjectFigureKind.INVESTMENT, ProjectFigureKind.JOBS]
        return figures_by_kind(self.figures.all(), ProjectFigureKind, always=always)

    @property
    def status_milestone(self):
        """The latest timeline entry reporting the current status: when it was reported (uses prefetched rows)."""
        reported = [m for m in self.milestones.all() if m.status == self.status and not m.is_planned]
        return reported[-1] if reported else None


class ParticipationQuerySet(models.QuerySet):
    def in_published_projects(self):
        """Roles in published projects, with each project and its district, by project title."""
        # A condition through the join, not `project__in=Project.objects.published()`: PostgreSQL then walks the
        # title index and stops after a page, instead of sorting all of a large organisation's roles.
        return (
            self.filter(ProjectQuerySet.published_condition(through="project__"))
            .select_related("project__district")
            .alias(project_title=localized_sort_key("project__title"))
            .order_by("project_title", "project_id", "order", "pk")
        )


class Participation(models.Model):
    """An organisation's part in a project, as an OC4IDS party role."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role, default=Role.FUNDER)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("The first one is the lead."))

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("role")
        verbose_name_plural = _("organisations and their roles")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"],
                name="participation_unique_role",
                violation_error_message=_("This organisation already has this role in the project."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="participation_role_valid",
                violation_error_message=_("Unknown role."),
            ),
        ]
        # An organisation's projects read from the index alone (organisation pages, the organisation list's counts).
        indexes = [models.Index(fields=["organisation", "project"], name="participation_org_project")]

    def __str__(self):
        return f"{self.organisation} — {self.get_role_display()}"


class Milestone(TimelineEntry):
    """An entry in a project's timeline, such as a reported change of status or a planned date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        blank=True,
        help_text=_("The project status reported on this date, if the entry reports one."),
    )

    class Meta(TimelineEntry.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("timeline")
        constraints = [
            *TimelineEntry.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=Status.values),
                name="milestone_status_valid",
                violation_error_message=_("Unknown project status."),
            ),
        ]


class ProjectFigureKind(models.TextChoices):
    INVESTMENT = "investment", _("Capital investment")
    JOBS = "jobs", _("Planned jobs")
    LAND_AREA = "land_area", _("Site area")
    FLOOR_AREA = "floor_area", _("Floor area")
    GREEN_AREA = "green_area", _("Green space")
    HEIGHT = "height", _("Height")
    SEATS = "seats", _("Seats")
    ANNUAL_OUTPUT = "annual_output", _("Annual output")


class ProjectFigure(SourcedFigure):
    """A figure about a project as one source states it. Two sources, two figures: never merged."""

    UNITS = {
        ProjectFigureKind.INVESTMENT: Unit.MONEY,
        ProjectFigureKind.JOBS: Unit.COUNT,
        ProjectFigureKind.LAND_AREA: Unit.SQUARE_METRES,
        ProjectFigureKind.FLOOR_AREA: Unit.SQUARE_METRES,
        ProjectFigureKind.GREEN_AREA: Unit.SQUARE_METRES,
        ProjectFigureKind.HEIGHT: Unit.METRES,
        ProjectFigureKind.SEATS: Unit.SEATS,
        ProjectFigureKind.ANNUAL_OUTPUT: Unit.TONNES_A_YEAR,
    }

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="figures", verbose_name=_("project"))
    kind = models.CharField(_("figure"), max_length=20, choices=ProjectFigureKind)

    class Meta(SourcedFigure.Meta):
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = figure_constraints(
            "projectfigure", ProjectFigureKind.values, money_kinds=[ProjectFigureKind.INVESTMENT]
        )


class ProjectSource(models.Model):
    """A source in a project's list of sources: a row of its own, so that its history is kept like the roles'."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="source_entries", verbose_name=_("project")
    )
    # A cited source is not deleted from under the projects that list it (publishing needs one).
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+", verbose_name=_("source"))

    class Meta:
        db_table = "projects_project_sources"  # the table Django made for the list before it had a model
        unique_together = [("project", "source")]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return str(self.source)


class ProjectImageQuerySet(models.QuerySet):
    def covers(self):
        return self.filter(is_cover=True)

    def ensure_cover(self):
        """Make the first image the cover when none is: a project with images always has one."""
        if self.exists() and not self.covers().exists():
            self.filter(pk=self.order_by("order", "id").values("pk")[:1]).update(is_cover=True)


class ProjectImage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="images", verbose_name=_("project"))
    image = PictureField(
        _("image"),
        upload_to="projects/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height (px)"), null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"), max_length=300, help_text=_("What the image shows, for people who cannot see it.")
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(
        _("credit and licence"),
        max_length=300,
        blank=True,
        help_text=_("Who made the image and under which licence, e.g. “Photo: Alatau City Project Office, CC BY 4.0”."),
    )
    is_cover = models.BooleanField(
        _("cover"), default=False, help_text=_("Shown on the registry's rows and the district's page.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ProjectImageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_cover=True), name="projectimage_one_cover_per_project"
            )
        ]

    def __str__(self):
        return self.caption or self.alt_text


def public_sources():
    """The sources the public may see: those of the city's figures and events, and those published projects cite."""
    return Source.objects.filter(
        Q(pk__in=Source.objects.cited_by_the_city().values("pk"))
        | Q(pk__in=Project.objects.published().cited_sources().values("pk"))
    )


@receiver(pre_save, sender=Organisation)
@receiver(pre_save, sender=Project)
def derive_search_fields_on_raw_save(sender, instance, raw, **kwargs):
    """loaddata saves through Model.save_base(raw=True), which bypasses save(): derive the search fields here too."""
    if raw:
        instance.derive_search_fields()


@receiver(pre_save, sender=ProjectFigure)
def remember_the_figures_former_project(sender, instance, raw, **kwargs):
    """A figure moved to another project leaves its former project's headline to refresh too."""
    former = ProjectFigure.objects.filter(pk=instance.pk).values_list("project_id", flat=True).first()
    instance._former_project_id = former if instance.pk else None


@receiver(post_save, sender=ProjectFigure)
@receiver(post_delete, sender=ProjectFigure)
def refresh_headline_investment(sender, instance, origin=None, **kwargs):
    """Every write of a figure, from a form, an import or loaddata, refreshes its project's headline."""
    if isinstance(origin, Project) or getattr(origin, "model", None) is Project:
        return  # the project itself is being deleted
    projects = {instance.project_id, getattr(instance, "_former_project_id", None)} - {None}
    Project.objects.filter(pk__in=projects).refresh_investment()


@receiver(post_save, sender=Source)
def refresh_headline_investment_of_citing_projects(sender, instance, raw, **kwargs):
    """A source's date decides which figure comes first: refresh the projects whose figures cite it."""
    if not raw:
        citing = ProjectFigure.objects.filter(source=instance).values("project")
        Project.objects.filter(pk__in=citing).refresh_investment()
