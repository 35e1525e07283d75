"""Honest figures: every total says what it covers, currencies are never added up, a chart's table waits in a
disclosure, the lifecycle bar shows where a project stands, and the share links are plain links."""

import html
import re
from decimal import Decimal
from urllib.parse import quote

import pytest

from projects.models import Status

from . import factories
from .pages import section

pytestmark = pytest.mark.django_db


def text(fragment):
    """What a reader sees of an HTML fragment: no tags, entities read, spaces collapsed."""
    return re.sub(r"[ \n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def investment_lines(content):
    totals = re.search(r'<ul class="investment-totals">(.*?)</ul>', content, re.S)
    assert totals, "no declared investment totals"
    return [text(line) for line in re.findall(r"<li>(.*?)</li>", totals[1], re.S)]


def test_declared_investment_says_how_many_of_the_published_projects_declare_it(client, district):
    factories.make_project(district=district, investment_amount=Decimal("368000000"))
    for _ in range(15):
        factories.make_project(district=district)
    factories.make_project(district=district, is_published=False, investment_amount=Decimal("5"))
    lines = investment_lines(client.get("/en/").content.decode())
    assert lines == ["368,000,000\xa0USD — declared by 1 of 16 published projects"]


def test_a_usd_and_a_kzt_project_give_two_lines_never_one_sum(client, district):
    factories.make_project(district=district, investment_amount=Decimal("100"), investment_currency="USD")
    factories.make_project(district=district, investment_amount=Decimal("1000"), investment_currency="KZT")
    content = client.get("/en/").content.decode()
    assert investment_lines(content) == [
        "1,000\xa0KZT — declared by 1 of 2 published projects",
        "100\xa0USD — declared by 1 of 2 published projects",
    ]
    assert "1,100" not in content


def test_without_any_declared_amount_the_investment_reads_not_published(client, district):
    factories.make_project(district=district)
    figures = section(client.get("/en/").content.decode(), "figures-title")
    assert '<p class="investment-none"><span class="not-published">not published</span>' in figures
    assert "investment-totals" not in figures


def test_charts_of_every_project_say_they_cover_them_all_once(client, district):
    factories.make_project(district=district, status=Status.PREPARATION)
    factories.make_project(district=district, status=Status.IMPLEMENTATION)
    figures = section(client.get("/en/").content.decode(), "figures-title")
    assert figures.count("Covers all 2 published projects, each counted once.") == 2
    district_page = client.get(district.get_absolute_url().replace("/ru/", "/en/")).content.decode()
    assert f"Covers all 2 published projects in {district.name_en}, each counted once." in district_page


def test_the_specialization_chart_says_why_its_counts_differ_from_the_projects(client, district):
    finance, business = factories.make_specialization(), factories.make_specialization()
    factories.make_project(district=district).specializations.set([finance, business])
    factories.make_project(district=district).specializations.set([finance])
    factories.make_project(district=district)
    factories.make_project(district=district)
    factories.make_project().specializations.set([business])  # another district's
    content = client.get(f"/en/districts/{district.slug}/").content.decode()
    assert (
        "A project may have several specializations or none, so these counts (together 3) need not add up to the "
        "4 published projects."
    ) in content


def test_a_chart_shows_its_bars_as_text_and_keeps_its_table_in_a_disclosure(client, district):
    factories.make_project(district=district, status=Status.PREPARATION)
    factories.make_project(district=district, status=Status.IMPLEMENTATION)
    factories.make_project(district=district, status=Status.IMPLEMENTATION)
    figures = section(client.get(f"/en/districts/{district.slug}/").content.decode(), "figures-title")
    chart = re.search(r'<ol class="bar-chart">(.*?)</ol>', figures, re.S)[1]
    assert [text(item) for item in re.findall(r"<li>(.*?)</li>", chart, re.S)] == ["Planned:1", "Being implemented:2"]
    assert chart.count('aria-hidden="true" focusable="false"') == 2  # the drawn bars only
    disclosure = re.search(
        r'<details class="figure-table">\s*<summary>Show as a table</summary>(.*?)</details>', figures, re.S
    )
    assert disclosure and '<th scope="row">Being implemented</th><td>2</td>' in disclosure[1]
    assert "<table" not in re.sub(r"<details.*?</details>", "", figures, flags=re.S)


def lifecycle(content):
    """[(stage, mark)] of the lifecycle bar: "current", "done" or ""; and the sentence shown beside it, if any."""
    bar = re.search(r'<ol class="lifecycle[^"]*" aria-label="Lifecycle stages">(.*?)</ol>', content, re.S)[1]
    stages = []
    for attributes, item in re.findall(r"<li([^>]*)>(.*?)</li>", bar, re.S):
        # Each mark is there for the eye and in words: the current stage says so, a stage passed says "done".
        if 'aria-current="step"' in attributes and "(current stage)" in item:
            mark = "current"
        elif "lifecycle-done" in attributes and "(done)" in item:
            mark = "done"
        else:
            mark = ""
        stages.append((text(re.sub(r"<span[^>]*>.*?</span>", "", item)), mark))
    off = re.search(r'<p class="lifecycle-off">(.*?)</p>', content, re.S)
    return stages, off and text(off[1])


STAGES = ["Prospective", "Planned", "Being implemented", "Being commissioned", "Operating"]


@pytest.mark.parametrize(
    ("status", "marks"),
    [
        (Status.IDENTIFICATION, ["current", "", "", "", ""]),
        (Status.PREPARATION, ["done", "current", "", "", ""]),
        (Status.IMPLEMENTATION, ["done", "done", "current", "", ""]),
        (Status.COMPLETION, ["done", "done", "done", "current", ""]),
        (Status.MAINTENANCE, ["done", "done", "done", "done", "current"]),
    ],
)
def test_the_lifecycle_bar_marks_the_projects_stage_and_those_it_passed(client, status, marks):
    project = factories.make_project(status=status)
    content = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert lifecycle(content) == (list(zip(STAGES, marks, strict=True)), None)
    assert "(current stage)</span></li>" in content
    assert content.count('aria-current="step"') == 1


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Status.DECOMMISSIONING, "Being decommissioned"),
        (Status.DECOMMISSIONED, "Decommissioned"),
        (Status.CANCELLED, "Cancelled"),
    ],
)
def test_a_status_outside_the_stages_is_said_and_marks_none(client, status, label):
    project = factories.make_project(status=status)
    content = client.get(f"/en/projects/{project.slug}/").content.decode()
    assert lifecycle(content) == (
        [(stage, "") for stage in STAGES],
        f"“{label}” is not one of these stages, so none is marked.",
    )
    assert "aria-current" not in content.split('class="lifecycle', 1)[1].split("</ol>", 1)[0]


def share_links(content):
    block = re.search(r'<div class="share">(.*?)</div>', content, re.S)
    assert block, "no share links"
    return {
        text(label): html.unescape(href) for href, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', block[1])
    }


def test_share_links_carry_the_pages_address_and_title_encoded(client):
    project = factories.make_project(title_en="Plant & depot: “Ақ жол” 50%")
    content = client.get(f"/en/projects/{project.slug}/").content.decode()
    url = f"http://testserver/en/projects/{project.slug}/"
    title = quote("Plant & depot: “Ақ жол” 50%", safe="")
    assert share_links(content) == {
        "Telegram": f"https://t.me/share/url?url={quote(url, safe='')}&text={title}",
        "WhatsApp": f"https://wa.me/?text={title}%20{quote(url, safe='')}",
        "E-mail": f"mailto:?subject={title}&body={quote(url, safe='')}",
        "Copy link": url,
    }
    assert '<p class="share-status" role="status" aria-live="polite"></p>' in content


def test_district_pages_share_their_own_address(client, district):
    page = client.get(f"/kk/districts/{district.slug}/").content.decode()
    links = share_links(page)
    assert links["Сілтемені көшіру"] == f"http://testserver/kk/districts/{district.slug}/"
    assert links["Telegram"].endswith(f"&text={quote(district.name_kk, safe='')}")
    assert "Copy link" in share_links(client.get("/en/districts/").content.decode())


def test_a_draft_previewed_by_staff_offers_no_share_links(editor_client):
    draft = factories.make_project(is_published=False)
    content = editor_client.get(f"/en/projects/{draft.slug}/").content.decode()
    assert "Draft — not public." in content
    assert 'class="share"' not in content


def test_pages_with_share_links_load_no_third_party_script_or_image(client, district):
    project = factories.make_project(district=district)
    for url in ("/en/", "/en/districts/", f"/en/districts/{district.slug}/", f"/en/projects/{project.slug}/"):
        content = client.get(url).content.decode()
        sources = re.findall(r"<(?:script|img|iframe)\b[^>]*\bsrc=\"([^\"]*)\"", content)
        assert sources and all(source.startswith("/") and not source.startswith("//") for source in sources), url
    assert '<script src="/static/js/share.js" defer></script>' in content
