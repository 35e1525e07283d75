"""The language rules a machine can check (the terms, dates, numbers and notation agreed with the reviewers
of official Kazakh and Russian), on every page of the seeded registry in kk, ru and en.

The registry's real texts are the point here, so these tests load the fixtures.
"""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from districts.models import District
from projects.models import Organisation, Project

pytestmark = pytest.mark.django_db

KAZAKH_MONTHS = "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан".split()
# Words that are Russian and never Kazakh: one of them in Kazakh text is Russian left untranslated.
RUSSIAN_WORDS = {"и", "в", "на", "по", "для", "из", "что", "это", "как", "или", "при", "проект",
                 "проекты", "реестр", "дистрикт", "дистрикты", "источник", "источники", "опубликовано"}  # fmt: skip


class VisibleText(HTMLParser):
    """The text a reader sees, each piece with the language it is marked as (lang attributes nest)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.languages = []
        self.hidden = 0
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        self.languages.append(attributes.get("lang") or (self.languages[-1] if self.languages else ""))
        self.hidden += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.languages:
            return
        self.languages.pop()
        self.hidden -= tag in ("script", "style", "title")

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.pieces.append((self.languages[-1] if self.languages else "", data))


def visible_text(content, language):
    """The page's visible text in its own language, without what is marked as another (such as source titles)."""
    parser = VisibleText()
    parser.feed(content)
    return " ".join(text for lang, text in parser.pieces if lang == language)


def pages():
    yield "/{lang}/"
    yield "/{lang}/districts/"
    yield "/{lang}/projects/"
    yield "/{lang}/organisations/"
    yield "/{lang}/about/"
    for slug in District.objects.values_list("slug", flat=True):
        yield f"/{{lang}}/districts/{slug}/"
    for slug in Project.objects.published().values_list("slug", flat=True):
        yield f"/{{lang}}/projects/{slug}/"
    for slug in Organisation.objects.public().values_list("slug", flat=True):
        yield f"/{{lang}}/organisations/{slug}/"


@pytest.fixture
def site(client):
    call_command("loaddata", "districts", "projects", verbosity=0)

    def texts(language):
        for path in pages():
            response = client.get(path.format(lang=language))
            assert response.status_code == 200, path
            yield path, response.content.decode()

    return texts


def test_kazakh_pages_say_audan_and_speak_no_russian_outside_marked_source_titles(site):
    for path, content in site("kk"):
        text = visible_text(content, "kk")
        assert not re.search(r"[Дд]истрикт", text), f"{path} says Дистрикт"
        russian = {word for word in re.findall(r"\w+", text.lower()) if word in RUSSIAN_WORDS}
        assert not russian, f"{path} has Russian words: {russian}"


def test_kazakh_dates_put_the_year_first_and_month_names_in_lower_case(site):
    seen = 0
    for path, content in site("kk"):
        text = visible_text(content, "kk")
        for month in KAZAKH_MONTHS:
            assert not re.search(rf"(?:\d|жылғы) {month.capitalize()}", text), f"{path}: a capitalised month in a date"
            assert not re.search(rf"\d{{1,2}} {month}\w* \d{{4}}", text), f"{path}: day-month-year in Kazakh"
        seen += len(re.findall(r"\d{4} жылғы \d{1,2} (?:" + "|".join(KAZAKH_MONTHS) + ")", text))
        assert not re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", text), f"{path} writes a date in digits"
    assert seen > 50


def test_english_pages_write_one_date_style(site):
    for path, content in site("en"):
        text = visible_text(content, "en")
        assert not re.search(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\. \d", text), path
        assert not re.search(r"\b[A-Z][a-z]+ \d{1,2}, \d{4}", text), f"{path} writes a US date"


@pytest.mark.parametrize(
    ("language", "area", "more_than", "coordinates"),
    [
        ("kk", "шамамен 4\u202f000\xa0га", "220\u202f000-нан астам", ("43,46°\xa0с.\xa0е.", "77,02°\xa0ш.\xa0б.")),
        ("ru", "около 4\u202f000\xa0га", "более 220\u202f000", ("43,46°\xa0с.\xa0ш.", "77,02°\xa0в.\xa0д.")),
        ("en", "about 4,000\xa0ha", "more than 220,000", ("43.46°\xa0N", "77.02°\xa0E")),
    ],
)
def test_approximate_figures_thousands_and_coordinates_read_as_each_language_writes_them(
    site, client, language, area, more_than, coordinates
):
    list(site(language))  # every page renders
    gate = client.get(f"/{language}/districts/gate/").content.decode()
    assert area in gate and more_than in gate
    assert all(coordinate in gate for coordinate in coordinates)
    for path, content in site(language):
        assert "≈" not in visible_text(content, language), path
