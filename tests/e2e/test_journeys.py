"""What visitors and Project Office staff do, in a real browser.

Assertions about the page use Playwright's `expect`, which waits until the page agrees (or times out), so a
test neither races the browser nor sleeps.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Project

from .. import factories
from .conftest import WIDTHS, screenshot
from .site import LANGUAGES, build_site

pytestmark = pytest.mark.django_db(transaction=True)

OTHER_LANGUAGE = {"kk": "ru", "ru": "en", "en": "kk"}


def query_of(page):
    return page.url.split("?", 1)[1] if "?" in page.url else ""


def registry_journey(page, base, lang):
    """Home → district → its registry → filter by status and specialization → page 2 → project → organisation."""
    page.goto(f"{base}/{lang}/")
    page.locator(f'a[href="/{lang}/districts/gate/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/districts/gate/$"))
    page.locator(f'a[href="/{lang}/projects/?district=gate"]').first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/projects/\?district=gate$"))

    page.locator(".registry-filters > summary").click()
    page.locator('input[name="status"][value="implementation"]').check()
    page.locator('input[name="specialization"][value="industry"]').check()
    page.locator(".registry-filters button[type=submit]").click()
    for expected in ("district=gate", "status=implementation", "specialization=industry"):
        expect(page).to_have_url(re.compile(re.escape(expected)))
    expect(page.locator(".registry-row")).to_have_count(20)

    page.locator('a[rel="next"]').first.click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page).to_have_url(re.compile(r"status=implementation"))
    expect(page.locator(".registry-row")).to_have_count(6)
    registry_page_two = page.url

    page.locator(".registry-title a").first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/projects/plant-\d\d/$"))
    page.locator(f'a[href="/{lang}/organisations/pepsico/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/organisations/pepsico/$"))
    return registry_page_two


def switch_language(page, lang):
    page.locator(f'.language-switcher a[hreflang="{lang}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_visitor_browses_from_home_to_an_organisation_and_switches_language(live_server, page_and_watch, lang):
    build_site()
    page, watch = page_and_watch
    registry_page_two = registry_journey(page, live_server.url, lang)

    other = OTHER_LANGUAGE[lang]
    switch_language(page, other)
    expect(page).to_have_url(re.compile(rf"/{other}/organisations/pepsico/$"))

    page.goto(registry_page_two)
    query = query_of(page)
    switch_language(page, lang if lang != other else "en")
    switch_language(page, other)
    expect(page).to_have_url(f"{live_server.url}/{other}/projects/?{query}")  # filters and page survive the switch
    expect(page.locator('input[name="status"][value="implementation"]')).to_be_checked()
    screenshot(page, f"journey-{lang}")
    watch.assert_clean()


def test_registry_journey_works_without_javascript(live_server, new_page):
    build_site()
    page, watch = new_page(javascript=False)
    registry_journey(page, live_server.url, "ru")
    switch_language(page, "kk")
    expect(page).to_have_url(re.compile(r"/kk/organisations/pepsico/$"))
    page.goto(f"{live_server.url}/ru/districts/gate/")
    expect(page.locator(".leaflet-container")).to_have_count(0)
    watch.assert_clean()


def test_a_reference_mark_leads_to_the_source_that_backs_the_figure(live_server, page_and_watch):
    build_site()
    page, watch = page_and_watch
    page.goto(f"{live_server.url}/en/projects/plant-01/")
    jobs = page.locator("dt", has_text="Planned jobs").locator("xpath=following-sibling::dd[1]")
    expect(jobs).to_contain_text("about 900")
    jobs.locator("sup.cite a").click()
    expect(page).to_have_url(re.compile(r"#source-\d+$"))
    target = page.locator(page.url[page.url.index("#") :])
    expect(target).to_contain_text("Первый небоскреб Alatau City")
    expect(target.locator("a[lang=ru]")).to_have_count(1)
    watch.assert_clean()


@pytest.mark.parametrize(
    ("lang", "typed", "found"),
    [
        ("kk", "ӘЛЕМ қаласы", "Әлем Қаласы"),
        ("kk", "әлем", "Әлем Қаласы"),
        ("ru", "АЛМАЛЫ", "Алмалы парк"),
        ("ru", "алмалы", "Алмалы парк"),
        ("en", "әлем", "World City"),
    ],
)
def test_search_ignores_letter_case_in_kazakh_and_russian(live_server, page_and_watch, lang, typed, found):
    build_site()
    page, watch = page_and_watch
    page.goto(f"{live_server.url}/{lang}/projects/")
    page.locator('input[name="q"]').fill(typed)
    page.locator('input[name="q"]').press("Enter")
    expect(page.locator(".registry-title a")).to_have_text([found])
    watch.assert_clean()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_organisation_field_suggests_names_and_filters_by_the_one_chosen(live_server, page_and_watch, lang):
    build_site()
    page, watch = page_and_watch
    page.goto(f"{live_server.url}/{lang}/projects/")
    page.locator(".registry-filters > summary").click()
    field = page.locator('input[name="organisation"]')
    field.press_sequentially("peps")
    options = page.locator(f"datalist#{field.get_attribute('id')}-suggestions option")
    expect(options).to_have_count(1)
    name = options.first.get_attribute("value")
    field.fill(name)
    field.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]organisation=pepsico(&|$)"))
    expect(page.locator(".registry-row")).not_to_have_count(0)
    watch.assert_clean()


def test_map_loads_without_console_errors_when_tiles_are_unreachable(live_server, page_and_watch):
    build_site()
    page, watch = page_and_watch
    page.goto(f"{live_server.url}/en/districts/gate/")
    expect(page.locator(".leaflet-interactive").first).to_be_attached()  # the district outline is drawn
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    screenshot(page, "map-offline-tiles")
    watch.assert_clean()


def test_filter_form_and_language_switcher_work_with_the_keyboard_alone(live_server, page_and_watch):
    build_site()
    page, watch = page_and_watch
    page.goto(f"{live_server.url}/en/projects/")

    def tab_to(selector, limit=60):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"no visible focus on {selector}"
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to('input[name="q"]')
    page.keyboard.type("plant 0")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=plant"))
    expect(page.locator(".registry-row")).to_have_count(11)  # Plant 01–09, 10 and 20

    tab_to(".registry-filters > summary")
    page.keyboard.press("Enter")
    tab_to('input[name="status"][value="implementation"]')
    page.keyboard.press("Space")
    tab_to(".registry-filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"status=implementation"))

    tab_to('.language-switcher a[hreflang="kk"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/kk/projects/\?.*status=implementation"))
    watch.assert_clean()


def sign_in(page, base, user):
    page.goto(base + reverse("admin:login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", "correct horse battery staple")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def in_tab(page, field_id):
    """The language tab of a translated admin field, opened: `field_id` is the input's id (id_title_kk)."""
    page.locator(f'a[href="#tab_{field_id}"]').click()
    return page.locator(f"#{field_id}")


def choose_in_autocomplete(page, row, typed, shown):
    """Type `typed` into the admin's autocomplete (Select2) field in `row` and pick the option that reads `shown`."""
    row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=shown).first.click()


def test_project_office_editor_adds_a_project_and_sees_it_published(live_server, new_page):
    # The editor group comes from the roles that `migrate` (and every database flush) brings in line.
    build_site()
    editor = factories.make_editor()
    page, watch = new_page(width=WIDTHS["desktop"])
    sign_in(page, live_server.url, editor)
    page.goto(live_server.url + reverse("admin:projects_project_add"))
    texts = {
        "title": {"ru": "Новый хаб", "kk": "Жаңа хаб", "en": "New hub"},
        "summary": {"ru": "Транспортный хаб", "kk": "Көлік хабы", "en": "A transport hub"},
    }
    for lang in ("ru", "kk", "en"):
        for name, text in texts.items():
            in_tab(page, f"id_{name}_{lang}").press_sequentially(text[lang])
    expect(page.locator("#id_slug")).to_have_value("new-hub")  # prepopulated from the English title
    page.select_option("#id_district", label="Дистрикт Gate")
    page.select_option("#id_status", "preparation")
    page.check("#id_is_published")
    page.locator("#participations-group .add-row a").click()
    role = page.locator("#participations-group tr.form-row.dynamic-participations").last
    # The organisation picker searches names in every language, case folded, like the registry.
    choose_in_autocomplete(page, role, "PEPSICO", re.compile("PepsiCo|ПепсиКо"))
    page.locator("#source_entries-group .add-row a").click()
    sources = page.locator("#source_entries-group tr.dynamic-source_entries")
    choose_in_autocomplete(page, sources.last, "Первый", "Первый небоскреб")
    page.locator('input[name="_save"]').click()
    expect(page).to_have_url(re.compile(r"/admin/projects/project/$"))
    project = Project.objects.get(slug="new-hub")
    assert project.updated_by == editor and project.is_published

    for lang in ("ru", "kk", "en"):
        title = texts["title"][lang]
        page.goto(f"{live_server.url}/{lang}/projects/?q={title}")
        expect(page.locator(".registry-title a")).to_have_text([title])
    watch.assert_clean()


def test_an_editor_edits_a_projects_kazakh_text_on_a_1280_px_screen(live_server, new_page):
    build_site()
    editor = factories.make_editor()
    page, watch = new_page(width=WIDTHS["desktop"])
    sign_in(page, live_server.url, editor)
    project = Project.objects.get(slug="plant-01")
    page.goto(live_server.url + reverse("admin:projects_project_change", args=[project.pk]))
    expect(page.locator("#id_summary_kk")).to_be_hidden()  # one language at a time
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["desktop"]
    in_tab(page, "id_summary_kk").fill("Жаңартылған қысқаша сипаттама")
    expect(page.locator("#id_summary_ru")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["desktop"]
    screenshot(page, "admin-project-kk-tab")
    page.locator('input[name="_save"]').click()
    expect(page).to_have_url(re.compile(r"/admin/projects/project/$"))
    project.refresh_from_db()
    assert project.summary_kk == "Жаңартылған қысқаша сипаттама"
    watch.assert_clean()


def test_an_editor_clears_and_ticks_every_column_of_the_export_with_select_all(live_server, new_page):
    """The export page's "Select all" works under the Content-Security-Policy (no inline handler)."""
    build_site()
    page, watch = new_page(width=WIDTHS["desktop"])
    sign_in(page, live_server.url, factories.make_editor())
    page.goto(live_server.url + reverse("admin:projects_project_export"))
    columns = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert columns.count() > 10
    select_all = page.locator(".select-toggle")
    for ticked in (False, True):
        select_all.set_checked(ticked)
        assert [columns.nth(n).is_checked() for n in range(columns.count())] == [ticked] * columns.count()
    watch.assert_clean()
