"""The project registry: organisations, projects, their investors, timeline, sources and images."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Lower, NullIf
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language, get_translation_fields

from districts.models import District, GeoPoint, Specialization

from .search import fold_all, search_terms

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166 country code in capitals, e.g. KZ.")
)
currency_code_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 currency code in capitals, e.g. KZT.")
)


def localized_sort_key(field_name):
    """Sort by a translated field as the page shows it: in its language, or in Russian where that is empty.

    Lower() makes Latin titles sort regardless of case on SQLite too; PostgreSQL collates every script.
    """
    language = get_language()
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
    IMPLEMENTATION = "implementation", _("Under construction")
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


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class InvestorQuerySet(models.QuerySet):
    def order_by_name(self):
        """By name in the page's language (Russian where it has none)."""
        return self.alias(localized_name=localized_sort_key("name")).order_by("localized_name", "pk")

    def taking_part(self):
        """Organisations with a role in at least one published project."""
        return self.filter(Exists(ProjectInvestor.objects.filter(investor=OuterRef("pk"), project__is_published=True)))

    def with_project_counts(self):
        """Annotate `project_count`: the published projects the organisation takes part in, whatever its roles."""
        return self.annotate(
            project_count=Count("projects", filter=Q(projects__is_published=True), distinct=True),
        )


class Investor(models.Model):
    """An organisation taking part in projects: a company, or a public body such as the Alatau City Authority."""

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
    logo = models.ImageField(_("logo"), upload_to="investors/", blank=True)
    search_name = models.TextField(
        _("searchable name"),
        editable=False,
        default="",
        help_text=_("The name in every language, case-folded for search; derived on save."),
    )

    objects = InvestorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="investor_kind_valid",
                violation_error_message=_("Unknown kind of organisation."),
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="investor_country_iso",
                violation_error_message=_("The country must be a two-letter ISO code in capitals."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        self.derive_search_fields()
        super().save(**_with_derived_fields(kwargs, ["search_name"]))

    def get_absolute_url(self):
        return reverse("projects:investor-detail", kwargs={"slug": self.slug})

    def derive_search_fields(self):
        self.search_name = fold_all(*(getattr(self, name) for name in get_translation_fields("name")))


class Source(models.Model):
    """A published document that the registry's facts come from."""

    title = models.CharField(_("title"), max_length=300, help_text=_("As published, in its own language."))
    url = models.URLField(_("URL"), max_length=500, unique=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("date published"), help_text=_("The date the source was published."))

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return f"{self.title} ({self.publisher}, {self.published_on:%Y-%m-%d})" if self.publisher else self.title


class ProjectQuerySet(models.QuerySet):
    # The registry's ordering keys (its `ordering` parameter) and what they order by.
    ORDER_KEYS = {"title": "localized_title", "updated": "updated_at", "investment": "investment_amount"}

    def published(self):
        return self.filter(is_published=True)

    def recently_updated(self):
        return self.order_by("-updated_at", "-pk")

    def status_counts(self):
        """[(Status, count)] for every status that has projects, in the lifecycle order of the codes."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("pk")))
        return [(status, counts[status.value]) for status in Status if counts.get(status.value)]

    def investment_by_currency(self):
        """Declared investment summed per currency: amounts in different currencies are never added up."""
        return list(
            self.exclude(investment_amount=None)
            .order_by("investment_currency")
            .values("investment_currency")
            .annotate(total=Sum("investment_amount"), projects=Count("pk"))
        )

    def for_listing(self):
        """Everything the registry rows show, in a fixed number of queries."""
        return self.select_related("district").prefetch_related(
            "specializations",
            Prefetch(
                "participations",
                queryset=ProjectInvestor.objects.select_related("investor"),
            ),
        )

    def for_page(self):
        """Everything a project's own page shows, in a fixed number of queries."""
        return self.for_listing().prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.select_related("source")), "sources", "images"
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

    def with_organisation(self, investor):
        """Projects the organisation takes part in, in any role."""
        return self.filter(Exists(ProjectInvestor.objects.filter(project=OuterRef("pk"), investor=investor)))

    def with_organisation_from(self, country):
        """Projects with an organisation registered in the country (ISO 3166 alpha-2 code)."""
        return self.filter(Exists(ProjectInvestor.objects.filter(project=OuterRef("pk"), investor__country=country)))

    def search(self, query):
        """Projects whose texts, or organisations' names, contain every word of the query in any language.

        Annotates `match_rank` for best_match_first(): 0 when the title holds every word, 1 when the
        other texts do, 2 when some word is found only in an organisation's name.
        """
        terms = search_terms(query)
        if not terms:
            return self.annotate(match_rank=Value(0))
        in_title = in_text = matches = Q()
        for term in terms:
            in_organisation = Exists(
                ProjectInvestor.objects.filter(project=OuterRef("pk"), investor__search_name__contains=term)
            )
            in_title &= Q(search_title__contains=term)
            in_text &= Q(search_text__contains=term)
            matches &= Q(search_text__contains=term) | in_organisation
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
            field = F(self.ORDER_KEYS[key.removeprefix("-")])
            ordering.append(field.desc(nulls_last=True) if key.startswith("-") else field.asc(nulls_last=True))
        return self.alias(localized_title=localized_sort_key("title")).order_by(*ordering, "localized_title", "pk")

    def order_by_title(self):
        return self.ordered_by("title")


class Project(GeoPoint):
    slug = models.SlugField(_("slug"), max_length=100, unique=True, help_text=_("Used in the project's URL."))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True, help_text=_("One or two sentences."))
    description = models.TextField(_("description"), blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="projects", verbose_name=_("district")
    )
    specializations = models.ManyToManyField(
        Specialization, related_name="projects", blank=True, verbose_name=_("specializations")
    )
    investors = models.ManyToManyField(
        Investor, through="ProjectInvestor", related_name="projects", blank=True, verbose_name=_("organisations")
    )
    sources = models.ManyToManyField(Source, related_name="projects", blank=True, verbose_name=_("sources"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.IDENTIFICATION,
        db_index=True,
        help_text=_("The status as last publicly reported (OC4IDS project status)."),
    )
    is_flagship = models.BooleanField(_("flagship"), default=False, db_index=True)
    investment_amount = models.DecimalField(
        _("capital investment"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only a published figure; leave empty when no source gives one."),
    )
    investment_currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[currency_code_validator],
        help_text=_("ISO 4217 code of the amount, e.g. KZT or USD."),
    )
    planned_jobs = models.PositiveIntegerField(
        _("planned jobs"), null=True, blank=True, help_text=_("Only a published figure.")
    )
    land_area_ha = models.DecimalField(
        _("land area (ha)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, db_index=True, help_text=_("Only published projects are public.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
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

    objects = ProjectQuerySet.as_manager()

    class Meta(GeoPoint.Meta):
        ordering = ["title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
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
                condition=Q(planned_jobs__isnull=True) | Q(planned_jobs__gte=0),
                name="project_jobs_non_negative",
                violation_error_message=_("The number of jobs cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(land_area_ha__isnull=True) | Q(land_area_ha__gte=0),
                name="project_area_non_negative",
                violation_error_message=_("The land area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_completion__isnull=True)
                | Q(planned_completion__gte=F("planned_start")),
                name="project_completion_after_start",
                violation_error_message=_("The planned completion cannot be before the planned start."),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "-updated_at"], name="project_published_updated"),
        ]

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        self.derive_search_fields()
        super().save(**_with_derived_fields(kwargs, ["search_title", "search_text"]))

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def derive_search_fields(self):
        self.search_title = fold_all(*(getattr(self, name) for name in get_translation_fields("title")))
        self.search_text = fold_all(
            *(getattr(self, name) for name in get_translation_fields("title", "summary", "description"))
        )

    @property
    def lead_participation(self):
        """The first-listed organisation's participation (uses the prefetched rows when present)."""
        return next(iter(self.participations.all()), None)

    @property
    def status_milestone(self):
        """The latest timeline entry reporting the current status: when it was reported (uses prefetched rows)."""
        reported = [milestone for milestone in self.milestones.all() if milestone.status == self.status]
        return reported[-1] if reported else None


class ProjectInvestorQuerySet(models.QuerySet):
    def in_published_projects(self):
        """Roles in published projects, with each project and its district, by project title."""
        return (
            self.filter(project__is_published=True)
            .select_related("project__district")
            .alias(project_title=localized_sort_key("project__title"))
            .order_by("project_title", "project_id", "order", "pk")
        )


class ProjectInvestor(models.Model):
    """An organisation's role in a project."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", verbose_name=_("project")
    )
    investor = models.ForeignKey(
        Investor, on_delete=models.PROTECT, related_name="participations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role, default=Role.FUNDER)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("The first one is the lead."))

    objects = ProjectInvestorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("organisation's role")
        verbose_name_plural = _("organisations and roles")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "investor", "role"],
                name="projectinvestor_unique_role",
                violation_error_message=_("This organisation already has this role in the project."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="projectinvestor_role_valid",
                violation_error_message=_("Unknown role."),
            ),
        ]

    def __str__(self):
        return f"{self.investor} — {self.get_role_display()}"


class Milestone(models.Model):
    """A dated entry in a project's timeline, such as a reported change of status."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("How exact the date is: a source that names only a month gives a month."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        blank=True,
        help_text=_("The project status reported on this date, if the entry reports one."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("source"),
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("timeline")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="milestone_date_precision_valid",
                violation_error_message=_("Unknown date precision."),
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=Status.values),
                name="milestone_status_valid",
                violation_error_message=_("Unknown project status."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class ProjectImage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="images", verbose_name=_("project"))
    image = models.ImageField(_("image"), upload_to="projects/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("alternative text"), max_length=300, help_text=_("What the image shows, for people who cannot see it.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.caption or self.alt_text


@receiver(pre_save, sender=Investor)
@receiver(pre_save, sender=Project)
def derive_search_fields_on_raw_save(sender, instance, raw, **kwargs):
    """loaddata saves through Model.save_base(raw=True), which bypasses save(): derive the search fields here too."""
    if raw:
        instance.derive_search_fields()
