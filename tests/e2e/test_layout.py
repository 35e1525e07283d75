"""Every page type in Kazakh, Russian and English fits the screen at phone, tablet, laptop and desktop widths, with
every disclosure open (the registry's facets among them), and tells the visitor where they are."""

import pytest

from .conftest import LAYOUT_WIDTHS, OPEN_EVERY_DISCLOSURE, elements_wider_than_the_page, screenshot
from .site import LANGUAGES, PAGE_TYPES, build_site, page_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_type_fits_every_width_with_disclosures_open_and_says_where_it_is(live_server, new_page, page_type, lang):
    build_site()
    for width in LAYOUT_WIDTHS:
        page, _watch = new_page(width=width)
        page.goto(live_server.url + page_url(page_type, lang))
        page.evaluate(OPEN_EVERY_DISCLOSURE)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if width in (768, 1024):  # 360 and 1,280 px are screenshotted by the accessibility test
            screenshot(page, f"{page_type}-{lang}-{width}px-open")
        if width == LAYOUT_WIDTHS[-1] and page_type != "home":
            assert_breadcrumbs(page, page_type, lang)
        assert scroll_width <= width, (
            f"{page_type} ({lang}) scrolls sideways at {width}px: {scroll_width}px wide; "
            f"widest: {elements_wider_than_the_page(page)}"
        )


def assert_breadcrumbs(page, page_type, lang):
    """A trail from home to this page, in schema.org's BreadcrumbList, the current page marked."""
    trail = page.locator("nav.breadcrumbs li")
    assert trail.count() >= 2, f"{page_type} has no breadcrumb trail"
    assert trail.first.locator("a").get_attribute("href") == f"/{lang}/"
    assert trail.last.locator("[aria-current=page]").count() == 1
    assert page.locator('nav.breadcrumbs [itemtype="https://schema.org/BreadcrumbList"]').count() == 1
