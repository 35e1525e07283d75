"""Fuzzing with hypothesis: generated query strings for every public list and download, generated paths, and
generated posts to the admin login, on the seeded registry with debug off. No answer may be a server error, and
no generated text with <, > or " may come back verbatim in an HTML page (it must be escaped).

The examples are the same on every run (derandomize); the budgets add up to FUZZ_CASES.
"""

import json
from urllib.parse import quote, unquote, urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projects.filters import ORDERINGS, ProjectFilterSet
from projects.models import Status

from .conftest import ROOT

LANGUAGES = ["ru", "kk", "en"]
BUDGETS = {"registry": 700, "lists": 700, "paths": 500, "login": 300}
FUZZ_CASES = sum(BUDGETS.values())

_fixtures = json.loads((ROOT / "fixtures" / "districts.json").read_text())
SLUGS = [row["fields"]["slug"] for row in _fixtures if "slug" in row["fields"]]
KNOWN_VALUES = [
    *SLUGS,
    *Status.values,
    *(value for value, _label in ORDERINGS),
    *("true", "false", "KZT", "USD", "kz", "KZ", "1", "2", "last", "0", "-1", "1000000", "0.5"),
]
HOSTILE = [
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "'\"><svg onload=alert(1)>",
    "</textarea><b>bold</b>",
    '" autofocus onfocus="alert(1)',
    "<!--",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "%s%s%n",
    "\x00",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\u202eevil",
    "Алатау Ақ",
    "a" * 5000,
    "1e309",
    "NaN",
    "-Infinity",
    "９９",
    "99999999999999999999999999",
]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
VALUE = st.one_of(
    TEXT,
    st.sampled_from(KNOWN_VALUES),
    st.sampled_from(HOSTILE),
    st.builds(lambda before, hostile, after: before + hostile + after, TEXT, st.sampled_from(HOSTILE), TEXT),
    st.integers().map(str),
    st.decimals().map(str),
)
# Broken escapes and encodings that a browser would never send, added raw to a query string or a path.
RAW = ["%", "%ZZ", "%00", "%C0%AF", "%FF%FE", "%E2%80%AE", "%2e%2e%2f", "&&==", "=%3Cb%3E", ";", "+"]


def query_string(names):
    """A query string over `names` (and made-up names): (its text, the decoded names and values)."""
    pairs = st.lists(st.tuples(st.one_of(st.sampled_from(names), TEXT), VALUE), max_size=6)
    return st.builds(
        lambda pairs, raw: (urlencode(pairs) + raw, [text for pair in pairs for text in pair]),
        pairs,
        st.sampled_from(["", *RAW]),
    )


REGISTRY_PARAMETERS = [*ProjectFilterSet.base_filters, "page", "investor"]
LIST_PARAMETERS = {
    "projects/feed/": REGISTRY_PARAMETERS,
    "projects/export.csv": REGISTRY_PARAMETERS,
    "projects/export.json": REGISTRY_PARAMETERS,
    "projects/oc4ids.json": REGISTRY_PARAMETERS,
    "organisations/": ["page"],
    "organisations/suggestions.json": ["organisation"],
    "districts/": ["page"],
    "": ["page"],
    "display/": ["mode", "text", "contrast", "spacing", "images", "next"],
}
SEGMENT = st.one_of(
    st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True),
    st.sampled_from(SLUGS),
    TEXT.filter(bool).map(lambda text: quote(text, safe="")),
    TEXT.filter(bool).map(lambda text: quote(text, safe="<>\"'%")),
    st.sampled_from(["..", ".", "%2e%2e", "%2F", *RAW, "a" * 3000, "data.json", "oc4ids.json", "x.jpg", "x.webp"]),
    st.sampled_from(HOSTILE).map(lambda text: quote(text, safe="")),
)
PREFIXES = [
    "/",
    *(f"/{language}/" for language in LANGUAGES),
    "/ru/projects/",
    "/en/projects/pepsico-plant/",
    "/kk/organisations/",
    "/en/districts/",
    "/media/",
    "/media/projects/2026/11/",
    "/static/",
    "/admin/",
]
PATH = st.builds(
    lambda prefix, segments, end: (prefix + "/".join(segments) + end, [unquote(segment) for segment in segments]),
    st.sampled_from(PREFIXES),
    st.lists(SEGMENT, min_size=1, max_size=4),
    st.sampled_from(["", "/"]),
)
NEXT = st.one_of(VALUE, st.sampled_from(["/admin/", "//evil.example", "https://evil.example/", "javascript:alert(1)"]))
LOGIN = st.fixed_dictionaries({"username": VALUE, "password": VALUE, "next": NEXT})


def fuzz(budget, strategy, check):
    """check(example) for `budget` generated examples, the same on every run; returns how many ran."""
    ran = 0

    @settings(
        max_examples=budget,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def examples(example):
        nonlocal ran
        ran += 1
        check(example)

    examples()
    return ran


class Answers:
    """Requests through a fresh test client each, and what an answer may not do."""

    def __init__(self):
        self.baselines = {}

    def body(self, response):
        return b"".join(response.streaming_content) if response.streaming else response.content

    def check(self, response, sent, baseline_url):
        """No server error; no generated text with <, > or " verbatim in an HTML page, unless the page has it
        without that text too (the text is then the page's own markup, such as `<li>`)."""
        body = self.body(response)
        assert response.status_code < 500, f"{response.status_code} for {response.wsgi_request.get_full_path()}"
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        page = body.decode(errors="replace")
        for text in sent:
            if len(text) >= 3 and any(mark in text for mark in '<>"') and text in page:
                assert text in self.baseline(baseline_url), f"{text!r} echoed unescaped by {response.wsgi_request}"

    def baseline(self, url):
        if url not in self.baselines:
            self.baselines[url] = self.body(Client().get(url)).decode(errors="replace")
        return self.baselines[url]


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = False
    call_command("seed_registry", verbosity=0)
    return Answers()


def test_generated_registry_query_strings_never_fail_nor_echo_markup(seeded):
    def check(example):
        language, (query, sent) = example
        url = f"/{language}/projects/"
        seeded.check(Client().get(f"{url}?{query}"), sent, url)

    ran = fuzz(BUDGETS["registry"], st.tuples(st.sampled_from(LANGUAGES), query_string(REGISTRY_PARAMETERS)), check)
    assert ran >= BUDGETS["registry"]


def test_generated_query_strings_of_every_other_public_list_and_download_never_fail_nor_echo_markup(seeded):
    def check(example):
        language, (page, (query, sent)) = example
        url = f"/{language}/{page}"
        seeded.check(Client().get(f"{url}?{query}"), sent, url)

    pages = st.sampled_from(list(LIST_PARAMETERS)).flatmap(
        lambda page: st.tuples(st.just(page), query_string(LIST_PARAMETERS[page]))
    )
    ran = fuzz(BUDGETS["lists"], st.tuples(st.sampled_from(LANGUAGES), pages), check)
    assert ran >= BUDGETS["lists"]


def test_generated_paths_never_fail_nor_echo_markup(seeded):
    def check(example):
        path, sent = example
        seeded.check(Client().get(path), sent, "/ru/no-such-page/")

    ran = fuzz(BUDGETS["paths"], PATH, check)
    assert ran >= BUDGETS["paths"]


def test_generated_admin_logins_never_fail_nor_echo_markup(seeded):
    login = reverse("admin:login")

    def check(fields):
        response = Client().post(f"{login}?{urlencode({'next': fields['next']})}", fields)
        seeded.check(response, [fields["username"], fields["next"]], login)

    ran = fuzz(BUDGETS["login"], LOGIN, check)
    assert ran >= BUDGETS["login"]


def test_the_fuzz_budgets_add_up_to_at_least_2000_cases():
    assert FUZZ_CASES >= 2000
