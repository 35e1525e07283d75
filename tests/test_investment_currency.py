"""The investment range compares amounts in one currency, chosen with them: never USD with KZT."""

import re

import pytest

from . import factories

pytestmark = pytest.mark.django_db

REGISTRY = "/en/projects/"
MACHINE_ADDRESSES = [
    "/en/projects/export.csv",
    "/en/projects/export.json",
    "/en/projects/oc4ids.json",
    "/en/projects/feed/",
]


@pytest.fixture
def registry(db):
    factories.make_project(title_en="Dollar plant", investment_amount=5_000_000, investment_currency="USD")
    factories.make_project(title_en="Tenge plant", investment_amount=2_000_000_000, investment_currency="KZT")
    factories.make_project(title_en="Small tenge shop", investment_amount=300_000, investment_currency="KZT")
    factories.make_project(title_en="Unknown amount")
    factories.make_project(title_en="Draft", investment_amount=10, investment_currency="EUR", is_published=False)


def titles(client, **params):
    response = client.get(REGISTRY, params)
    assert response.status_code == 200
    return [project.title for project in response.context["page_obj"].object_list]


def test_amounts_in_one_currency_are_never_compared_with_another(client, registry):
    # 2,000,000,000 KZT is more than 1,000,000 but it is not dollars; 5,000,000 USD is less than 1e9 but not tenge.
    assert titles(client, currency="USD", investment_min="1000000") == ["Dollar plant"]
    assert titles(client, currency="KZT", investment_max="1000000000") == ["Small tenge shop"]
    assert titles(client, currency="KZT", investment_min="1000000") == ["Tenge plant"]
    assert titles(client, currency="USD", investment_min="6000000") == []


def test_a_currency_alone_lists_the_projects_whose_investment_is_in_it(client, registry):
    assert titles(client, currency="KZT") == ["Small tenge shop", "Tenge plant"]
    assert titles(client, currency="kzt") == ["Small tenge shop", "Tenge plant"]


def test_amounts_without_a_currency_are_refused_with_a_clear_message(client, registry):
    response = client.get(REGISTRY, {"investment_min": "1000", "investment_max": "5000", "district": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in content
    assert '<a href="#id_currency">Currency</a>: Choose the currency of the amounts.' in content
    # Removing the currency's problem removes the amounts it was missing for.
    assert '<a href="/en/projects/">Remove this filter' in content
    assert list(response.context["page_obj"].object_list) == []


@pytest.mark.parametrize("address", MACHINE_ADDRESSES)
def test_machine_addresses_refuse_amounts_without_a_currency_with_400(client, registry, address):
    response = client.get(address, {"investment_max": "1000"})
    assert response.status_code == 400
    assert response.content.decode() == "Choose the currency of the amounts.\n"
    assert client.get(address, {"investment_max": "1000000", "currency": "KZT"}).status_code == 200


def test_the_currency_choices_are_those_of_published_projects(client, registry):
    content = client.get(REGISTRY).content.decode()
    options = re.search(r'<select name="currency"[^>]*>(.*?)</select>', content, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)"', options) == ["", "KZT", "USD"]
    assert '<option value="EUR">' not in content  # only a draft states an amount in euros


def test_chips_and_feed_titles_give_amounts_with_their_currency(client, registry):
    response = client.get(REGISTRY, {"currency": "KZT", "investment_min": "1000000", "investment_max": "2500000.50"})
    content = response.content.decode()
    assert "Investment from: 1,000,000 KZT" in content
    assert "Investment up to: 2,500,000.5 KZT" in content
    assert response.context["filter"].in_words() == "Investment from: 1,000,000 KZT, Investment up to: 2,500,000.5 KZT"
    russian = client.get("/ru/projects/", {"currency": "USD", "investment_min": "1000000"}).content.decode()
    assert "1\u202f000\u202f000 USD" in russian


def test_a_range_whose_lower_bound_is_above_its_upper_one_says_so(client, registry):
    response = client.get(REGISTRY, {"currency": "USD", "investment_min": "5000", "investment_max": "1000"})
    assert "Enter an amount no smaller than the one it goes up from." in response.content.decode()
    assert (
        client.get(REGISTRY, {"currency": "USD", "investment_min": "1000", "investment_max": "1000"})
        .context["filter"]
        .is_valid()
    )


# The second project in a transaction of its own: PostgreSQL raises the registry version once per transaction.
@pytest.mark.django_db(transaction=True)
def test_the_country_filter_is_left_out_while_no_organisation_has_a_country(client, registry):
    assert 'name="country"' not in client.get(REGISTRY).content.decode()
    factories.make_project(organisation=factories.make_organisation(country="KZ"))
    assert 'name="country"' in client.get(REGISTRY).content.decode()
