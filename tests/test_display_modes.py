"""The version for the visually impaired: plain links in the header set a cookie, every page then carries the
visitor's choices as classes on <html>, and cached pages never hand one visitor's display to another."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from alatau import display

pytestmark = pytest.mark.django_db

COOKIE = "display"


def html_classes(response):
    match = re.search(r'<html lang="\w+"(?: class="([^"]*)")?>', response.content.decode())
    assert match, "no <html> tag"
    return set((match.group(1) or "").split())


def header(response):
    return response.content.decode().split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def header_link(response, label):
    """The address of the header's link with this text."""
    match = re.search(
        rf'<a href="([^"]+)" rel="nofollow"(?: aria-current="true")?(?: class="[^"]*")?>{label}</a>', header(response)
    )
    assert match, f"no header link {label!r}"
    return match.group(1).replace("&amp;", "&")


def test_the_header_offers_the_version_for_the_visually_impaired(client):
    response = client.get("/en/about/")
    url = header_link(response, "Version for the visually impaired")
    address = urlsplit(url)
    assert address.path == "/en/display/"
    assert parse_qs(address.query)["next"] == ["/en/about/"]
    assert not html_classes(response)


def test_switching_on_sets_a_cookie_and_returns_to_the_page(client):
    on = header_link(client.get("/en/projects/?status=preparation"), "Version for the visually impaired")
    response = client.get(on)
    assert response.status_code == 302
    assert response["Location"] == "/en/projects/?status=preparation"
    assert response.cookies[COOKIE].value == "on.text-large"
    assert response.cookies[COOKIE]["max-age"] > 30 * 24 * 3600
    assert "no-store" in response["Cache-Control"]
    assert html_classes(client.get("/en/projects/?status=preparation")) == {"low-vision", "text-large"}


def test_each_setting_changes_only_itself_and_is_marked_current(client):
    client.get("/en/display/?mode=on&text=large&next=/en/")
    page = client.get("/en/about/")
    assert 'aria-current="true">Large text</a>' in header(page)
    client.get(header_link(page, "White on black"))
    client.get(header_link(client.get("/en/about/"), "Wide letter spacing"))
    client.get(header_link(client.get("/en/about/"), "Images hidden"))
    client.get(header_link(client.get("/en/about/"), "Larger text"))
    page = client.get("/en/about/")
    assert html_classes(page) == {
        "low-vision",
        "text-larger",
        "contrast-white-on-black",
        "spacing-wide",
        "images-hidden",
    }
    for label in ("Larger text", "White on black", "Wide letter spacing", "Images hidden"):
        assert f'aria-current="true">{label}</a>' in header(page)
    client.get(header_link(page, "Black on white"))
    assert "contrast-black-on-white" in html_classes(client.get("/en/about/"))


def test_the_mode_stays_on_across_pages_and_languages_until_switched_off(client, district):
    client.get("/en/display/?contrast=black-on-white&next=/en/")
    for url in ("/en/", "/kk/districts/", f"/ru/districts/{district.slug}/", "/en/no-such-page/"):
        assert "contrast-black-on-white" in html_classes(client.get(url)), url
    response = client.get(header_link(client.get("/kk/glossary/"), "Қалыпты нұсқа"))
    assert response["Location"] == "/kk/glossary/"
    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0
    assert not html_classes(client.get("/kk/glossary/"))


@pytest.mark.parametrize(
    "next_page",
    [
        "//evil.example/",
        "https://evil.example/en/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "en/about/",
        "",
        "/\n/evil.example/",
        " //evil.example",
    ],
)
def test_the_return_address_must_be_on_this_site(client, next_page):
    response = client.get("/en/display/", {"mode": "on", "next": next_page})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_a_return_address_keeps_its_query_and_letters(client):
    response = client.get("/ru/display/", {"mode": "on", "next": "/ru/projects/?q=алма&status=preparation"})
    assert response["Location"] == "/ru/projects/?q=%D0%B0%D0%BB%D0%BC%D0%B0&status=preparation"


def test_a_return_address_with_a_line_break_cannot_add_a_header(client):
    response = client.get("/en/display/", {"mode": "on", "next": "/en/\r\nSet-Cookie: x=1"})
    assert response.status_code == 302
    assert "\n" not in response["Location"]
    assert "x" not in response.cookies


@pytest.mark.parametrize(
    "query", ["text=huge", "contrast=<script>", "spacing=", "images=1&mode=maybe", "text=large&text=x"]
)
def test_values_that_are_not_choices_are_ignored(client, query):
    response = client.get(f"/en/display/?{query}&next=/en/")
    assert response.status_code == 302
    assert set(response.cookies[COOKIE].value.split(".")) <= {"on", "text-large"}


@pytest.mark.parametrize(
    "cookie, classes",
    [
        ("on.text-huge.contrast-<b>.images-hidden", {"low-vision", "images-hidden"}),
        ("garbage", set()),
        ("", set()),
        ("on." + "x" * 3000, {"low-vision"}),
        ('on"', set()),
    ],
)
def test_a_tampered_cookie_shows_only_real_choices(client, cookie, classes):
    client.cookies[COOKIE] = cookie
    response = client.get("/en/about/")
    assert response.status_code == 200
    assert html_classes(response) == classes


def test_the_switch_is_a_link_not_a_form_and_changes_no_data(client):
    assert client.post("/en/display/?mode=on&next=/en/").status_code == 405
    assert client.head("/en/display/?mode=on&next=/en/").status_code == 302


def test_the_cookie_round_trips_every_choice():
    for name, choices in display.SETTINGS.items():
        for choice in choices:
            chosen = {**display.NORMAL, name: choice}
            assert display.choices_from_cookie(display.cookie_from_choices(chosen)) == chosen
    assert display.choices_from_cookie(None) is None


@pytest.fixture
def caching(settings):
    settings.CACHE_PAGES = True


def test_a_cached_page_is_never_served_in_another_visitors_mode(client, caching, district):
    url = f"/en/districts/{district.slug}/"
    plain = client.get(url)
    client.cookies[COOKIE] = "on.contrast-white-on-black"
    dark = client.get(url)
    assert "contrast-white-on-black" in html_classes(dark)
    assert dark["ETag"] != plain["ETag"]
    assert "Cookie" in dark["Vary"]
    client.cookies.pop(COOKIE)
    again = client.get(url)
    assert not html_classes(again)
    assert again.content == plain.content


def test_a_visitor_in_the_mode_first_does_not_set_the_display_of_the_next(client, caching):
    client.cookies[COOKIE] = "on.text-larger"
    assert "text-larger" in html_classes(client.get("/en/glossary/"))
    client.cookies.pop(COOKIE)
    assert not html_classes(client.get("/en/glossary/"))
    # A browser that kept the page in the mode asks again with its ETag: the normal page is not "the same".
    client.cookies[COOKIE] = "on.text-larger"
    etag = client.get("/en/glossary/")["ETag"]
    client.cookies.pop(COOKIE)
    assert client.get("/en/glossary/", headers={"if-none-match": etag}).status_code == 200


def test_made_up_cookie_values_share_the_cached_page_of_what_they_choose(client, caching):
    """The cache keeps one copy per display, not one per cookie value a client invents."""
    normal = client.get("/en/glossary/")["ETag"]
    for junk in ("nonsense", "off.text-larger", "x" * 200):
        client.cookies[COOKIE] = junk
        assert client.get("/en/glossary/")["ETag"] == normal
    client.cookies[COOKIE] = "on.text-larger"
    larger = client.get("/en/glossary/")["ETag"]
    client.cookies[COOKIE] = "on.text-larger.text-nonsense.images-sideways"
    assert client.get("/en/glossary/")["ETag"] == larger
