"""Registry search: every language, any case (Cyrillic and Kazakh letters too), on SQLite and PostgreSQL alike."""

import io
import json

import pytest
from django.core.management import call_command

from projects.models import Organisation, Project
from projects.search import fold, fold_all, search_terms

from . import factories

pytestmark = pytest.mark.django_db


def found(client, query, language="en"):
    response = client.get(f"/{language}/projects/", {"q": query})
    assert response.status_code == 200
    return [project.slug for project in response.context["page_obj"].object_list]


def test_fold_ignores_case_in_kazakh_russian_and_english():
    assert fold("ӘЛЕМ ҒҚҢӨҰҮҺІ") == "әлем ғқңөұүһі"
    assert fold("Алмалы") == "алмалы"
    assert fold("Harbour") == "harbour"
    assert fold("Ёлка") == fold("елка")


def test_fold_all_leaves_out_empty_and_repeated_texts():
    assert fold_all("PepsiCo", None, "", "PEPSICO", "ПепсиКо") == "pepsico\nпепсико"


def test_search_terms_are_the_folded_words_each_once():
    assert search_terms("  Әлем  ҚАЛА әлем\t") == ["әлем", "қала"]


@pytest.mark.parametrize("query", ["әлем қала", "ӘЛЕМ", "Қала", "ҚАЛА ӘЛЕМ"])
def test_kazakh_letters_are_found_in_any_case(client, query):
    factories.make_project(slug="alem", title_kk="Әлем Қала")
    factories.make_project(slug="other", title_kk="Басқа жоба")
    assert found(client, query, "kk") == ["alem"]


@pytest.mark.parametrize("query", ["алма", "АЛМА", "Алмалы"])
def test_russian_words_are_found_by_their_beginning_in_any_case(client, query):
    factories.make_project(slug="almaly", title_ru="Алмалы")
    factories.make_project(slug="other", title_ru="Другой")
    assert found(client, query, "ru") == ["almaly"]


def test_yo_and_ye_find_each_other(client):
    factories.make_project(slug="yolka", title_ru="Ёлочный базар")
    assert found(client, "елочный", "ru") == ["yolka"]


@pytest.mark.parametrize("query", ["harbour", "HARBOUR", "Harbour Terminal"])
def test_english_is_found_in_any_case(client, query):
    factories.make_project(slug="harbour", title_en="HARBOUR terminal")
    factories.make_project(slug="other", title_en="Bakery")
    assert found(client, query) == ["harbour"]


def test_summaries_and_descriptions_are_searched_in_every_language(client):
    factories.make_project(slug="by-summary", summary_kk="Көлік-логистикалық хаб")
    factories.make_project(slug="by-description", description_en="A snack PLANT with 900 jobs")
    assert found(client, "хаб") == ["by-summary"]
    assert found(client, "plant") == ["by-description"]


def test_a_query_in_one_language_finds_the_project_on_another_languages_page(client):
    factories.make_project(slug="fan-plant", title_ru="Вентиляторный завод", title_en="Fan plant")
    assert found(client, "вентиляторный", "en") == ["fan-plant"]
    assert found(client, "fan plant", "ru") == ["fan-plant"]
    content = client.get("/en/projects/", {"q": "вентиляторный"}).content.decode()
    assert "Fan plant" in content


def test_organisation_names_are_searched_in_every_language(client):
    hyundai = factories.make_organisation(name_ru="Хёндэ Грин Фуд", name_en="Hyundai Green Food")
    factories.make_project(slug="greenhouse", title_en="Greenhouse complex", organisation=hyundai)
    factories.make_project(slug="other")
    assert found(client, "hyundai") == ["greenhouse"]
    assert found(client, "ХЁНДЭ", "ru") == ["greenhouse"]


def test_every_word_must_match_but_may_match_in_title_or_organisation(client):
    pepsico = factories.make_organisation(name_en="PepsiCo")
    factories.make_project(slug="snacks", title_en="Snack plant", organisation=pepsico)
    factories.make_project(slug="fans", title_en="Fan plant")
    assert found(client, "pepsico plant") == ["snacks"]
    assert found(client, "plant") == ["fans", "snacks"]
    assert found(client, "pepsico fan") == []


def test_a_project_with_several_matching_organisations_is_listed_once(client):
    project = factories.make_project(slug="hub", organisation=factories.make_organisation(name_en="Rhenus Logistics"))
    project.participations.create(
        organisation=factories.make_organisation(name_en="Rhenus Group"), role="supplier", order=1
    )
    response = client.get("/en/projects/", {"q": "rhenus"})
    assert found(client, "rhenus") == ["hub"]
    assert response.context["paginator"].count == 1


def test_renamed_organisation_is_found_without_saving_its_projects_again(client):
    organisation = factories.make_organisation(name_en="Old name")
    factories.make_project(slug="plant", organisation=organisation)
    organisation.name_en = "Caspian Group"
    organisation.save()
    assert found(client, "caspian") == ["plant"]


def test_title_matches_rank_above_other_text_and_organisation_names(client):
    factories.make_project(
        slug="by-organisation", title_en="Aaa", organisation=factories.make_organisation(name_en="Harbour Co")
    )
    factories.make_project(slug="by-summary", title_en="Bbb", summary_en="Next to the harbour")
    factories.make_project(slug="by-title-z", title_en="Zz harbour")
    factories.make_project(slug="by-title-a", title_en="Harbour terminal")
    assert found(client, "harbour") == ["by-title-a", "by-title-z", "by-summary", "by-organisation"]


def test_drafts_are_never_found(client):
    factories.make_project(slug="public", title_en="Public plant")
    factories.make_project(slug="draft", title_en="Draft plant", is_published=False)
    assert found(client, "plant") == ["public"]
    assert found(client, "draft") == []


@pytest.mark.parametrize("query", ["%", "_", "\\", "50%"])
def test_wildcard_characters_are_searched_literally(client, query):
    factories.make_project(slug="plain", title_en="Plain project")
    factories.make_project(slug="percent", title_en="Grows 50% a year")
    assert found(client, query) == (["percent"] if query in ("%", "50%") else [])


def test_a_blank_query_lists_everything(client):
    factories.make_project(slug="a", title_en="A")
    factories.make_project(slug="b", title_en="B")
    assert found(client, "   ") == ["a", "b"]


def test_search_columns_follow_every_save():
    project = factories.make_project(title_ru="Завод", title_kk="ЗАУЫТ", title_en="Plant", summary_en="Snacks")
    assert project.search_title == "завод\nзауыт\nplant\nzavod\nzauit"  # the texts, then their skeletons
    assert "snacks" in Project.objects.get(pk=project.pk).search_text
    project.title_en = "Factory"
    project.save(update_fields=["title_en"])
    project.refresh_from_db()
    assert "factory" in project.search_title and "plant" not in project.search_text
    organisation = factories.make_organisation(name_ru="Марс", name_en="MARS")
    assert Organisation.objects.get(pk=organisation.pk).search_name == "марс\nmars"


def test_loaddata_fills_the_search_columns_and_loads_the_same_twice(tmp_path):
    fixture = tmp_path / "search.json"
    fixture.write_text(
        json.dumps(
            [
                {"model": "districts.district", "pk": 900, "fields": {"slug": "gate", "name_ru": "Гейт"}},
                {"model": "projects.organisation", "pk": 900, "fields": {"slug": "mars", "name_ru": "МАРС"}},
                {
                    "model": "projects.project",
                    "pk": 900,
                    "fields": {
                        "slug": "alem",
                        "title_ru": "Әлем Қала",
                        "district": 900,
                        "is_published": True,
                        "created_at": "2025-09-29T12:00:00Z",
                        "updated_at": "2025-09-29T12:00:00Z",
                    },
                },
            ]
        )
    )

    def load_and_dump():
        call_command("loaddata", fixture, verbosity=0)
        out = io.StringIO()
        call_command("dumpdata", "districts", "projects", exclude=["districts.registryversion"], stdout=out)
        return out.getvalue()

    first = load_and_dump()
    assert Project.objects.get(pk=900).search_title == "әлем қала\nalem kala"
    assert Organisation.objects.get(pk=900).search_name == "марс\nmars"
    assert load_and_dump() == first


@pytest.mark.parametrize("rows", [3, 300])
def test_search_runs_a_fixed_number_of_queries(client, assert_queries, rows):
    for n in range(rows):
        factories.make_project(
            title_en=f"Plant {n}", organisation=factories.make_organisation(name_en=f"Plant owner {n}")
        )
    # The registry version; rows (with district and headline source), their organisations and covers; the form's
    # district and specialization choices; and, cached after: the count, the three facets' counts, the country and
    # currency choices, and the footer's last update (tests/test_registry.py, QUERY_BUDGETS).
    assert_queries(lambda: found(client, "PLANT"), first=13, then=6)


def stored_search_columns(project):
    project.refresh_from_db()
    stored = (project.search_title, project.search_text)
    project.derive_search_fields()
    return stored, (project.search_title, project.search_text)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda project: Project.objects.filter(pk=project.pk).update(title_kk="ЖАҢА ЗАУЫТ"), id="update"),
        pytest.param(
            lambda project: Project.objects.bulk_update([with_title(project, "ЖАҢА ЗАУЫТ")], ["title_kk"]),
            id="bulk_update",
        ),
        pytest.param(lambda project: with_title(project, "ЖАҢА ЗАУЫТ").save(), id="save"),
    ],
)
def test_no_write_path_leaves_the_search_columns_stale(client, write):
    project = factories.make_project(slug="plant", title_kk="Зауыт")
    write(project)
    stored, derived = stored_search_columns(project)
    assert stored == derived
    assert "жаңа зауыт" in stored[0]
    assert found(client, "ЖАҢА", "kk") == ["plant"]


def with_title(project, title):
    project.title_kk = title
    return project


def test_bulk_create_fills_the_search_columns(client, district):
    Project.objects.bulk_create([Project(slug="bulk", title_ru="Ёлочный базар", district=district, is_published=True)])
    assert found(client, "елочный") == ["bulk"]


def test_renaming_organisations_in_bulk_keeps_their_search_names_true(client):
    factories.make_project(slug="hub", organisation=factories.make_organisation(slug="rhenus", name_en="Rhenus"))
    Organisation.objects.filter(slug="rhenus").update(name_en="Ölfeld Logistik")
    assert found(client, "ÖLFELD") == ["hub"]
    assert found(client, "rhenus") == []
