"""The project registry: organisations, projects, their investors, timeline, sources and images."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Prefetch, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from districts.models import District, GeoPoint, Specialization

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166 country code in capitals, e.g. KZ.")
)
currency_code_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 currency code in capitals, e.g. KZT.")
)


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

    def get_absolute_url(self):
        return reverse("projects:investor-detail", kwargs={"slug": self.slug})


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

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    @property
    def lead_participation(self):
        """The first-listed organisation's participation (uses the prefetched rows when present)."""
        return next(iter(self.participations.all()), None)


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
