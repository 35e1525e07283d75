"""Districts of Alatau City and the specializations they are planned for."""

from urllib.parse import urlencode

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .geojson import validate_polygon


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


class Specialization(models.Model):
    slug = models.SlugField(_("slug"), max_length=64, unique=True, help_text=_("Used in URLs and filters."))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("specialization")
        verbose_name_plural = _("specializations")

    def __str__(self):
        return self.name


class DistrictQuerySet(models.QuerySet):
    def for_listing(self):
        return self.prefetch_related("specializations")

    def with_project_counts(self):
        """Annotate `project_count`: the district's published projects."""
        return self.annotate(project_count=Count("projects", filter=Q(projects__is_published=True)))


class District(GeoPoint):
    slug = models.SlugField(_("slug"), max_length=32, unique=True, help_text=_("Used in URLs and filters."))
    name = models.CharField(_("name"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    location_text = models.TextField(
        _("location"), blank=True, help_text=_("Where the district lies, in words, as the sources put it.")
    )
    specializations = models.ManyToManyField(
        Specialization, related_name="districts", blank=True, verbose_name=_("specializations")
    )
    area_ha = models.DecimalField(
        _("area (ha)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Only where a source publishes it; leave empty otherwise."),
    )
    outline = models.JSONField(
        _("outline"),
        null=True,
        blank=True,
        validators=[validate_polygon],
        help_text=_("GeoJSON Polygon, [longitude, latitude] positions. Indicative: not a legal boundary."),
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    hero_image = models.ImageField(_("hero image"), upload_to="districts/", blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta(GeoPoint.Meta):
        ordering = ["order", "slug"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            *GeoPoint.Meta.constraints,
            models.CheckConstraint(
                condition=Q(area_ha__isnull=True) | Q(area_ha__gte=0),
                name="district_area_non_negative",
                violation_error_message=_("The area cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("districts:detail", kwargs={"slug": self.slug})

    @property
    def registry_url(self):
        """The project registry filtered to this district."""
        return f"{reverse('projects:list')}?{urlencode({'district': self.slug})}"
