"""The registry's filters: every query parameter of /<lang>/projects/ (README.md, "The portal")."""

import re
from decimal import Decimal
from typing import NamedTuple

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.http import HttpResponseBadRequest, HttpResponsePermanentRedirect, QueryDict
from django.urls import reverse, reverse_lazy
from django.utils import formats
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from districts.caching import cached
from districts.models import District, Specialization

from .models import Project, Status

# Never echo a rejected value back: it may be kilobytes long. Say what to do instead.
CHOOSE_DISTRICTS = {
    "invalid_choice": _("Choose districts from the list."),
    "invalid_pk_value": _("Choose districts from the list."),
}
CHOOSE_SPECIALIZATIONS = {
    "invalid_choice": _("Choose specializations from the list."),
    "invalid_pk_value": _("Choose specializations from the list."),
}

ORDERINGS = [
    ("title", _("Title, A to Z")),
    ("-title", _("Title, Z to A")),
    ("-updated", _("Recently updated first")),
    ("updated", _("Least recently updated first")),
    ("-investment", _("Largest investment first")),
    ("investment", _("Smallest investment first")),
]

FLAGSHIP_CHOICES = [
    ("", _("All projects")),
    ("true", _("Flagship projects only")),
    ("false", _("Other projects only")),
]


class AmountInput(forms.NumberInput):
    """A number input that leaves out a rejected value such as "abc": HTML allows only numbers there."""

    number = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?")

    def format_value(self, value):
        value = super().format_value(value)
        return value if value is None or self.number.fullmatch(value) else None


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, typed in either case."""

    default_validators = [RegexValidator(r"^[A-Z]{2}\Z", _("Enter a two-letter country code, such as KZ."))]

    def to_python(self, value):
        value = super().to_python(value)
        return value.upper() if value.isascii() else value


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


def investment_filter(label, lookup_expr):
    """A bound on the declared investment, which fits the column (18 digits, 2 decimals)."""
    return django_filters.NumberFilter(
        label=label,
        field_name="investment_amount",
        lookup_expr=lookup_expr,
        widget=AmountInput,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        help_text=_("In each project's own currency (such as USD or KZT): amounts are not converted."),
    )


def countries_taking_part():
    organisations = Project.objects.published().organisations().exclude(country="")
    return list(organisations.order_by("country").values_list("country", flat=True).distinct())


class CountryChoices(BaseChoiceIterator):
    """The countries of organisations in published projects (at most the world's 249), when the select is
    rendered: once per registry version."""

    def __iter__(self):
        # The blank choice comes first without a query: widgets peek at it to decide on `required`.
        yield "", _("Any country")
        yield from ((code, code) for code in cached("registry-countries", countries_taking_part))


class ProjectOrderingFilter(django_filters.OrderingFilter):
    """Orders through ProjectQuerySet.ordered_by(): titles in the page's language, unpublished amounts last."""

    def filter(self, qs, value):
        return qs.ordered_by(*value) if value else qs


class ActiveFilter(NamedTuple):
    label: str
    value: object
    remove_url: str
    name: str  # the parameter


class RejectedParameter(NamedTuple):
    label: str
    messages: str
    field_id: str
    remove_url: str


def renamed_parameter_redirect(request):
    """The filter was called `investor` before organisations got their one name: an address that still uses it
    answers 301 with `organisation` (the registry, its downloads and its feed alike); None for any other."""
    if "investor" not in request.GET:
        return None
    query = request.GET.copy()
    query.setlist("organisation", query.pop("investor") + query.getlist("organisation"))
    return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")


def filterset_for_machines(request, queryset):
    """(the registry's FilterSet over `queryset` for this request, None), or (None, the answer instead) for the
    addresses machines read (the downloads, the feed): a 301 for a renamed parameter, or a 400 whose plain text
    is the registry's messages, one a line."""
    if redirect := renamed_parameter_redirect(request):
        return None, redirect
    filterset = ProjectFilterSet(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        text = "".join(f"{message}\n" for errors in filterset.form.errors.values() for message in errors)
        return None, HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
    return filterset, None


class ProjectFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=200,
        help_text=_("Words from a title, description or organisation name, in any of the three languages."),
    )
    district = django_filters.ModelMultipleChoiceFilter(
        label=_("District"),
        field_name="district__slug",
        to_field_name="slug",
        queryset=District.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
        error_messages=CHOOSE_DISTRICTS,
    )
    specialization = django_filters.ModelMultipleChoiceFilter(
        label=_("Specialization"),
        method="filter_specialization",
        to_field_name="slug",
        queryset=Specialization.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=CHOOSE_SPECIALIZATIONS,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
        error_messages={"invalid_choice": _("Choose statuses from the list.")},
    )
    # A text field, not a list: a registry has thousands of organisations.
    organisation = django_filters.CharFilter(
        label=_("Organisation"),
        method="filter_organisation",
        max_length=200,
        help_text=_("Its name, or a part of it, in any of the three languages."),
        # static/js/suggest.js offers the names that match as the user types.
        widget=forms.TextInput(
            attrs={"data-suggestions": reverse_lazy("projects:organisation-suggestions"), "autocomplete": "off"}
        ),
    )
    country = CountryFilter(
        label=_("Country of an organisation"),
        method="filter_country",
        widget=forms.Select(choices=CountryChoices()),
    )
    investment_min = investment_filter(_("Investment from"), "gte")
    investment_max = investment_filter(_("Investment up to"), "lte")
    flagship = django_filters.BooleanFilter(
        label=_("Flagship projects"),
        field_name="is_flagship",
        help_text=_("An editorial mark of the registry, not a status any source gives."),
        widget=forms.Select(choices=FLAGSHIP_CHOICES),
    )
    ordering = ProjectOrderingFilter(
        label=_("Sort by"),
        choices=ORDERINGS,
        empty_label=_("Best match, else title"),
        error_messages={"invalid_choice": _("Choose an order from the list.")},
    )

    class Meta:
        model = Project
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_specialization(self, queryset, name, value):
        return queryset.with_specializations(value) if value else queryset

    def filter_organisation(self, queryset, name, value):
        return queryset.with_organisation_matching(value)

    def filter_country(self, queryset, name, value):
        return queryset.with_organisation_from(value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.form.cleaned_data.get("q") and not self.form.cleaned_data.get("ordering"):
            return queryset.best_match_first()
        return queryset

    # Organisations suggested for a name typed in the organisation field.
    SUGGESTIONS = 10

    @cached_property
    def chosen_organisation(self):
        """The organisation of a published project that the organisation filter names by its slug, if any (links
        from organisation pages do)."""
        text = self.form.cleaned_data.get("organisation") if self.is_valid() else ""
        return Project.objects.published().organisations().filter(slug=text).first() if text else None

    @cached_property
    def organisation_suggestions(self):
        """For a typed name: up to SUGGESTIONS + 1 organisations of published projects that it matches, each with
        a link that filters by that one only. Plain links, so the suggestions work without JavaScript."""
        text = self.form.cleaned_data.get("organisation") if self.is_valid() else ""
        if not text or self.chosen_organisation:
            return []
        return [
            (organisation, self._url_with("organisation", organisation.slug))
            for organisation in self.organisations_named(text)[: self.SUGGESTIONS + 1]
        ]

    @staticmethod
    def organisations_named(text):
        """The organisations of published projects whose names contain the words of `text`, by name."""
        return Project.objects.published().organisations().matching(text).order_by_name()

    def active_filters(self):
        """Each filter value in use, with a link to the same page without just that value."""
        if not self.is_valid():
            return []
        data = self.form.cleaned_data
        chips = []
        if data["q"]:
            chips.append(self._chip("q", data["q"]))
        for district in data["district"]:
            chips.append(self._chip("district", district.name, district.slug))
        for specialization in data["specialization"]:
            chips.append(self._chip("specialization", specialization.name, specialization.slug))
        for code in data["status"]:
            chips.append(self._chip("status", Status(code).label, code))
        if data["organisation"]:
            chips.append(self._chip("organisation", getattr(self.chosen_organisation, "name", data["organisation"])))
        if data["country"]:
            chips.append(self._chip("country", data["country"]))
        for name in ("investment_min", "investment_max"):
            if data[name] is not None:
                chips.append(self._chip(name, data[name]))
        if data["flagship"] is not None:
            chips.append(self._chip("flagship", dict(FLAGSHIP_CHOICES)[str(data["flagship"]).lower()]))
        return chips

    # Filters whose values name themselves in a title ("Gate District", "Planned"); the others need their label.
    NAMED_BY_VALUE = frozenset({"district", "specialization", "status", "flagship"})

    def in_words(self):
        """The filters in use in a few words, the searched words last, for the title of a feed: "Gate District,
        Being implemented, “зауыт”"; "" without filters."""
        words = []
        for chip in sorted(self.active_filters(), key=lambda chip: chip.name == "q"):
            if chip.name == "q":
                words.append(_("“%(text)s”") % {"text": Truncator(chip.value).chars(40)})
            elif chip.name in self.NAMED_BY_VALUE:
                words.append(str(chip.value))
            elif isinstance(chip.value, Decimal):
                words.append(f"{chip.label}: {formats.number_format(chip.value, use_l10n=True, force_grouping=True)}")
            else:
                words.append(f"{chip.label}: {chip.value}")
        return Truncator(", ".join(words)).chars(120)

    def query_string(self, *left_out):
        """The parameters given but `page`, `left_out` ones and empty values: "?district=gate&q=…", or ""."""
        if not self.is_bound:
            return ""
        query = self._query_without("page")
        for name in left_out:
            query.pop(name, None)
        return f"?{query.urlencode()}" if query else ""

    def feed_url(self):
        """The Atom feed of these filters (projects/feeds.py). Without `ordering`: a feed is ordered by its updates."""
        return reverse("projects:feed") + self.query_string("ordering")

    def rejected_parameters(self):
        """What the form rejected: for each parameter its label, the messages and a link to the page without it."""
        return [
            RejectedParameter(field.label, " ".join(field.errors), field.auto_id, self._url_without(field.name))
            for field in self.form
            if field.errors
        ]

    def _chip(self, name, value, raw_value=None):
        return ActiveFilter(self.form.fields[name].label, value, self._url_without(name, raw_value), name)

    def _url_with(self, name, value):
        """This page's URL with one parameter set to `value`, back on the first page."""
        query = QueryDict(mutable=True)
        for key, values in self.data.lists():
            if key not in {name, "page"}:
                query.setlist(key, values)
        query[name] = value
        return f"{self.request.path}?{query.urlencode()}"

    def _url_without(self, name, raw_value=None):
        """This page's URL without one value of a parameter (or all its values), back on the first page."""
        query = self._query_without(name, raw_value)
        return f"{self.request.path}?{query.urlencode()}" if query else self.request.path

    def _query_without(self, name, raw_value=None):
        """The parameters given without one value of a parameter (or all its values), `page` or empty values."""
        query = QueryDict(mutable=True)
        for key, values in self.data.lists():
            removed = key == "page" or key == name and raw_value is None
            kept = [value for value in values if value and not (key == name and value == raw_value)]
            if kept and not removed:
                query.setlist(key, kept)
        return query
