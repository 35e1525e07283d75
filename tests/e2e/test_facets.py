"""The registry's facet counts, read in a browser: each option's number is the number of projects that ticking it
shows, with the search and the other facets' choices kept."""

import re

import pytest

from .site import build_site

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = re.compile(r"\((\d+)\)")


def shown_count(page):
    return int(re.match(r"\d+", page.locator("#results-title").inner_text())[0])


@pytest.mark.parametrize("search", ["", "?q=plant", "?status=implementation"])
def test_each_facet_option_says_how_many_projects_ticking_it_shows(live_server, new_page, search):
    build_site()
    page, watch = new_page()
    page.goto(f"{live_server.url}/en/projects/{search}")
    options = [
        (box.get_attribute("name"), box.get_attribute("value"), box.is_checked())
        for box in page.locator(".registry-check input[type=checkbox]").all()
    ]
    assert options, "no facet options"
    # In a facet with a ticked option, ticking another adds its projects to those: its count is its own.
    narrowed = {name for name, _value, ticked in options if ticked}
    checked = 0
    for name, value, _ticked in options:
        if name in narrowed:
            continue
        page.goto(f"{live_server.url}/en/projects/{search}")
        label = page.locator(f'label[for="{page.locator(f"input[name={name}][value={value}]").get_attribute("id")}"]')
        promised = int(COUNT.search(label.inner_text())[1])
        page.locator(f"input[name={name}][value={value}]").check()
        page.locator(".registry-form button[type=submit]").last.click()
        page.wait_for_url(re.compile(rf"{name}={value}"))
        assert shown_count(page) == promised, f"{name}={value}: the option promised {promised}"
        checked += 1
    assert checked >= 2
    watch.assert_clean()
