"""Search across scripts and spellings: a Latin name typed in Cyrillic, Kazakh typed in Latin letters (the 2021
alphabet or the informal one), and the highlight of what was found."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from projects.models import Organisation, Project
from projects.search import searchable, skeleton, spellings
from projects.templatetags.search import highlight

from . import factories

pytestmark = pytest.mark.django_db


def found(client, query, language="en", parameter="q"):
    response = client.get(f"/{language}/projects/", {parameter: query})
    assert response.status_code == 200
    return [project.slug for project in response.context["page_obj"].object_list]


def make_titled(slug, ru, kk, en, **fields):
    return factories.make_project(slug=slug, title_ru=ru, title_kk=kk, title_en=en, **fields)


# The rules of projects/search.py, one spelling people use against another.


@pytest.mark.parametrize(
    "spellings_of_one_name",
    [
        ["Қонаев", "Qonaev", "Konaev", "QONAEV"],
        ["PepsiCo", "пепсико", "Пепсико"],
        ["K-Park", "к-парк"],
        ["Алматы", "Almaty"],
        ["Шымкент", "Shymkent", "Şymkent"],
        ["Үшқоңыр", "Üşqoñyr", "Ushkonyr"],
        ["Бәйтерек", "Bäiterek", "Bayterek", "Baiterek"],
        ["Жетісу", "Zhetysu", "Jetısu"],
        ["Есіл", "Yesil", "Esil"],
        ["Щучинск", "Shchuchinsk"],
        ["Хан", "Khan"],
        ["Coca-Cola", "Кока-Кола"],
        ["Xerox", "Ксерокс"],
        ["City", "Сити"],
    ],
)
def test_the_spellings_people_use_for_one_name_share_its_skeleton(spellings_of_one_name):
    assert len({skeleton(spelling) for spelling in spellings_of_one_name}) == 1


@pytest.mark.parametrize(
    ("word", "other"),
    [("сан", "Shan"), ("кола", "Qala"), ("Хан", "Kan"), ("Сок", "Shok"), ("парк", "Pepsi"), ("Kunaev", "Qonaev")],
)
def test_letters_for_different_sounds_stay_apart(word, other):
    assert skeleton(word) != skeleton(other)


def test_a_word_is_looked_up_by_its_skeleton_only_when_that_is_long_enough_and_differs():
    assert spellings("парк") == ["парк", "park"]
    assert spellings("park") == ["park"]
    assert spellings("ай") == ["ай"]  # "ai" would find any Latin text with those two letters
    assert spellings("50%") == ["50%"]


def test_the_search_column_holds_the_folded_texts_then_their_skeletons():
    assert searchable("Завод", None, "ЗАУЫТ", "Plant", "plant") == "завод\nзауыт\nplant\nzavod\nzauit"


# The registry, on SQLite and PostgreSQL alike.


def test_a_latin_organisation_name_typed_in_cyrillic_finds_its_projects(client):
    pepsico = factories.make_organisation(name_ru="PepsiCo", name_kk="PepsiCo", name_en="PepsiCo")
    make_titled("snacks", "Завод снеков", "Снек зауыты", "Snack plant", organisation=pepsico)
    make_titled("other", "Парк", "Саябақ", "Park")
    assert found(client, "пепсико", "ru") == ["snacks"]
    assert found(client, "ПЕПСИКО ЗАВОД", "ru") == ["snacks"]


def test_a_latin_title_typed_in_cyrillic_is_found(client):
    make_titled("k-park", "K-Park", "K-Park", "K-Park")
    make_titled("pepsi", "Pepsi", "Pepsi", "Pepsi")
    assert found(client, "к-парк", "kk") == ["k-park"]
    assert found(client, "парк", "ru") == ["k-park"]  # and never Pepsi


@pytest.mark.parametrize("query", ["Qonaev", "Konaev", "Қонаев", "qonaev", "ҚОНАЕВ"])
def test_kazakh_in_either_latin_alphabet_finds_the_kazakh_title(client, query):
    make_titled("konaev", "Водохранилище", "Қонаев су қоймасы", "Reservoir")
    make_titled("other", "Водохранилище", "Су қоймасы", "Reservoir")
    assert found(client, query) == ["konaev"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Almaty", "almaty"), ("алматы", "almaty"), ("шымкент", "shymkent"), ("Shymkent", "shymkent")],
)
def test_city_names_are_found_in_the_other_script(client, query, expected):
    make_titled("almaty", "Алматы арена", "Алматы арена", "Arena")
    make_titled("shymkent", "Хаб", "Хаб", "Shymkent logistics hub")
    assert found(client, query) == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Üşqoñyr", "ushkonyr"), ("Ushkonyr", "ushkonyr"), ("Bäiterek", "baiterek"), ("Bayterek", "baiterek")],
)
def test_kazakh_latin_letters_with_marks_find_cyrillic_kazakh(client, query, expected):
    make_titled("ushkonyr", "Теплица", "Үшқоңыр жылыжайы", "Greenhouse")
    make_titled("baiterek", "Бәйтерек", "Бәйтерек", "Tower")
    make_titled("other", "Сарыарка", "Сарыарқа", "Saryarka")
    assert found(client, query) == [expected]


@pytest.mark.parametrize(
    ("query", "unrelated"),
    [
        ("сан", "Shanyrak"),  # s is not sh
        ("кола", "Qala"),  # o is not a
        ("хан", "Kanat"),  # h is not k
        ("ай", "Air Astana"),  # too short to look for across scripts
        ("парк", "PepsiCo"),
    ],
)
def test_unrelated_words_are_not_found(client, query, unrelated):
    make_titled("unrelated", unrelated, unrelated, unrelated)
    assert found(client, query, "ru") == []


def test_short_words_are_still_found_in_their_own_script(client):
    make_titled("baiterek", "Байтерек", "Байтерек", "Baiterek")
    make_titled("air", "Air Astana", "Air Astana", "Air Astana")
    assert found(client, "ай", "ru") == ["baiterek"]
    assert found(client, "ai") == ["air", "baiterek"]


def test_a_title_found_across_scripts_ranks_above_a_summary(client):
    make_titled("by-summary", "Аааа", "Аааа", "Aaaa", summary_en="Near Konaev")
    make_titled("by-title", "Қонаев", "Қонаев", "Zzzz")
    assert found(client, "konaev") == ["by-title", "by-summary"]


def test_the_organisation_filter_and_its_suggestions_match_across_scripts(client):
    pepsico = factories.make_organisation(slug="pepsico", name_ru="PepsiCo", name_kk="PepsiCo", name_en="PepsiCo")
    make_titled("snacks", "Завод", "Зауыт", "Plant", organisation=pepsico)
    make_titled("other", "Завод", "Зауыт", "Plant", organisation=factories.make_organisation(name_en="Park Group"))
    assert found(client, "пепсико", "ru", parameter="organisation") == ["snacks"]
    suggested = client.get("/ru/organisations/suggestions.json", {"organisation": "пепси"}).json()["organisations"]
    assert suggested == [{"name": "PepsiCo", "slug": "pepsico"}]
    assert list(Organisation.objects.matching("Пепсико")) == [pepsico]


def queries_of_a_search(client, query):
    """The queries of a registry search with nothing cached, then again with the registry's lists cached."""
    cache.clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/projects/", {"q": query})
        counts.append(len(queries))
    return counts, response.context["paginator"].count


def test_a_search_across_scripts_costs_what_a_search_as_typed_costs_at_any_size(client):
    def add_plants(count):
        for _ in range(count):
            n = Project.objects.count()
            factories.make_project(
                title_ru=f"Завод {n}",
                title_kk=f"Зауыт {n}",
                title_en=f"Plant {n}",
                organisation=factories.make_organisation(),
            )

    add_plants(3)
    small = [queries_of_a_search(client, query) for query in ("PLANT", "ПЛАНТ")]
    add_plants(297)
    large = [queries_of_a_search(client, query) for query in ("PLANT", "ПЛАНТ")]
    assert [found for _counts, found in small + large] == [3, 3, 300, 300]
    assert small[0][0] == small[1][0] == large[0][0] == large[1][0]


def test_every_write_path_stores_the_skeletons(client, district):
    Project.objects.bulk_create([Project(slug="bulk", title_kk="Үшқоңыр", district=district, is_published=True)])
    project = factories.make_project(slug="updated", title_kk="Жоба")
    Project.objects.filter(pk=project.pk).update(title_kk="Қонаев")
    assert found(client, "Ushkonyr") == ["bulk"]
    assert found(client, "Konaev") == ["updated"]


# Upgrading: the rows that exist get their skeletons.


@pytest.mark.django_db(transaction=True)
def test_the_migration_adds_the_skeletons_to_the_rows_that_exist():
    before, after = ("projects", "0016_cited_sources_are_protected"), ("projects", "0017_search_across_scripts")
    try:
        call_command("migrate", *before, verbosity=0)
        call_command("migrate", "districts", "0004_specialization_sector", verbosity=0)  # the districts of then
        old = MigrationExecutor(connection).loader.project_state([before]).apps
        district = old.get_model("districts", "District").objects.create(slug="gate", name="Gate", name_ru="Gate")
        # As the search columns were before: folded texts only.
        old.get_model("projects", "Project").objects.create(
            slug="konaev", title="Қонаев", title_kk="Қонаев", district=district, search_title="қонаев"
        )
        old.get_model("projects", "Organisation").objects.create(
            slug="pepsico", name="PepsiCo", name_en="PepsiCo", search_name="pepsico"
        )
        call_command("migrate", *after, verbosity=0)
        new = MigrationExecutor(connection).loader.project_state([after]).apps  # the models of that migration
        project = new.get_model("projects", "Project").objects.get(slug="konaev")
        assert project.search_title == "қонаев\nkonaev"
        assert "konaev" in project.search_text.splitlines()
        assert new.get_model("projects", "Organisation").objects.get(slug="pepsico").search_name == "pepsico\npepsiko"
    finally:
        call_command("migrate", verbosity=0)


# The highlight filter.


def test_highlight_marks_what_was_found_across_scripts():
    assert highlight("PepsiCo builds K-Park.", "пепсико к-парк") == "<mark>PepsiCo</mark> builds <mark>K-Park</mark>."
    assert highlight("Қонаев су қоймасы", "Qonaev") == "<mark>Қонаев</mark> су қоймасы"
    assert highlight("Near Şymkent, Shymkent", "шымкент") == "Near <mark>Şymkent</mark>, <mark>Shymkent</mark>"


def test_highlight_marks_a_word_found_as_typed_exactly_and_in_any_case():
    assert highlight("Алмалы и АЛМАТЫ", "алма") == "<mark>Алма</mark>лы и <mark>АЛМА</mark>ТЫ"
    assert highlight("Almaly", "alma") == "<mark>Alma</mark>ly"
    assert highlight("Grows 50% a year", "50%") == "Grows <mark>50%</mark> a year"
    assert highlight("Ёлочный базар", "елочный") == "<mark>Ёлочный</mark> базар"


def test_highlight_leaves_unrelated_and_short_words_unmarked():
    assert highlight("Air Astana and Pepsi", "ай парк") == "Air Astana and Pepsi"
    assert highlight("Tom & Jerry", "") == "Tom &amp; Jerry"
    assert highlight(None, "plant") == ""


def test_highlight_never_lets_html_through():
    title = '<script>alert("Qonaev")</script>'
    assert highlight(title, "Қонаев") == "&lt;script&gt;alert(&quot;<mark>Qonaev</mark>&quot;)&lt;/script&gt;"
    assert highlight(mark_safe("<b>Plant</b>"), "plant") == "&lt;b&gt;<mark>Plant</mark>&lt;/b&gt;"
    assert highlight("a <b> tag", "<b>") == "a <mark>&lt;b&gt;</mark> tag"
    assert highlight("AT&T park", "t&t") == "A<mark>T&amp;T</mark> park"


def test_highlight_in_a_template_is_escaped_once():
    template = Template("{% load search %}<h2>{{ title|highlight:q }}</h2>")
    rendered = template.render(Context({"title": "Fish & Chips <Almaty>", "q": "алматы"}))
    assert rendered == "<h2>Fish &amp; Chips &lt;<mark>Almaty</mark>&gt;</h2>"
