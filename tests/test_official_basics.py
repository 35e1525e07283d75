"""What an official site shows on every page: whose registry it is and how to reach them, its languages, the
addresses and pictures that links and shares use, and the pages that explain it (accessibility, glossary)."""

import importlib
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

import alatau.settings
from projects.models import Project, Status

from . import factories

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")


def page(client, url="/en/about/", **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def footer(content):
    return content.split('<footer class="site-footer">', 1)[1]


def test_the_header_and_footer_name_the_publisher_and_its_contacts_from_the_settings(client, settings):
    settings.DATA_PUBLISHER = {
        "name": "Alatau City Open Data Unit",
        "address": "1 Example Street, Alatau",
        "email": "data@example.org",
        "phone": "+7 700 000 00 00",
    }
    content = page(client)
    header = content.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert "Alatau City Open Data Unit" in header
    foot = footer(content)
    assert "Alatau City Open Data Unit" in foot
    assert "1 Example Street, Alatau" in foot
    assert 'href="mailto:data@example.org"' in foot
    assert 'href="tel:+77000000000"' in foot


def test_contact_fields_that_are_not_set_are_not_shown(client, settings):
    settings.DATA_PUBLISHER = {"name": "Alatau City Project Office"}
    foot = footer(page(client))
    assert "Alatau City Project Office" in foot
    assert "mailto:" not in foot
    assert "tel:" not in foot
    assert "Phone" not in foot and "E-mail" not in foot
    assert "Report an error" not in foot  # no dead link without an address to write to


@pytest.fixture
def settings_module():
    """alatau/settings.py read again, under the environment the test sets; read once more afterwards."""
    yield lambda: importlib.reload(alatau.settings)
    importlib.reload(alatau.settings)


def test_the_publisher_comes_from_the_environment_and_no_contact_is_invented(monkeypatch, settings_module):
    for name in ("NAME", "ADDRESS", "EMAIL", "PHONE"):
        monkeypatch.delenv(f"DJANGO_PUBLISHER_{name}", raising=False)
    assert settings_module().DATA_PUBLISHER == {"name": "Alatau City Project Office"}
    monkeypatch.setenv("DJANGO_PUBLISHER_EMAIL", " data@example.org ")
    monkeypatch.setenv("DJANGO_PUBLISHER_PHONE", " ")
    assert settings_module().DATA_PUBLISHER == {"name": "Alatau City Project Office", "email": "data@example.org"}


def test_the_report_link_mails_the_publisher_with_the_pages_address(client, settings, district):
    settings.DATA_PUBLISHER = {"name": "Project Office", "email": "data@example.org"}
    content = page(client, f"/en/districts/{district.slug}/?status=preparation")
    link = re.search(r'<a href="(mailto:[^"]+)" class="report-error">', content)
    assert link, "no report link"
    address = urlsplit(link.group(1).replace("&amp;", "&"))
    assert address.path == "data@example.org"
    query = parse_qs(address.query)
    assert query["subject"][0]
    assert f"http://testserver/en/districts/{district.slug}/?status=preparation" in unquote(query["body"][0])


@pytest.mark.parametrize(
    "lang, locale, alternates", [("kk", "kk_KZ", {"ru_RU", "en_US"}), ("en", "en_US", {"ru_RU", "kk_KZ"})]
)
def test_og_locale_names_the_region_and_the_other_languages(client, lang, locale, alternates):
    content = page(client, f"/{lang}/about/")
    assert f'<meta property="og:locale" content="{locale}">' in content
    assert set(re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', content)) == alternates


def test_the_canonical_link_is_the_pages_own_address(client, district):
    content = page(client, f"/ru/districts/{district.slug}/")
    assert f'<link rel="canonical" href="http://testserver/ru/districts/{district.slug}/">' in content


def test_every_page_has_a_favicon_and_a_sharing_image(client):
    content = page(client, "/kk/")
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in content
    assert '<meta property="og:image" content="http://testserver/static/img/og-image.png">' in content
    assert finders.find("img/favicon.svg") and finders.find("img/og-image.png")


def test_the_sharing_image_is_1200_by_630():
    from pathlib import Path

    from PIL import Image

    with Image.open(Path(__file__).resolve().parents[1] / "static" / "img" / "og-image.png") as image:
        assert image.size == (1200, 630)


def test_languages_are_listed_kazakh_russian_english_each_in_its_own_language(client):
    content = page(client, "/ru/about/")
    switcher = content.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)"( aria-current="true")?>([^<]+)</a>', switcher)
    assert [(code, lang) for _href, code, lang, _current, _name in links] == [("kk", "kk"), ("ru", "ru"), ("en", "en")]
    assert [name for *_rest, name in links] == ["Қазақ", "Русский", "English"]
    assert [code for _href, code, _lang, current, _name in links if current] == ["ru"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_accessibility_statement_exists_in_each_language(client, lang):
    content = page(client, f"/{lang}/accessibility/")
    assert f'<html lang="{lang}"' in content
    assert f'href="/{lang}/display/?mode=on' in content  # the statement's subject, on the page
    assert f'href="/{lang}/accessibility/"' in footer(content)


def test_the_accessibility_statement_says_how_to_report_a_problem(client, settings):
    content = page(client, "/en/accessibility/")
    assert "has not yet published an address for reports" in content
    settings.DATA_PUBLISHER = {"name": "Project Office", "email": "data@example.org"}
    content = page(client, "/en/accessibility/")
    assert "has not yet published an address for reports" not in content
    assert "mailto:data@example.org?" in content.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_explains_every_status_and_the_registrys_marks(client, lang):
    content = page(client, f"/{lang}/glossary/")
    for status in Status:
        assert f'<dt id="status-{status.value}">' in content
        assert f"<code>{status.value}</code>" in content
    for term in ("flagship", "readings", "indicative", "not-published"):
        assert f'<dt id="{term}">' in content
    assert f'href="/{lang}/glossary/"' in footer(content)


def test_the_glossary_shows_status_labels_in_the_pages_language(client):
    assert "Being implemented" in page(client, "/en/glossary/")
    assert "Being implemented" not in page(client, "/ru/glossary/")


def test_the_sitemap_lists_the_accessibility_statement_and_glossary(client):
    content = client.get("/sitemap-pages.xml").content.decode()
    for lang in LANGUAGES:
        assert f"http://testserver/{lang}/accessibility/" in content
        assert f"http://testserver/{lang}/glossary/" in content


def test_the_footer_dates_the_last_change_to_a_published_project(client, district):
    factories.make_project(district=district)
    draft = factories.make_project(district=district, is_published=False)
    published_at = timezone.localtime(Project.objects.published().get().updated_at).date()
    Project.objects.filter(pk=draft.pk).update(updated_at=timezone.now() + timezone.timedelta(days=400))
    foot = footer(page(client, "/en/organisations/"))
    assert f'<time datetime="{published_at:%Y-%m-%d}">' in foot  # not the draft's later change


def test_the_footer_gives_the_data_licence(client, settings):
    settings.DATA_LICENCE = {"name": "ODbL 1.0", "url": "https://opendatacommons.org/licenses/odbl/1-0/"}
    foot = footer(page(client))
    assert '<a href="https://opendatacommons.org/licenses/odbl/1-0/" rel="license">ODbL 1.0</a>' in foot


def test_a_page_not_found_has_the_same_header_and_footer(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert 'class="language-switcher"' in content
    assert 'href="/en/accessibility/"' in footer(content)
