"""axe-core on every public page type, in Kazakh, Russian and English, at 1280 px and at 360 px.

No violation of impact "serious" or "critical" may remain, normally or in the version for the visually impaired;
moderate and minor ones are printed.
Each page is also screenshotted to tests/e2e/screenshots/ for a reviewer to look at.
"""

import pytest
from playwright.sync_api import expect

from ..tools import require
from .conftest import AXE_JS, WIDTHS, screenshot
from .site import LANGUAGES, PAGE_TYPES, build_site, page_url

pytestmark = pytest.mark.django_db(transaction=True)

MAP_PAGES = {"home", "district-list", "district"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page):
    # Run by the browser's devtools protocol, which the page's Content-Security-Policy does not govern: a
    # <script> added to the page would be refused.
    page.evaluate(AXE_JS.read_text())
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", AXE_TAGS
    )


# The version for the visually impaired in the mode with the most to get wrong: white on black, the largest text.
LOW_VISION = "contrast=white-on-black&text=larger"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_serious_accessibility_violations(live_server, new_page, page_type, lang):
    """Normally and in the version for the visually impaired (turned on from its own link), at each width."""
    require(AXE_JS.exists(), "axe-core", "run `npm ci` (make test does this)")
    build_site()
    for mode in ("normal", "low-vision"):
        for width_name, width in WIDTHS.items():
            page, watch = new_page(width=width)
            if mode == "low-vision":
                page.goto(f"{live_server.url}/{lang}/display/?{LOW_VISION}&next=/{lang}/")
            response = page.goto(live_server.url + page_url(page_type, lang))
            assert response.status == (404 if page_type == "not-found" else 200)
            if mode == "low-vision":
                expect(page.locator("html")).to_have_class("low-vision text-larger contrast-white-on-black")
            if page_type in MAP_PAGES:
                expect(page.locator(".leaflet-container")).to_be_visible()  # the map has been drawn
            screenshot(page, f"{page_type}-{lang}-{width_name}" + ("-low-vision" if mode == "low-vision" else ""))
            violations = axe_violations(page)
            serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
            for violation in violations:
                targets = [node["target"] for node in violation["nodes"]][:3]
                print(f"axe {page_type} {lang} {width}px {mode}: {violation['impact']} {violation['id']} {targets}")
            assert not serious, [(mode, v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{page_type} scrolls sideways at {width}px in {mode} ({scroll_width}px)"
            watch.assert_clean(allow_statuses=(404,) if page_type == "not-found" else ())
