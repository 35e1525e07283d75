"""axe-core on every public page type, in Kazakh, Russian and English, at 1280 px and at 360 px.

No violation of impact "serious" or "critical" may remain; moderate and minor ones are printed.
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
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", AXE_TAGS
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_has_no_serious_accessibility_violations(live_server, new_page, page_type, lang):
    require(AXE_JS.exists(), "axe-core", "run `npm ci` (make test does this)")
    build_site()
    for width_name, width in WIDTHS.items():
        # The portal's own CSP would refuse the injected axe script.
        page, watch = new_page(width=width, bypass_csp=True)
        response = page.goto(live_server.url + page_url(page_type, lang))
        assert response.status == (404 if page_type == "not-found" else 200)
        if page_type in MAP_PAGES:
            expect(page.locator(".leaflet-container")).to_be_visible()  # the map has been drawn
        screenshot(page, f"{page_type}-{lang}-{width_name}")
        violations = axe_violations(page)
        serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
        for violation in violations:
            targets = [node["target"] for node in violation["nodes"]][:3]
            print(f"axe {page_type} {lang} {width}px: {violation['impact']} {violation['id']} {targets}")
        assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in serious]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page_type} scrolls sideways at {width}px ({scroll_width}px wide)"
        watch.assert_clean(allow_statuses=(404,) if page_type == "not-found" else ())
