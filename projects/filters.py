"""The registry's filters: every query parameter of /<lang>/projects/ (README.md, "The portal")."""

import hashlib
import re
from typing import NamedTuple

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Count
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

# Short labels: the select is as wide as the sidebar, in every language.
ORDERINGS = [
    ("title", _("Title, A–Z")),
    ("-title", _("Title, Z–A")),
    ("-updated", _("Newest updates")),
    ("updated", _("Oldest updates")),
    ("-investment", _("Largest investment")),
    ("investment", _("Smallest investment")),
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


class CurrencyCodeField(forms.CharField):
    """An ISO 4217 code, typed in either case."""

    default_validators = [RegexValidator(r"^[A-Z]{3}\Z", _("Choose a currency from the list."))]

    def to_python(self, value):
        value = super().to_python(value)
        return value.upper() if value.isascii() else value


class CurrencyFilter(django_filters.CharFilter):
    field_class = CurrencyCodeField


def investment_filter(label, lookup_expr):
    """A bound on the headline investment, which fits the column (18 digits, 2 decimals). It is in the currency
    the `currency` filter names: the form refuses a bound without one (ProjectFilterForm)."""
    return django_filters.NumberFilter(
        label=label,
        field_name="investment_amount",
        lookup_expr=lookup_expr,
        widget=AmountInput,
        min_value=0,
        max_digits=18,
        decimal_places=2,
    )


def currencies_of_investments():
    projects = Project.objects.published().exclude(investment_currency="")
    return list(projects.order_by("investment_currency").values_list("investment_currency", flat=True).distinct())


class CurrencyChoices(BaseChoiceIterator):
    """The currencies of published projects' headline investments, when the select is rendered: once per
    registry version."""

    def __iter__(self):
        yield "", _("Any currency")
        yield from ((code, code) for code in cached("registry-currencies", currencies_of_investments))


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


def amount_text(amount):
    """An amount as the page's language writes it: "1,000,000", "1 000 000,5"."""
    amount = amount.quantize(1) if amount == amount.to_integral_value() else amount.normalize()
    return formats.number_format(amount, use_l10n=True, force_grouping=True)


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


class FacetOption(NamedTuple):
    value: str
    label: str
    count: int | None  # None when the form has errors and nothing is counted
    selected: bool


class Facet(NamedTuple):
    field: forms.BoundField
    options: list  # of FacetOption


AMOUNTS = ("investment_min", "investment_max")


class ProjectFilterForm(forms.Form):
    """The registry's form: amounts are compared only within one currency, never across currencies."""

    def clean(self):
        data = super().clean()
        amounts = any(data.get(name) is not None for name in AMOUNTS)
        if amounts and not data.get("currency") and "currency" not in self.errors:
            self.add_error("currency", _("Choose the currency of the amounts."))
        low, high = data.get("investment_min"), data.get("investment_max")
        if low is not None and high is not None and low > high:
            self.add_error("investment_max", _("Enter an amount no smaller than the one it goes up from."))
        return data


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
    currency = CurrencyFilter(
        label=_("Currency"),
        field_name="investment_currency",
        help_text=_("Projects whose investment is stated in this currency; amounts are never converted."),
        widget=forms.Select(choices=CurrencyChoices()),
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
        empty_label=_("Best match or title"),
        error_messages={"invalid_choice": _("Choose an order from the list.")},
    )

    class Meta:
        model = Project
        fields = []
        form = ProjectFilterForm

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
        amounts = [name for name in AMOUNTS if data[name] is not None]
        for name in amounts:
            chips.append(self._chip(name, f"{amount_text(data[name])} {data['currency']}"))
        if data["currency"] and not amounts:  # else the amounts name it
            chips.append(self._chip("currency", data["currency"]))
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
            else:
                words.append(f"{chip.label}: {chip.value}")
        return Truncator(", ".join(words)).chars(120)

    @property
    def searched(self):
        """The words searched for, or "" (also without a query string, where the form has no cleaned data)."""
        return (self.form.cleaned_data.get("q") or "") if self.is_valid() else ""

    def countries_offered(self):
        """Whether the country filter has a country to offer, or one is chosen: without, the page leaves it out."""
        chosen = self.is_bound and self.data.get("country")
        return bool(chosen or cached("registry-countries", countries_taking_part))

    def active_filter_count(self):
        """How many filter values are in use; the searched words are a search, not a filter."""
        return sum(chip.name != "q" for chip in self.active_filters())

    # The checkbox filters, whose options show how many projects each would give.
    FACETS = ("district", "specialization", "status")

    def cache_key(self):
        """A key for the parameters that decide which projects match (not `page` nor `ordering`)."""
        filters = sorted(
            (key, value)
            for key, values in (self.data.lists() if self.is_bound else [])
            for value in values
            if key not in {"page", "ordering"}
        )
        return hashlib.sha256(repr(filters).encode()).hexdigest()

    @cached_property
    def facets(self):
        """The checkbox filters, each option with the number of projects it gives together with the other
        filters in use (standard faceting: a facet's own choice is left out of its counts). Options that give
        none are left out, unless chosen: a chosen option can always be unticked. Nothing is counted while the
        form has errors."""
        counts = cached(f"registry-facets:{self.cache_key()}", self._count_facets) if self._countable() else {}
        facets = []
        for name in self.FACETS:
            field = self.form[name]
            chosen = set(self.data.getlist(name)) if self.is_bound else set()
            options = []
            for value, label in field.field.choices:
                # A district's or specialization's count is under its primary key, its option's value its slug.
                key = value.instance.pk if hasattr(value, "instance") else value
                value = str(value)
                count = counts[name].get(key, 0) if counts else None
                if count != 0 or value in chosen:
                    options.append(FacetOption(value, label, count, value in chosen))
            facets.append(Facet(field, options))
        return facets

    def _countable(self):
        return not self.is_bound or self.is_valid()

    def _count_facets(self):
        """{facet: {option: projects}}: one GROUP BY query per facet, on the projects' own columns (districts and
        specializations by primary key: a join to their slugs costs as much again at 100,000 projects)."""
        by_specialization = Project.specializations.through.objects.filter(
            project__in=self._filtered_without("specialization").values("pk")
        )
        return {
            "district": self._count(self._filtered_without("district"), "district_id"),
            "specialization": self._count(by_specialization, "specialization_id"),
            "status": self._count(self._filtered_without("status"), "status"),
        }

    @staticmethod
    def _count(queryset, field):
        return dict(queryset.order_by().values_list(field).annotate(projects=Count("pk")))

    def _filtered_without(self, left_out):
        """The projects that every filter in use but `left_out` gives (in no order)."""
        queryset = self.queryset.order_by().prefetch_related(None)
        if not self.is_bound:
            return queryset
        for name, value in self.form.cleaned_data.items():
            if name not in {left_out, "ordering"}:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

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
            RejectedParameter(field.label, " ".join(field.errors), field.auto_id, self._url_without_all(field.name))
            for field in self.form
            if field.errors
        ]

    def _url_without_all(self, name):
        """This page's URL without a parameter, and without the amounts when it is their currency."""
        query = self._query_without(name)
        if name == "currency":
            for amount in AMOUNTS:
                query.pop(amount, None)
        return f"{self.request.path}?{query.urlencode()}" if query else self.request.path

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
