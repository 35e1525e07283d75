"""The registry /<lang>/projects/: every filter, ordering, paging, chips, and no server error for any input."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.utils import translation

from projects.models import Project, Status

from . import factories

pytestmark = pytest.mark.django_db

REGISTRY = "/en/projects/"


def titles(response):
    return [project.title for project in response.context["page_obj"].object_list]


def get(client, language="en", **params):
    return client.get(f"/{language}/projects/", params)


def test_registry_lists_published_projects_by_title(client):
    for title in ("Gamma", "Alpha", "beta"):
        factories.make_project(title_en=title)
    response = client.get(REGISTRY)
    assert response.status_code == 200
    assert titles(response) == ["Alpha", "beta", "Gamma"]
    assert "3 projects" in response.content.decode()


def test_drafts_never_appear_in_results_or_counts(client):
    factories.make_project(title_en="Public plant")
    factories.make_project(title_en="Draft plant", is_published=False)
    for response in (client.get(REGISTRY), get(client, q="plant"), get(client, status="implementation")):
        assert titles(response) == ["Public plant"]
        assert response.context["paginator"].count == 1
        assert "Draft plant" not in response.content.decode()


def test_english_titles_sort_with_russian_fallback_for_missing_translations(client):
    factories.make_project(title_ru="Яблоко", title_en="Apple")
    factories.make_project(title_ru="Banana", title_en="")
    factories.make_project(title_ru="Bишня", title_en="Cherry")
    factories.make_project(title_ru="Durian", title_en=None)
    assert titles(client.get(REGISTRY)) == ["Apple", "Banana", "Cherry", "Durian"]
    assert titles(get(client, ordering="-title")) == ["Durian", "Cherry", "Banana", "Apple"]


def test_russian_page_sorts_by_russian_title(client):
    factories.make_project(title_ru="Яблоко", title_en="Apple")
    factories.make_project(title_ru="Вишня", title_en="Cherry")
    with translation.override("ru"):
        assert titles(get(client, "ru")) == ["Вишня", "Яблоко"]


def test_ordering_by_investment_puts_unpublished_amounts_last_both_ways(client):
    factories.make_project(title_en="Small", investment_amount=Decimal(10), investment_currency="USD")
    factories.make_project(title_en="Unknown")
    factories.make_project(title_en="Large", investment_amount=Decimal(1000), investment_currency="KZT")
    assert titles(get(client, ordering="-investment")) == ["Large", "Small", "Unknown"]
    assert titles(get(client, ordering="investment")) == ["Small", "Large", "Unknown"]


def test_ordering_by_last_update(client):
    older = factories.make_project(title_en="Older")
    factories.make_project(title_en="Newer")
    Project.objects.filter(pk=older.pk).update(updated_at="2020-01-01T00:00:00Z")
    assert titles(get(client, ordering="-updated")) == ["Newer", "Older"]
    assert titles(get(client, ordering="updated")) == ["Older", "Newer"]


def test_search_orders_best_matches_first_unless_an_ordering_is_chosen(client):
    factories.make_project(title_en="Bakery", summary_en="Near the harbour")
    factories.make_project(title_en="Harbour terminal")
    assert titles(get(client, q="harbour")) == ["Harbour terminal", "Bakery"]
    assert titles(get(client, q="harbour", ordering="title")) == ["Bakery", "Harbour terminal"]


def test_district_filter_takes_several_slugs(client):
    gate, golden, green = (factories.make_district(slug=slug) for slug in ("gate", "golden", "green"))
    factories.make_project(title_en="In Gate", district=gate)
    factories.make_project(title_en="In Golden", district=golden)
    factories.make_project(title_en="In Green", district=green)
    assert titles(get(client, district="gate")) == ["In Gate"]
    assert titles(client.get(REGISTRY + "?district=gate&district=green")) == ["In Gate", "In Green"]


def test_specialization_filter_takes_several_slugs_without_repeating_projects(client):
    industry = factories.make_specialization(slug="industry")
    logistics = factories.make_specialization(slug="logistics")
    factories.make_specialization(slug="tourism")
    both = factories.make_project(title_en="Hub")
    both.specializations.set([industry, logistics])
    factories.make_project(title_en="Factory").specializations.set([industry])
    factories.make_project(title_en="Unrelated")
    response = client.get(REGISTRY + "?specialization=industry&specialization=logistics")
    assert titles(response) == ["Factory", "Hub"]
    assert titles(get(client, specialization="tourism")) == []


def test_status_filter_takes_several_codes(client):
    factories.make_project(title_en="Idea", status=Status.IDENTIFICATION)
    factories.make_project(title_en="Plan", status=Status.PREPARATION)
    factories.make_project(title_en="Site", status=Status.IMPLEMENTATION)
    assert titles(get(client, status="preparation")) == ["Plan"]
    assert titles(client.get(REGISTRY + "?status=identification&status=implementation")) == ["Idea", "Site"]


def test_organisation_filter_finds_projects_in_any_role(client):
    pepsico = factories.make_organisation(slug="pepsico")
    factories.make_project(title_en="Plant", organisation=pepsico)
    factories.make_project(title_en="Hub", organisation=pepsico, role="supplier")
    factories.make_project(title_en="Other", organisation=factories.make_organisation())
    assert titles(get(client, organisation="pepsico")) == ["Hub", "Plant"]


def test_country_filter_matches_any_participating_organisation_in_either_case(client):
    german = factories.make_organisation(country="DE")
    project = factories.make_project(title_en="Hub", organisation=factories.make_organisation(country="KZ"))
    project.participations.create(organisation=german, role="supplier", order=1)
    factories.make_project(title_en="Local", organisation=factories.make_organisation(country="KZ"))
    assert titles(get(client, country="de")) == ["Hub"]
    assert titles(get(client, country="DE")) == ["Hub"]
    assert titles(get(client, country="US")) == []


def test_investment_range_is_inclusive(client):
    for amount in (10, 100, 1000):
        factories.make_project(title_en=f"Amount {amount}", investment_amount=amount, investment_currency="USD")
    factories.make_project(title_en="Unknown amount")
    assert titles(get(client, currency="USD", investment_min="100")) == ["Amount 100", "Amount 1000"]
    assert titles(get(client, currency="USD", investment_max="100")) == ["Amount 10", "Amount 100"]
    assert titles(get(client, currency="USD", investment_min="50", investment_max="500")) == ["Amount 100"]


def test_the_currency_field_says_amounts_are_never_converted(client):
    content = client.get(REGISTRY).content.decode()
    assert "amounts are never converted" in content
    assert "own currency" not in content


def test_flagship_filter(client):
    factories.make_project(title_en="Flagship", is_flagship=True)
    factories.make_project(title_en="Ordinary")
    assert titles(get(client, flagship="true")) == ["Flagship"]
    assert titles(get(client, flagship="false")) == ["Ordinary"]
    assert titles(get(client, flagship="")) == ["Flagship", "Ordinary"]


def test_filters_combine(client):
    gate = factories.make_district(slug="gate")
    factories.make_project(title_en="Match", district=gate, status=Status.PREPARATION, is_flagship=True)
    factories.make_project(title_en="Wrong status", district=gate, status=Status.IMPLEMENTATION, is_flagship=True)
    factories.make_project(title_en="Elsewhere", status=Status.PREPARATION, is_flagship=True)
    assert titles(get(client, district="gate", status="preparation", flagship="true")) == ["Match"]


def test_form_works_without_javascript_with_every_control_labelled(client):
    project = factories.make_project(
        organisation=factories.make_organisation(slug="pepsico", country="US"), status=Status.PREPARATION
    )
    project.specializations.set([factories.make_specialization()])
    content = client.get(REGISTRY).content.decode()
    assert '<form method="get" action="/en/projects/"' in content
    for name in (
        "q",
        "organisation",
        "country",
        "currency",
        "investment_min",
        "investment_max",
        "flagship",
        "ordering",
    ):
        assert f'<label for="id_{name}">' in content
        assert f'id="id_{name}"' in content
    for name in ("district", "specialization", "status"):
        assert f'<fieldset class="registry-choices" id="id_{name}">' in content
    assert 'type="checkbox" name="status" value="preparation"' in content
    assert '<input type="text" name="organisation"' in content
    assert '<option value="US">US</option>' in content
    assert '<option value="USD">USD</option>' not in content  # no published project states an amount in it
    assert '<button type="submit">' in content


def registry_rows(content):
    """The HTML of each result row, without the filter form (which names every district and status too)."""
    return re.findall(r'<tr class="registry-row">(.*?)</tr>', content, re.S)


def cells(row):
    """A row's cells as text, by column: the title, district, status, lead organisation, investment, update."""
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def test_rows_show_district_status_first_organisation_with_its_role_investment_and_update(client):
    gate = factories.make_district(name_en="Gate District")
    golden = factories.make_district(name_en="Golden District")
    pepsico = factories.make_organisation(name_en="PepsiCo", slug="pepsico")
    plant = factories.make_project(title_en="Snack plant", district=gate, organisation=pepsico)
    factories.make_figure(plant, value=Decimal("368000000"), source=factories.make_source(publisher="Kazinform"))
    factories.make_project(title_en="Unfunded", district=golden, status=Status.PREPARATION)
    Project.objects.update(updated_at="2025-10-01T08:00:00Z")
    content = client.get(REGISTRY).content.decode()
    assert re.search(r"<th[^>]*>Project</th>.*<th[^>]*>Capital investment</th><th[^>]*>Last updated</th>", content)
    snack, unfunded = registry_rows(content)
    assert f'<a href="/en/projects/{plant.slug}/">Snack plant</a>' in snack
    assert '<a href="/en/organisations/pepsico/">PepsiCo</a>' in snack
    # The amount's mark links to the page's numbered sources, as on a project page.
    assert '368,000,000\xa0USD<sup class="cite"><a href="#source-1" aria-label="Source 1">[1]</a></sup>' in snack
    assert re.search(r'<li id="source-1"><a href="[^"]+" rel="external">Source \d+</a>, Kazinform, <time', content)
    assert '<time datetime="2025-10-01T13:00:00+0500">1 October 2025</time>' in snack
    assert cells(snack)[:4] == ["Snack plant", "Gate District", "Being implemented", "PepsiCo (investor)"]
    assert cells(unfunded)[:5] == ["Unfunded", "Golden District", "Planned", "not published", "not published"]


def test_the_searched_words_are_marked_in_the_titles(client):
    factories.make_project(title_en="Snack <plant>")
    snack = registry_rows(get(client, q="PLANT").content.decode())[0]
    assert "Snack &lt;<mark>plant</mark>&gt;</a>" in snack
    assert "<mark>" not in registry_rows(client.get(REGISTRY).content.decode())[0]


def test_active_filters_are_chips_that_each_remove_one_value(client):
    factories.make_district(slug="gate", name_en="Gate District")
    factories.make_district(slug="green", name_en="Green District")
    factories.make_project()
    content = client.get(REGISTRY + "?district=gate&district=green&status=preparation&q=plant&page=1").content.decode()
    assert "District: Gate District" in content
    assert "Status: Planned" in content
    assert "Search: plant" in content
    assert 'href="/en/projects/?district=green&amp;status=preparation&amp;q=plant"' in content
    assert 'href="/en/projects/?district=gate&amp;district=green&amp;q=plant"' in content
    assert 'href="/en/projects/?district=gate&amp;district=green&amp;status=preparation"' in content
    assert "Clear all filters" in content


def test_chips_name_organisation_country_amounts_with_their_currency_and_flagship(client):
    factories.make_project(organisation=factories.make_organisation(slug="pepsico", name_en="PepsiCo"))
    params = (
        "?organisation=pepsico&country=us&currency=usd&investment_min=1000000&investment_max=20000000.50&flagship=true"
    )
    content = client.get(REGISTRY + params).content.decode()
    for chip in (
        "Organisation: PepsiCo",
        "Country of an organisation: US",
        "Investment from: 1,000,000 USD",
        "Investment up to: 20,000,000.5 USD",
        "Flagship projects: Flagship projects only",
    ):
        assert chip in content
    assert "Currency: USD" not in content  # the amounts name it
    assert "Currency: USD" in client.get(REGISTRY + "?currency=USD").content.decode()


def test_no_chips_without_filters(client):
    factories.make_project()
    assert "registry-chips" not in client.get(REGISTRY).content.decode()


def test_empty_result_says_what_to_change_and_links_to_clear_filters(client):
    factories.make_project(title_en="Plant")
    response = get(client, q="nothing-like-this")
    content = response.content.decode()
    assert response.status_code == 200
    assert "0 projects" in content
    assert "No published project matches these filters." in content
    assert "remove a filter" in content
    assert '<a href="/en/projects/">Clear all filters and see every project</a>' in content


def test_pages_hold_twenty_projects_and_links_keep_the_filters(client):
    district = factories.make_district(slug="gate")
    for n in range(25):
        factories.make_project(title_en=f"Project {n:02}", district=district)
    factories.make_project(title_en="Elsewhere")
    first = get(client, district="gate", status="implementation")
    assert len(titles(first)) == 20
    assert first.context["paginator"].count == 25
    content = first.content.decode()
    assert 'href="?district=gate&amp;status=implementation&amp;page=2" rel="next"' in content
    second = client.get(REGISTRY + "?district=gate&status=implementation&page=2")
    assert titles(second) == [f"Project {n}" for n in range(20, 25)]
    assert 'href="?district=gate&amp;status=implementation&amp;page=1" rel="prev"' in second.content.decode()


@pytest.mark.parametrize("page", ["99999", "abc", "0", "-1"])
def test_a_page_that_does_not_exist_is_the_sites_404(client, page):
    factories.make_project()
    response = get(client, page=page)
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "nonsense"}, "Choose statuses from the list."),
        ({"investment_min": "abc"}, "Enter a number."),
        ({"investment_max": "-5", "currency": "USD"}, "Ensure this value is greater than or equal to 0."),
        ({"investment_min": "1e999999", "currency": "USD"}, "Ensure that there are no more than"),
        ({"investment_max": "NaN"}, "Enter a number."),
        ({"investment_min": "5"}, "Choose the currency of the amounts."),
        ({"currency": "dollars"}, "Choose a currency from the list."),
        ({"district": "nowhere"}, "Choose districts from the list."),
        ({"specialization": "nowhere"}, "Choose specializations from the list."),
        ({"organisation": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"country": "K1"}, "Enter a two-letter country code, such as KZ."),
        ({"country": "KAZ"}, "Enter a two-letter country code, such as KZ."),
        ({"country": "ҚЗ"}, "Enter a two-letter country code, such as KZ."),
        ({"ordering": "evil"}, "Choose an order from the list."),
        ({"ordering": "title,evil"}, "Choose an order from the list."),
        ({"q": "x" * 201}, "Ensure this value has at most 200 characters"),
    ],
)
def test_invalid_input_shows_the_error_and_no_results(client, params, message):
    factories.make_project(title_en="Plant")
    response = get(client, **params)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content
    assert message in content
    assert titles(response) == []
    assert "Remove this filter" in content


@pytest.mark.parametrize(
    "name",
    ["q", "district", "specialization", "status", "organisation", "country", "currency", "investment_min", "ordering"],
)
def test_ten_kilobyte_values_give_a_page_with_an_error_not_a_crash(client, name):
    factories.make_project()
    response = get(client, **{name: "9" * 10_240})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    # The rejected value is not echoed back in the message.
    assert "9" * 300 not in response.context["filter"].rejected_parameters()[0].messages


@pytest.mark.parametrize(
    "name", ["q", "district", "specialization", "status", "organisation", "country", "currency", "ordering"]
)
def test_null_characters_give_a_page_with_an_error_not_a_crash(client, name):
    factories.make_project()
    response = get(client, **{name: "a\x00b"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_a_large_number_fails_validation_instead_of_the_database(client):
    factories.make_project(investment_amount=10, investment_currency="USD")
    response = get(client, currency="USD", investment_min="1" * 30)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_unknown_parameters_are_ignored(client):
    factories.make_project(title_en="Plant")
    response = client.get(REGISTRY + "?utm_source=mail&nonsense=1&flagship=maybe")
    assert response.status_code == 200
    assert titles(response) == ["Plant"]
    assert 'role="alert"' not in response.content.decode()


def test_repeated_single_value_parameters_use_the_last_value(client):
    factories.make_project(title_en="Plant", organisation=factories.make_organisation(slug="pepsico"))
    factories.make_project(title_en="Hub", organisation=factories.make_organisation(slug="mars"))
    response = client.get(
        REGISTRY + "?organisation=mars&organisation=pepsico&q=x&q=plant&investment_min=a&investment_min="
    )
    assert response.status_code == 200
    assert titles(response) == ["Plant"]


def test_many_search_words_are_handled(client):
    factories.make_project(title_en="Plant")
    response = get(client, q=" ".join(["plant"] + [f"w{n}" for n in range(60)]))
    assert response.status_code == 200
    assert titles(response) == []


def test_error_summary_links_to_the_page_without_the_rejected_parameter(client):
    factories.make_district(slug="gate")
    content = client.get(REGISTRY + "?status=nonsense&district=gate").content.decode()
    assert 'href="#id_status">Status</a>' in content
    assert '<a href="/en/projects/?district=gate">Remove this filter' in content


def test_filters_are_open_on_a_phone_only_when_the_form_has_errors(client):
    """Chosen filters show as chips above the results: the results, not the form, come first on a phone."""
    factories.make_project(title_en="Plant")
    assert '<details class="registry-filters">' in client.get(REGISTRY).content.decode()
    assert '<details class="registry-filters">' in get(client, q="plant").content.decode()
    assert '<details class="registry-filters">' in get(client, status="implementation").content.decode()
    assert '<details class="registry-filters" open>' in get(client, status="nonsense").content.decode()


def test_registry_page_has_one_h1_and_a_title(client):
    content = client.get(REGISTRY).content.decode()
    assert content.count("<h1") == 1
    assert "<title>Project registry — " in content


def build_registry(rows):
    """`rows` published projects across two districts, with specializations, organisations and a draft."""
    districts = [factories.make_district(slug=slug) for slug in ("gate", "golden")]
    specializations = [factories.make_specialization(slug=slug) for slug in ("industry", "logistics")]
    pepsico = factories.make_organisation(slug="pepsico", name_en="PepsiCo plant", country="US")
    for n in range(rows):
        project = factories.make_project(
            title_en=f"Plant {n}",
            district=districts[n % 2],
            organisation=pepsico if n % 3 == 0 else factories.make_organisation(),
            status=Status.PREPARATION if n % 2 else Status.IMPLEMENTATION,
            investment_amount=n * 10,
            investment_currency="USD",
        )
        project.specializations.set(specializations)
        factories.make_project(district=districts[0], is_published=False)


# Registry queries: the registry version, rows (with their district and headline source), their organisations,
# their covers, the form's district and specialization choices; and, cached after the first request since a change:
# the count, one count per facet (district, specialization, status), the country and currency choices, and when the
# registry was last updated (the footer). Filtering adds validating the district and specialization slugs and looking up
# the organisation named.
QUERY_BUDGETS = {
    "plain": ({}, (13, 6)),
    "filtered": (
        {
            "district": ["gate", "golden"],
            "specialization": "industry",
            "status": ["preparation", "implementation"],
            "organisation": "pepsico",
            "country": "us",
            "currency": "USD",
            "investment_min": "0",
            "flagship": "false",
            "ordering": "-investment",
        },
        (16, 9),
    ),
    "searched": ({"q": "plant"}, (13, 6)),
}


@pytest.mark.parametrize("rows", [3, 300])
@pytest.mark.parametrize("case", QUERY_BUDGETS)
def test_registry_runs_a_fixed_number_of_queries(client, assert_queries, rows, case):
    build_registry(rows)
    params, (first, then) = QUERY_BUDGETS[case]
    response = assert_queries(lambda: client.get(f"{REGISTRY}?{urlencode(params, doseq=True)}"), first, then)
    assert response.status_code == 200
    assert response.context["page_obj"].object_list, "the budget is measured with rows on the page"


def test_a_status_that_is_the_registrys_reading_says_so_in_its_row(client):
    factories.make_project(title_en="Zones", status=Status.PREPARATION, status_is_editorial=True)
    factories.make_project(title_en="Plant", status=Status.PREPARATION)
    plant, zones = registry_rows(client.get(REGISTRY).content.decode())
    assert '<span class="editorial">(the registry\'s reading)</span>' in zones
    assert "editorial" not in plant
