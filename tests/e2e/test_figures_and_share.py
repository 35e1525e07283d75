"""The figures with their tables opened, the lifecycle bar and the share links, in a real browser: no serious
axe violation, no sideways scroll on a phone, and "Copy link" copies the page's address and says so."""

import pytest
from playwright.sync_api import expect

from ..tools import require
from .conftest import AXE_JS, WIDTHS
from .site import LANGUAGES, build_site, page_url
from .test_accessibility import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_opened_figure_tables_lifecycle_bar_and_share_links_pass_axe_and_fit_a_phone(live_server, new_page, lang):
    require(AXE_JS.exists(), "axe-core", "run `npm ci` (make test does this)")
    build_site()
    for width in WIDTHS.values():
        for page_type in ("home", "district", "project"):
            page, watch = new_page(width=width)
            page.goto(live_server.url + page_url(page_type, lang))
            for summary in page.locator(".figure-table summary").all():
                summary.click()
            violations = axe_violations(page)
            serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
            assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (page_type, width)
            watch.assert_clean()


def test_copy_link_puts_the_pages_address_on_the_clipboard_and_says_so(live_server, new_page):
    build_site()
    page, watch = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    address = live_server.url + page_url("project", "en")
    page.goto(address)
    page.get_by_role("link", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.url == address  # the click copied; it did not navigate
    assert page.evaluate("navigator.clipboard.readText()") == address
    watch.assert_clean()


def test_without_javascript_copy_link_is_a_link_to_the_page_itself(live_server, new_page):
    build_site()
    page, watch = new_page(javascript=False)
    address = live_server.url + page_url("district", "kk")
    page.goto(address)
    expect(page.locator(".share-copy")).to_have_attribute("href", address)
    watch.assert_clean()
