"""The first public pages: districts and projects, in three languages, drafts never shown."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from . import factories

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_visitors_language(client):
    response = client.get("/", headers={"accept-language": "kk"})
    assert response.status_code == 302
    assert response.url == "/kk/"


def test_root_redirects_to_russian_by_default(client):
    assert client.get("/").url == "/ru/"


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_district_list_shows_every_district_in_the_language(client, language):
    factories.make_district(name_ru="Гейт", name_kk="Гейт дистрикті", name_en="Gate District")
    response = client.get(f"/{language}/districts/")
    assert response.status_code == 200
    expected = {"ru": "Гейт", "kk": "Гейт дистрикті", "en": "Gate District"}[language]
    assert expected in response.content.decode()


def test_district_page_lists_only_published_projects(client, district):
    factories.make_project(district=district, title_ru="Открытый проект")
    factories.make_project(district=district, title_ru="Черновик", is_published=False)
    content = client.get(district.get_absolute_url()).content.decode()
    assert "Открытый проект" in content
    assert "Черновик" not in content


def test_district_card_counts_only_published_projects(client, district):
    factories.make_project(district=district)
    factories.make_project(district=district, is_published=False)
    response = client.get("/en/districts/")
    [card] = [card for card in response.context["district_list"] if card.pk == district.pk]
    assert card.project_count == 1
    assert "1 project" in response.content.decode()


def test_draft_project_page_is_not_found(client):
    draft = factories.make_project(is_published=False)
    with translation.override("ru"):
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_unknown_slug_is_not_found(client):
    assert client.get("/ru/projects/no-such-project/").status_code == 404
    assert client.get("/ru/districts/no-such-district/").status_code == 404


def test_project_page_says_not_published_for_unknown_figures(client, project):
    content = client.get(f"/en{project.get_absolute_url()[3:]}").content.decode()
    assert content.count("not published") >= 5


def test_project_page_shows_published_figures_and_sources(client):
    organisation = factories.make_organisation(name_ru="ПепсиКо", name_en="PepsiCo")
    project = factories.make_project(
        organisation=organisation, investment_amount=Decimal("368000000"), investment_currency="USD"
    )
    factories.make_figure(project, "jobs", 900)
    project.sources.add(factories.make_source(title="Kazpravda report"))
    with translation.override("en"):
        url = project.get_absolute_url()
    content = client.get(url).content.decode()
    assert "368,000,000\xa0USD" in content
    assert "900" in content
    assert "PepsiCo" in content and "Investor" in content
    assert "Kazpravda report" in content


def test_organisation_page_lists_its_published_projects(client):
    organisation = factories.make_organisation()
    factories.make_project(organisation=organisation, title_ru="Завод")
    factories.make_project(organisation=organisation, title_ru="Скрытый", is_published=False)
    content = client.get(reverse("projects:organisation-detail", kwargs={"slug": organisation.slug})).content.decode()
    assert "Завод" in content and "Скрытый" not in content


def test_healthz_answers_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "up"}


def test_language_switcher_keeps_the_page_and_its_query(client, district):
    query = "?status=preparation&amp;page=1"
    content = client.get(f"/ru/districts/{district.slug}/?status=preparation&page=1").content.decode()
    assert f'href="/kk/districts/{district.slug}/{query}"' in content
    assert f'hreflang="en" href="http://testserver/en/districts/{district.slug}/{query}"' in content


def test_language_switcher_keeps_a_query_sent_in_raw_utf_8_legible(client):
    content = client.get("/ru/projects/?q=завод").content.decode()  # unescaped, as curl sends it

    assert 'href="/kk/projects/?q=%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4"' in content


def test_language_switcher_on_a_missing_page_links_to_each_home(client):
    content = client.get("/ru/no/such/page/").content.decode()
    assert 'href="/en/"' in content


@pytest.mark.parametrize(("language", "heading"), [("kk", "<h1>"), ("ru", "<h1>"), ("en", "Something went wrong")])
def test_server_error_page_is_translated(rf, language, heading):
    with translation.override(language):
        content = server_error(rf.get(f"/{language}/")).content.decode()
    assert f'<html lang="{language}">' in content
    assert heading in content
    if language != "en":
        assert "Something went wrong" not in content
