"""The ground the registry stands on: the city's districts and specializations, the published sources every
fact comes from, and the sourced figures and dated events about the city itself.

`projects` builds on this app; nothing here knows about projects.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from images.fields import PictureField

from .geojson import validate_polygon

currency_code_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Enter a three-letter ISO 4217 currency code in capitals, e.g. KZT.")
)


def same_value(current, loaded):
    """Whether a field still holds what it was loaded with; an empty text and no text are the same
    (modeltranslation stores an untranslated text as NULL, a form cleans it to "")."""
    return current == loaded or (current in (None, "") and loaded in (None, ""))


class ChangeAware(models.Model):
    """Knows which of its fields differ from the row it was loaded from.

    A save that changes nothing writes no history entry (django-simple-history skips an instance that
    carries `skip_history_when_saving`), so "history" and "last updated" only ever record real edits.
    """

    # Audit and derived columns: writing them is not an edit.
    NOT_EDITS = frozenset()

    class Meta:
        abstract = True

    def save(self, **kwargs):
        unchanged = not self._state.adding and not self.has_changes()
        if unchanged:
            # django-simple-history writes no entry for an instance that carries this attribute.
            self.skip_history_when_saving = True
        try:
            super().save(**kwargs)
        finally:
            if unchanged:
                del self.skip_history_when_saving
        self._remember_saved_values()

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        # What the row holds now is what later edits are measured against.
        reloaded = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if fields is None or field.name in fields or field.attname in fields
        }
        self._loaded_values = getattr(self, "_loaded_values", {}) | reloaded

    def _remember_saved_values(self):
        self._loaded_values = {field.attname: getattr(self, field.attname) for field in self._meta.concrete_fields}

    def changed_fields(self):
        """Names of the edited fields since the row was loaded; every field for a new or unknown row."""
        loaded = getattr(self, "_loaded_values", None)
        if self._state.adding or loaded is None:
            return [field.attname for field in self._meta.concrete_fields]
        # modeltranslation's base field (`title`) reads the active language: compare its columns instead.
        try:
            translated = set(translator.get_options_for_model(type(self)).all_fields)
        except NotRegistered:
            translated = set()
        return [
            name
            for name, value in loaded.items()
            if name not in self.NOT_EDITS and name not in translated and not same_value(getattr(self, name), value)
        ]

    def has_changes(self):
        return bool(self.changed_fields())


class GeoPoint(models.Model):
    """An optional point in WGS 84; both coordinates or neither."""

    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, WGS 84, e.g. 43.66."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, WGS 84, e.g. 76.98."),
    )
    location_is_indicative = models.BooleanField(
        _("location is indicative"),
        default=True,
        help_text=_("Shown as approximate: no source publishes an exact location."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="%(app_label)s_%(class)s_point_valid",
                violation_error_message=_("Give both latitude and longitude, within range, or neither."),
            ),
        ]

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


class SourceQuerySet(models.QuerySet):
    def cited_by_the_city(self):
        """Sources of the figures and events about the city and its districts (all of them public)."""
        return self.filter(Q(cityfigures__isnull=False) | Q(cityevents__isnull=False)).distinct()


class Source(models.Model):
    """A published document that the registry's facts come from."""

    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("As published, in its own language. Leave empty when it is not known: pages then name the site."),
    )
    language = models.CharField(
        _("language of the title"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^[a-z]{2,3}$", _("Enter an ISO 639 language code, e.g. ru, kk, en."))],
        help_text=_("ISO 639 code such as ru, kk, en or uz, so that browsers and screen readers read it right."),
    )
    url = models.URLField(_("URL"), max_length=500, unique=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(
        _("date published"),
        null=True,
        blank=True,
        help_text=_("The date the page gives for itself. Leave empty when it shows none."),
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "publisher", "url"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        date = f"{self.published_on:%Y-%m-%d}" if self.published_on else _("undated")
        return f"{self.name} ({self.publisher or self.site}, {date})"

    @property
    def site(self):
        """The site's host name, e.g. kazpravda.kz."""
        return urlsplit(self.url).hostname.removeprefix("www.")

    @property
    def name(self):
        """How pages name the source: its title, or, when that is not known, its publisher or site."""
        return self.title or self.publisher or self.site


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class TimelineEntry(models.Model):
    """A dated entry, as a source reports it: something that happened, or a plan as of the source's date."""

    date = models.DateField(_("date"), help_text=_("For a month or a year, its first day."))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        help_text=_("How exact the date is: a source that names only a month gives a month."),
    )
    is_planned = models.BooleanField(
        _("planned"),
        default=False,
        help_text=_("A plan as the source stated it on its date, not something that has happened."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("source"),
    )

    class Meta:
        abstract = True
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="%(app_label)s_%(class)s_date_precision_valid",
                violation_error_message=_("Unknown date precision."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class Qualifier(models.TextChoices):
    """How a source states a figure: "about", "around" and "close to" all read "about"."""

    EXACT = "exact", _("as stated")
    ABOUT = "about", _("about")
    MORE_THAN = "more_than", _("more than")


class Unit(models.TextChoices):
    HECTARES = "ha", _("hectares")
    SQUARE_METRES = "m2", _("square metres")
    METRES = "m", _("metres")
    TONNES_A_YEAR = "t/yr", _("tonnes a year")
    SEATS = "seats", _("seats")
    COUNT = "count", _("number")
    MONEY = "money", _("amount of money")


class SourcedFigure(models.Model):
    """A quantity exactly as one published source states it: its value, unit, whether it is approximate,
    and the source. Two sources that give different figures are two rows, shown side by side, never merged.

    Subclasses add `kind` (what is counted or measured) and `UNITS` (the unit of each kind).
    """

    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[currency_code_validator],
        help_text=_("ISO 4217 code, for amounts of money only, e.g. KZT or USD."),
    )
    qualifier = models.CharField(
        _("as the source puts it"),
        max_length=10,
        choices=Qualifier,
        default=Qualifier.EXACT,
        help_text=_("A figure the source gives as “about”, “around”, “close to” or “more than” is shown so."),
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("The date the figure refers to, if the source gives one (e.g. a population on 1 December)."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("What the source adds, e.g. “when all phases finish”.")
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="%(class)ss", verbose_name=_("source"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        # The editor's order, then the newest source first; the first figure of a kind is its headline.
        ordering = ["order", models.F("source__published_on").desc(nulls_last=True), "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value} {self.currency or self.get_unit_display()}"

    @property
    def unit(self):
        return self.UNITS[self.kind]

    def get_unit_display(self):
        return Unit(self.unit).label


def figures_by_kind(figures, kinds, always=()):
    """[(label, [figures])] in the order of the `kinds` choices; the kinds in `always` even without a figure."""
    grouped = {kind: [] for kind in kinds}
    for figure in figures:
        grouped[figure.kind].append(figure)
    return [(kind.label, grouped[kind]) for kind in kinds if grouped[kind] or kind in always]


def figure_constraints(model_name, kinds, money_kinds=()):
    """Database rules every table of figures shares: known kind and qualifier, no negative value, and a
    currency for an amount of money, and only for one."""
    return [
        models.CheckConstraint(
            condition=Q(kind__in=kinds),
            name=f"{model_name}_kind_valid",
            violation_error_message=_("Unknown kind of figure."),
        ),
        models.CheckConstraint(
            condition=Q(qualifier__in=Qualifier.values),
            name=f"{model_name}_qualifier_valid",
            violation_error_message=_("Unknown qualifier."),
        ),
        models.CheckConstraint(
            condition=Q(value__gte=0),
            name=f"{model_name}_value_non_negative",
            violation_error_message=_("A figure cannot be negative."),
        ),
        models.CheckConstraint(
            condition=Q(kind__in=money_kinds, currency__regex=r"^[A-Z]{3}$")
            | (~Q(kind__in=money_kinds) & Q(currency="")),
            name=f"{model_name}_currency_for_money",
            violation_error_message=_("An amount of money needs its ISO 4217 currency; other figures have none."),
        ),
    ]


class Sector(models.TextChoices):
    """OC4IDS projectSector codes (the top level of the codelist). The codes are exchanged as they are."""

    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    ENERGY = "energy", _("Energy")
    COMMUNICATIONS = "communications", _("Communications")
    WATER_AND_WASTE = "waterAndWaste", _("Water and waste")
    GOVERNANCE = "governance", _("Governance")
    ECONOMY = "economy", _("Economy, including industry, logistics, trade and science")
    CULTURE_SPORTS_AND_RECREATION = "cultureSportsAndRecreation", _("Culture, sports and recreation")
    TRANSPORT = "transport", _("Transport")
    SOCIAL_HOUSING = "socialHousing", _("Social housing")
    NATURAL_RESOURCES = "naturalResources", _("Natural resources")


class Specialization(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True, help_text=_("Used in URLs and filters."))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    sector = models.CharField(
        _("OC4IDS sector"),
        max_length=32,
        choices=Sector,
        blank=True,
        help_text=_(
            "The sector of the open data standard that projects with this specialization belong to. "
            "OC4IDS has no industry or logistics sector: those are Economy."
        ),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("specialization")
        verbose_name_plural = _("specializations")

    def __str__(self):
        return self.name


class DistrictQuerySet(models.QuerySet):
    def for_listing(self):
        """Districts with their specializations and sourced figures, in a fixed number of queries."""
        return self.prefetch_related(
            "specializations",
            models.Prefetch("figures", queryset=CityFigure.objects.select_related("source")),
        )


class District(ChangeAware, GeoPoint):
    slug = models.SlugField(_("slug"), max_length=32, unique=True, help_text=_("Used in URLs and filters."))
    name = models.CharField(_("name"), max_length=120)
    tagline = models.CharField(_("short description"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    location_text = models.TextField(
        _("location"), blank=True, help_text=_("Where the district lies, in words, as the sources put it.")
    )
    specializations = models.ManyToManyField(
        Specialization, related_name="districts", blank=True, verbose_name=_("specializations")
    )
    outline = models.JSONField(
        _("outline"),
        null=True,
        blank=True,
        validators=[validate_polygon],
        help_text=_("GeoJSON Polygon, [longitude, latitude] positions. Indicative: not a legal boundary."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    hero_image = PictureField(
        _("hero image"),
        upload_to="districts/%Y/%m/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(_("hero image width (px)"), null=True, blank=True, editable=False)
    hero_image_height = models.PositiveIntegerField(_("hero image height (px)"), null=True, blank=True, editable=False)
    hero_image_alt = models.CharField(
        _("hero image: alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it; needed in every language with an image."),
    )
    hero_image_credit = models.CharField(
        _("hero image: credit and licence"),
        max_length=300,
        blank=True,
        help_text=_("Who made the image and under which licence, e.g. “Photo: Alatau City Project Office, CC BY 4.0”."),
    )

    objects = DistrictQuerySet.as_manager()

    class Meta(GeoPoint.Meta):
        ordering = ["order", "slug"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("districts:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        missing = [code for code, _name in settings.LANGUAGES if not getattr(self, f"hero_image_alt_{code}", "")]
        if self.hero_image and missing:
            message = _("Describe the hero image for people who cannot see it.")
            raise ValidationError({f"hero_image_alt_{code}": message for code in missing})

    def figure_groups(self):
        """The district's figures by kind, its area always (uses the prefetched figures)."""
        return figures_by_kind(self.figures.all(), CityFigureKind, always=[CityFigureKind.AREA])


class CityFigureKind(models.TextChoices):
    AREA = "area", _("Area")
    SEZ_AREA = "sez_area", _("Area of the special economic zone")
    POPULATION = "population", _("Population")
    PLANNED_POPULATION = "planned_population", _("Planned residents")
    PLANNED_JOBS = "planned_jobs", _("Planned jobs")
    HOUSING_AREA = "housing_area", _("Planned housing")
    RETAIL_AREA = "retail_area", _("Planned retail space")


class CityFigure(SourcedFigure):
    """A sourced figure about one district, or about the whole city when no district is given."""

    UNITS = {
        CityFigureKind.AREA: Unit.HECTARES,
        CityFigureKind.SEZ_AREA: Unit.HECTARES,
        CityFigureKind.POPULATION: Unit.COUNT,
        CityFigureKind.PLANNED_POPULATION: Unit.COUNT,
        CityFigureKind.PLANNED_JOBS: Unit.COUNT,
        CityFigureKind.HOUSING_AREA: Unit.SQUARE_METRES,
        CityFigureKind.RETAIL_AREA: Unit.SQUARE_METRES,
    }

    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("district"),
        help_text=_("Empty for a figure about the whole city."),
    )
    kind = models.CharField(_("figure"), max_length=20, choices=CityFigureKind)

    class Meta(SourcedFigure.Meta):
        verbose_name = _("figure about the city")
        verbose_name_plural = _("figures about the city")
        constraints = figure_constraints("cityfigure", CityFigureKind.values)


class CityEvent(TimelineEntry):
    """A dated event in the life of the city, such as a decree or a law, with its source."""

    class Meta(TimelineEntry.Meta):
        verbose_name = _("event in the city's timeline")
        verbose_name_plural = _("the city's timeline")


class RegistryVersion(models.Model):
    """One row whose `value` grows with every write to the registry's tables.

    Database triggers (districts/versioning.py) raise it on any INSERT, UPDATE or DELETE, whoever writes: the
    admin, an import, the shell, a bulk update or plain SQL. Cached pages and figures are keyed on it, so a
    change is never served stale. The value is a microsecond timestamp (or the last value plus one), so that a
    database restored from a backup never reuses a version a cache already holds.
    """

    value = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("registry version")
        verbose_name_plural = _("registry version")

    def __str__(self):
        return str(self.value)

    @classmethod
    def current(cls):
        """The version now: one read of one row by its key (in plain SQL: a cached page costs little more than
        this query, and the ORM would double it)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {connection.ops.quote_name(cls._meta.db_table)} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else 0
