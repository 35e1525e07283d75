"""The registry as people scan it: facets in a sidebar on a wide screen, a compact table of results, cards on a
phone, sort labels that fit, and no sideways scrolling at any width in any language."""

import pytest
from playwright.sync_api import expect

from .conftest import LAYOUT_WIDTHS, OPEN_EVERY_DISCLOSURE, elements_wider_than_the_page
from .site import LANGUAGES, build_site

pytestmark = pytest.mark.django_db(transaction=True)

QUERIES = [
    "",
    "?district=gate&status=implementation&specialization=industry&page=2",
    "?q=plant&district=gate&currency=USD&investment_min=1000000&investment_max=90000000&flagship=false",
    "?status=nonsense&investment_min=abc&investment_max=5",
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_registry_never_scrolls_sideways_with_its_facets_open(live_server, new_page, lang):
    build_site()
    page, _watch = new_page()
    for width in LAYOUT_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for query in QUERIES:
            page.goto(f"{live_server.url}/{lang}/projects/{query}")
            page.evaluate(OPEN_EVERY_DISCLOSURE)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                width,
                query,
                elements_wider_than_the_page(page),
            )
            # Nor does the table scroll inside its box.
            assert page.evaluate(
                "[...document.querySelectorAll('.registry-table-scroll')].every(e => e.scrollWidth <= e.clientWidth)"
            ), (width, query)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sort_label_fits_its_select(live_server, new_page, lang):
    build_site()
    page, _watch = new_page()
    for width in LAYOUT_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/{lang}/projects/")
        cut_off = page.evaluate(
            """() => {
                const select = document.querySelector('#id_ordering');
                const style = getComputedStyle(select);
                const text = document.createElement('canvas').getContext('2d');
                text.font = style.font;
                // The room for the chosen label: the select's inner width less its arrow.
                const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
                const labels = [...select.options].map(option => option.text);
                return labels.filter(label => text.measureText(label).width > room);
            }"""
        )
        assert cut_off == [], (width, cut_off)


def test_the_facets_are_open_beside_the_results_on_a_wide_screen_and_behind_a_summary_on_a_phone(live_server, new_page):
    build_site()
    page, _watch = new_page(width=1280)
    page.goto(f"{live_server.url}/en/projects/")
    gate = page.locator("#id_district_gate")
    expect(gate).to_be_visible()
    expect(page.locator('label[for="id_district_gate"]')).to_have_text("Gate District (26)")
    sidebar, results = (page.locator(selector).bounding_box() for selector in (".registry-form", ".registry-results"))
    assert sidebar["x"] + sidebar["width"] <= results["x"]
    assert sidebar["y"] == results["y"]

    page.set_viewport_size({"width": 360, "height": 800})
    expect(gate).to_be_hidden()
    page.locator(".registry-filters > summary").click()
    expect(gate).to_be_visible()
    # A filter in use is counted on the summary and shown as a chip above the results, which come first.
    page.goto(f"{live_server.url}/en/projects/?district=gate")
    expect(page.locator("#id_status_implementation")).to_be_hidden()
    expect(page.locator(".registry-filters > summary")).to_have_text("Filters (1 active)")
    expect(page.locator(".registry-chips")).to_contain_text("Gate District")
    # A rejected one opens them.
    page.goto(f"{live_server.url}/en/projects/?status=nonsense")
    expect(page.locator("#id_status_implementation")).to_be_visible()


def test_about_ten_projects_fit_a_1280_by_800_screen(live_server, new_page):
    build_site()
    page, _watch = new_page(width=1280)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/en/projects/")
    bottoms = page.evaluate(
        "[...document.querySelectorAll('.registry-row')].map(row => row.getBoundingClientRect().bottom)"
    )
    visible = sum(bottom <= 800 for bottom in bottoms)
    assert visible >= 9


def test_on_a_phone_each_project_is_a_card_whose_cells_say_what_they_are(live_server, new_page):
    build_site()
    page, _watch = new_page(width=360)
    page.goto(f"{live_server.url}/en/projects/")
    row = page.locator(".registry-row").first
    box = row.bounding_box()
    assert box["width"] <= 360 and box["height"] < 160
    labels = page.evaluate(
        """() => [...document.querySelector('.registry-row').querySelectorAll('td')]
            .map(cell => getComputedStyle(cell, '::before').content)"""
    )
    assert labels == ["none", "none", '"Organisation: "', '"Capital investment: "', '"Last updated: "']
    expect(page.locator(".registry-projects thead")).not_to_be_in_viewport()
