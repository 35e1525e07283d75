"""The version for the visually impaired in a browser: switched from the header with JavaScript off, kept across
pages, switched off again; and axe-core finds no serious violation in any of its modes."""

import pytest
from playwright.sync_api import expect

from ..tools import require
from .conftest import AXE_JS, WIDTHS, screenshot
from .site import build_site
from .test_accessibility import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

MODES = {
    "larger": "text=larger",
    "black-on-white": "contrast=black-on-white",
    "white-on-black": "contrast=white-on-black&text=large",
    "spacing": "spacing=wide&text=larger",
    "no-images": "images=hidden",
}
PAGES = {"home": "/en/", "project": "/en/projects/plant-01/"}


def test_the_mode_is_switched_from_the_header_without_javascript(live_server, new_page):
    build_site()
    page, watch = new_page(javascript=False)
    page.goto(live_server.url + "/en/")
    html = page.locator("html")
    expect(html).not_to_have_class("low-vision")
    page.get_by_role("link", name="Version for the visually impaired").click()
    expect(html).to_have_class("low-vision text-large")
    expect(page).to_have_url(live_server.url + "/en/")
    page.get_by_role("link", name="White on black").click()
    expect(html).to_have_class("low-vision text-large contrast-white-on-black")
    # Two more pages: the choice stays.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    expect(page).to_have_url(live_server.url + "/en/projects/")
    expect(html).to_have_class("low-vision text-large contrast-white-on-black")
    page.get_by_role("link", name="Plant 01", exact=True).first.click()
    expect(html).to_have_class("low-vision text-large contrast-white-on-black")
    project_url = page.url
    page.get_by_role("link", name="Normal version").click()
    expect(page).to_have_url(project_url)
    expect(html).not_to_have_class("low-vision")
    expect(page.get_by_role("link", name="Version for the visually impaired")).to_be_visible()
    watch.assert_clean()


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode", MODES)
def test_each_mode_has_no_serious_accessibility_violations(live_server, new_page, mode, page_name):
    require(AXE_JS.exists(), "axe-core", "run `npm ci` (make test does this)")
    build_site()
    for width_name, width in WIDTHS.items():
        page, watch = new_page(width=width)
        page.goto(f"{live_server.url}/en/display/?{MODES[mode]}&next={PAGES[page_name]}")
        assert "low-vision" in page.locator("html").get_attribute("class")
        if mode == "no-images":
            assert page.locator("img:visible").count() == 0
        screenshot(page, f"display-{mode}-{page_name}-{width_name}")
        violations = axe_violations(page)
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"]][:3]
            print(f"axe {mode} {page_name} {width}px: {violation['impact']} {violation['id']} {targets}")
        assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{mode} {page_name} scrolls sideways at {width}px ({scroll_width}px wide)"
        watch.assert_clean()
