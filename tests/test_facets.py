"""The registry's facets: each district, specialization and status option counts the projects it would give."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project, Status

from . import factories

pytestmark = pytest.mark.django_db

REGISTRY = "/en/projects/"


@pytest.fixture
def registry(db):
    """Twelve published projects across three districts, two specializations, three statuses, flagship or not,
    in USD or KZT; two drafts; and a fourth district and a status that no published project has."""
    districts = {
        slug: factories.make_district(slug=slug, name_en=f"{slug.title()} District")
        for slug in ("gate", "golden", "green")
    }
    factories.make_district(slug="growing", name_en="Growing District")
    industry = factories.make_specialization(slug="industry", name_en="Industry")
    logistics = factories.make_specialization(slug="logistics", name_en="Logistics")
    statuses = [Status.IDENTIFICATION, Status.PREPARATION, Status.IMPLEMENTATION]
    for n in range(12):
        project = factories.make_project(
            title_en=f"Plant {n}" if n % 2 else f"Hub {n}",
            district=list(districts.values())[n % 3],
            status=statuses[n % 4 % 3],
            is_flagship=n % 5 == 0,
            investment_amount=1000 * (n + 1),
            investment_currency="USD" if n % 2 else "KZT",
        )
        project.specializations.set([industry] if n % 3 else [industry, logistics] if n % 2 else [])
    for _ in range(2):
        factories.make_project(district=districts["gate"], status=Status.CANCELLED, is_published=False)


def facets(response):
    return {facet.field.name: facet.options for facet in response.context["filter"].facets}


def results(client, params):
    response = client.get(REGISTRY, params)
    assert response.status_code == 200
    return response.context["paginator"].count


COMBINATIONS = [
    {},
    {"q": "plant"},
    {"district": ["gate"]},
    {"district": ["gate", "green"], "status": ["implementation"]},
    {"specialization": ["logistics"], "flagship": "false"},
    {"status": ["preparation", "identification"], "currency": "USD", "investment_min": "3000"},
    {"q": "hub", "specialization": ["industry"], "district": ["golden"]},
]


@pytest.mark.parametrize("params", COMBINATIONS)
def test_each_options_count_is_what_choosing_it_alone_gives_with_the_other_filters(client, registry, params):
    shown = facets(client.get(REGISTRY, params))
    checked = 0
    for name, options in shown.items():
        for option in options:
            assert option.count == results(client, params | {name: [option.value]}), (name, option.value)
            checked += 1
    assert checked >= 4


def test_an_options_count_is_the_number_of_projects_when_it_is_the_only_choice(client, registry):
    response = client.get(REGISTRY, {"district": "gate"})
    gate = next(option for option in facets(response)["district"] if option.value == "gate")
    assert gate.selected
    assert gate.count == response.context["paginator"].count == 4
    # A facet's own choice does not narrow its options: the other districts can still be added, with their counts.
    assert [(option.value, option.count) for option in facets(response)["district"]] == [
        ("gate", 4),
        ("golden", 4),
        ("green", 4),
    ]


def test_options_show_their_counts_next_to_their_names(client, registry):
    content = client.get(REGISTRY).content.decode()
    assert re.search(r'for="id_district_gate">Gate District <span class="registry-count">\(4\)</span>', content)
    assert re.search(r'for="id_status_implementation">Being implemented <span class="registry-count">\(3\)', content)


def test_drafts_are_never_counted(client, registry):
    cancelled = [option for option in facets(client.get(REGISTRY))["status"] if option.value == "cancelled"]
    assert cancelled == []
    assert sum(option.count for option in facets(client.get(REGISTRY))["district"]) == 12


def test_options_that_give_no_project_are_hidden(client, registry):
    content = client.get(REGISTRY).content.decode()
    assert 'value="growing"' not in content  # a district without published projects
    for status in ("maintenance", "completion", "cancelled", "decommissioning", "decommissioned"):
        assert f'name="status" value="{status}"' not in content
    assert 'name="status" value="implementation"' in content
    # With a filter, the options of the projects it leaves out go too.
    everywhere = {option.value for option in facets(client.get(REGISTRY, {"flagship": "true"}))["status"]}
    assert everywhere == {"identification", "preparation", "implementation"}
    in_gate = facets(client.get(REGISTRY, {"flagship": "true", "district": "gate"}))["status"]
    assert [option.value for option in in_gate] == ["identification"]


def test_a_chosen_option_that_gives_nothing_stays_visible_and_ticked_to_be_unticked(client, registry):
    content = client.get(REGISTRY, {"status": "cancelled", "district": "growing"}).content.decode()
    assert re.search(
        r'value="cancelled" id="id_status_cancelled" checked> <label [^>]+>Cancelled '
        r'<span class="registry-count">\(0\)',
        content,
    )
    assert re.search(r'value="growing" id="id_district_growing" checked>', content)
    assert "0 projects" in content


def test_a_facet_without_any_option_to_offer_is_left_out(client, registry):
    content = client.get(REGISTRY, {"q": "nothing-like-this"}).content.decode()
    assert 'id="id_district"' not in content
    assert 'id="id_status"' not in content
    assert 'id="id_district"' in client.get(REGISTRY).content.decode()


def test_nothing_is_counted_while_the_form_has_errors(client, registry):
    response = client.get(REGISTRY, {"status": "nonsense"})
    shown = facets(response)
    assert {option.count for options in shown.values() for option in options} == {None}
    assert 'class="registry-count"' not in response.content.decode()


def test_the_search_is_not_counted_as_an_active_filter(client, registry):
    searched = client.get(REGISTRY, {"q": "plant"}).content.decode()
    assert "<summary>Filters</summary>" in searched
    filtered = client.get(REGISTRY, {"q": "plant", "district": ["gate", "golden"]}).content.decode()
    assert "<summary>Filters (2 active)</summary>" in filtered
    assert "Search: plant" in filtered  # still a chip, to remove it


# The edit in a transaction of its own: PostgreSQL raises the registry version once per transaction.
@pytest.mark.django_db(transaction=True)
def test_facet_counts_take_one_query_per_facet_then_come_from_the_cache(client, registry):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get(REGISTRY, {"district": "gate", "q": "plant"})
        return [query["sql"] for query in queries if "GROUP BY" in query["sql"]]

    assert len(count_queries()) == 3
    assert count_queries() == []
    Project.objects.filter(district__slug="gate").first().save_related_edit()  # a new registry version
    assert len(count_queries()) == 3


@pytest.mark.parametrize("rows", [2, 60])
def test_facet_queries_do_not_grow_with_the_projects(client, rows, django_assert_num_queries):
    gate = factories.make_district(slug="gate")
    for n in range(rows):
        factories.make_project(district=gate, status=[Status.PREPARATION, Status.IMPLEMENTATION][n % 2])
    client.get(REGISTRY, {"status": "preparation"})
    with django_assert_num_queries(6):  # version, districts, specializations, rows, their organisations, covers
        response = client.get(REGISTRY, {"status": "preparation"})
    assert [option.count for option in facets(response)["status"]] == [rows // 2, rows // 2]
