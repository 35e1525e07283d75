"""The interface speaks Kazakh, Russian and English: every catalogue entry is translated and compiled."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from . import factories

LOCALE = Path(settings.BASE_DIR) / "locale"


def catalogue_entries(language):
    """(msgctxt or None, msgid, [msgstr…]) for every entry of the language's .po file, header excluded."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        source = block.split("msgid ", 1)[1].split("msgstr", 1)[0].split("msgid_plural")[0]
        msgid = "".join(re.findall(r'"(.*)"', source))
        msgstrs = ["".join(re.findall(r'"(.*)"', part)) for part in re.split(r"msgstr(?:\[\d\])? ", block)[1:]]
        yield (context.group(1) if context else None), msgid, msgstrs


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_interface_string_is_translated_and_not_fuzzy(language):
    entries = list(catalogue_entries(language))
    assert len(entries) > 200
    untranslated = [msgid for _context, msgid, msgstrs in entries if not all(msgstrs)]
    assert not untranslated
    assert "#, fuzzy" not in (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_compiled_catalogue_matches_the_source_catalogue(language):
    # A .po edited without `make messages` would leave the served .mo behind.
    with translation.override(language):
        for context, msgid, msgstrs in catalogue_entries(language):
            if "%" not in msgid and len(msgstrs) == 1 and "\\" not in msgid:
                translated = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                assert translated == msgstrs[0], msgid


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("kk", "Жобалар тізілімі"), ("ru", "Реестр проектов"), ("en", "Project registry")]
)
def test_registry_page_speaks_the_language_of_its_url(client, language, heading):
    content = client.get(f"/{language}/projects/").content.decode()
    assert f"<h1>{heading}</h1>" in content
    assert f'<html lang="{language}">' in content


@pytest.mark.django_db
def test_kazakh_pages_format_dates_and_numbers_the_kazakh_way(client):
    project = factories.make_project(slug="plant", investment_amount=Decimal("368000000"), investment_currency="USD")
    factories.make_milestone(project, date="2025-09-29", status="implementation")
    content = client.get("/kk/projects/plant/").content.decode()
    assert "368\u202f000\u202f000\xa0USD" in content
    assert "2025 жылғы 29 қыркүйек" in content
