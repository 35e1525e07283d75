"""The demo fixtures: every fact as its source states it, in three languages, and safe to load more than once.

These are the only tests that load the fixtures: they check the registry's real content against the sourced
facts (what each source says, with its qualifiers and dates), not the code.
"""

import io
import json
import math
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from districts.models import CityEvent, CityFigure, District, Source, Specialization
from projects.models import Milestone, Organisation, Project, ProjectFigure, Status

pytestmark = pytest.mark.django_db

REQUIRED_PROJECTS = {
    "gate": {"pepsico-plant", "caspian-group", "almaty-fan-plant", "iconic-building-1", "iconic-towers"},
    "golden": {
        "k-park",
        "international-education-centre",
        "academic-town",
        "medical-cluster",
        "hyundai-green-food-almaty",
        "mars",
    },
    "growing": {"rhenus-transport-industrial-hub", "growing-industrial-zones"},
    "green": {"formula-1-circuit", "iconic-building-2", "green-resort-and-park-zones"},
}

QAZINFORM_PEPSICO = "https://qazinform.com/news/kazakh-president-meets-with-pepsico-foundation-chairman-057094"
KURSIV_PEPSICO = (
    "https://kz.kursiv.media/en/2025-05-20/"
    "engk-tank-pepsico-to-double-its-investment-in-new-lays-chips-plant-in-kazakhstan"
)
TREND_PEPSICO = "https://www.trend.az/casia/kazakhstan/4141881.html"
KAZPRAVDA_TOWERS = "https://kazpravda.kz/n/pervyy-neboskreb-alatau-city/"
QAZINFORM_MARS = "https://qazinform.com/news/american-company-to-construct-pet-food-factory-in-alatau-city-f73dd1"
INFORM_MARS = "https://www.inform.kz/ru/zavod-kormov-dlya-domashnih-zhivotnyh-postroyat-v-almatinskoy-oblasti-71d282"
ALATAU_CITY_K_PARK = "https://alatau.city/events/groundbreaking-of-k-park-international-business-forum-ai-4room"
KAZINFORM_GATE = (
    "https://oz.inform.kz/news/yangi-megapolis-alatau-shahrining-4-ta-tumani-kaysi-yunalishlarda-rivozhlanadi-a31745/"
)
KAZPRAVDA_SEED = "https://kazpravda.kz/n/gonochnuyu-trassu-formuly-1-mogut-postroit-v-alatau-city/"

# Every figure of a project, exactly as a source states it: (project, kind, value, currency, qualifier, source).
PROJECT_FIGURES = {
    ("pepsico-plant", "investment", Decimal("368000000"), "USD", "exact", QAZINFORM_PEPSICO),
    ("pepsico-plant", "jobs", Decimal("900"), "", "about", QAZINFORM_PEPSICO),
    ("pepsico-plant", "investment", Decimal("360000000"), "USD", "exact", TREND_PEPSICO),
    ("pepsico-plant", "jobs", Decimal("900"), "", "about", TREND_PEPSICO),
    ("pepsico-plant", "land_area", Decimal("50000"), "", "exact", TREND_PEPSICO),
    ("iconic-towers", "height", Decimal("272"), "", "exact", KAZPRAVDA_TOWERS),
    ("iconic-towers", "floor_area", Decimal("276800"), "", "exact", KAZPRAVDA_TOWERS),
    ("k-park", "green_area", Decimal("40000"), "", "exact", ALATAU_CITY_K_PARK),
    ("k-park", "seats", Decimal("5000"), "", "exact", ALATAU_CITY_K_PARK),
    ("mars", "investment", Decimal("180000000"), "USD", "exact", QAZINFORM_MARS),
    ("mars", "investment", Decimal("88800000000"), "KZT", "more_than", INFORM_MARS),
    ("mars", "jobs", Decimal("200"), "", "exact", INFORM_MARS),
    ("mars", "annual_output", Decimal("100000"), "", "exact", INFORM_MARS),
}

# The city's and the districts' figures: (district or None, kind, value, qualifier, source URL, as of).
CITY_FIGURES = {
    ("gate", "area", Decimal("4000"), "about", KAZINFORM_GATE, None),
    ("gate", "population", Decimal("15000"), "about", KAZINFORM_GATE, "2025-10-08"),
    ("gate", "planned_population", Decimal("220000"), "more_than", KAZINFORM_GATE, None),
    ("gate", "planned_jobs", Decimal("181000"), "about", KAZINFORM_GATE, None),
    ("gate", "housing_area", Decimal("6500000"), "more_than", KAZINFORM_GATE, None),
    ("gate", "retail_area", Decimal("3600000"), "exact", KAZINFORM_GATE, None),
    ("green", "area", Decimal("31730"), "exact", KAZPRAVDA_SEED, None),
    (None, "area", Decimal("88000"), "exact", "https://ustinka.kz/kazakhstan/101121.html", "2024-10-12"),
    (
        None,
        "population",
        Decimal("54747"),
        "exact",
        "https://www.inform.kz/ru/alatau-spustya-dva-goda-chto-izmenilos-v-novom-gorode-3b163a",
        "2025-12-01",
    ),
    (
        None,
        "population",
        Decimal("52086"),
        "exact",
        "https://kaz.inform.kz/news/alatau-kalasina-2-zhil-bolashak-megapoliste-kanday-ozgers-bar-7c6f2a/",
        "2024-01-01",
    ),
    (None, "sez_area", Decimal("97900"), "exact", "https://www.trend.az/casia/kazakhstan/4150666.html", None),
    (
        None,
        "sez_area",
        Decimal("96500"),
        "exact",
        "https://astanatimes.com/2024/01/kazakhstan-welcomes-new-town-alatau",
        None,
    ),
}


EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)


def polygon_area_ha(geometry):
    """The area a GeoJSON Polygon's outer ring encloses, in hectares.

    Projected onto the plane around the ring's mean latitude (equirectangular), which is exact to well under
    1 % for a district-sized shape: enough to keep drawn outlines honest.
    """
    ring = geometry["coordinates"][0]
    mean_latitude = math.radians(sum(latitude for _longitude, latitude in ring) / len(ring))
    points = [
        (EARTH_RADIUS_M * math.radians(longitude) * math.cos(mean_latitude), EARTH_RADIUS_M * math.radians(latitude))
        for longitude, latitude in ring
    ]
    twice_the_area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False))
    return abs(twice_the_area) / 2 / 10_000


def load():
    call_command("loaddata", "districts", "projects", verbosity=0)


def dump():
    out = io.StringIO()
    call_command("dumpdata", "districts", "projects", "auth.group", exclude=["districts.registryversion"], stdout=out)
    return out.getvalue()


def translations(obj, field):
    return [getattr(obj, f"{field}_{language}") or "" for language in ("ru", "kk", "en")]


def all_texts():
    """(label, ru, kk, en) for every translated text of the fixtures."""
    models = [
        (Specialization, ["name", "description"]),
        (District, ["name", "tagline", "description", "location_text"]),
        (Organisation, ["name", "description"]),
        (Project, ["title", "summary", "description", "caveat"]),
        (Milestone, ["title", "description"]),
        (ProjectFigure, ["note"]),
        (CityFigure, ["note"]),
        (CityEvent, ["title", "description"]),
    ]
    for model, fields in models:
        for obj in model.objects.all():
            for field in fields:
                yield (f"{model.__name__} {obj.pk} {field}", *translations(obj, field))


def test_fixtures_hold_the_four_districts_with_indicative_geometry_rounded_to_a_hundredth_of_a_degree():
    load()
    assert list(District.objects.values_list("slug", flat=True)) == ["gate", "golden", "growing", "green"]
    for district in District.objects.all():
        district.full_clean()
        assert district.location_is_indicative
        assert district.outline["type"] == "Polygon"
        assert district.has_location and district.specializations.exists()
        for value in (district.latitude, district.longitude):
            assert value == round(value, 2), f"{district.slug}'s centre claims more precision than it has"


@pytest.mark.parametrize("slug", ["gate", "green"])
def test_a_drawn_outline_matches_the_published_area_within_fifteen_per_cent(slug):
    square = {"type": "Polygon", "coordinates": [[[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]]]}
    assert 12_350 < polygon_area_ha(square) < 12_400  # 11.12 km by 11.12 km at the equator
    load()
    district = District.objects.get(slug=slug)
    published = CityFigure.objects.get(district=district, kind="area").value
    drawn = Decimal(polygon_area_ha(district.outline))
    assert abs(drawn - published) / published <= Decimal("0.15"), f"{slug}: drawn {drawn:.0f} ha, published {published}"


def test_gate_is_the_finance_business_and_trade_centre_and_growing_the_industrial_and_logistics_one():
    load()
    gate = District.objects.get(slug="gate")
    assert set(gate.specializations.values_list("slug", flat=True)) == {"finance", "business", "trade"}
    assert translations(gate, "tagline") == [
        "Центр финансов, бизнеса и международной торговли",
        "Қаржы, бизнес және халықаралық сауда орталығы",
        "Finance, business and international trade centre",
    ]
    for text in translations(gate, "description"):
        assert "логистическ" not in text and "logistics" not in text and "логистикалық" not in text
    growing = District.objects.get(slug="growing")
    assert set(growing.specializations.values_list("slug", flat=True)) == {"industry", "logistics"}


# Projects no source names an organisation for: the publishing rule keeps them drafts until one does.
DRAFTS = {
    "iconic-building-1",
    "international-education-centre",
    "academic-town",
    "medical-cluster",
    "growing-industrial-zones",
    "formula-1-circuit",
    "iconic-building-2",
    "green-resort-and-park-zones",
}


def test_every_project_is_sourced_passes_validation_and_is_published_when_complete():
    load()
    for district, slugs in REQUIRED_PROJECTS.items():
        assert set(Project.objects.filter(district__slug=district).values_list("slug", flat=True)) == slugs
    for project in Project.objects.all():
        project.full_clean()
        assert project.sources.exists(), f"{project.slug} has no source"
        assert project.milestones.exists(), f"{project.slug} has no timeline"
        if project.slug in DRAFTS:
            assert not project.is_published
            assert set(project.publication_gaps()) == {"participations"}
        else:
            assert project.is_published
            assert project.publication_gaps() == {}, project.slug


def test_every_text_exists_in_russian_kazakh_and_english_and_kazakh_is_not_a_copy_of_russian():
    load()
    for label, ru, kk, en in all_texts():
        assert bool(ru) == bool(kk) == bool(en), f"{label} is missing in a language"
        # Names (PepsiCo, Hyundai green food Almaty, Iconic Towers) are the same in every language; texts are not.
        if not label.endswith(" name") and len(ru.split()) > 2:
            assert kk != ru, f"{label}: the Kazakh text is the Russian one"


def test_every_figure_is_one_a_source_states_with_its_qualifier():
    load()
    figures = {
        (f.project.slug, f.kind, f.value, f.currency, f.qualifier, f.source.url)
        for f in ProjectFigure.objects.select_related("project", "source")
    }
    assert figures == PROJECT_FIGURES
    city = {
        (f.district and f.district.slug, f.kind, f.value, f.qualifier, f.source.url, f.as_of and f"{f.as_of}")
        for f in CityFigure.objects.select_related("district", "source")
    }
    assert city == CITY_FIGURES
    assert not Project.objects.exclude(planned_start=None, planned_completion=None).exists()
    assert not Project.objects.exclude(latitude=None).exists()


def test_the_headline_investment_is_the_newest_sources_figure():
    load()
    headline = {
        p.slug: (p.investment_amount, p.investment_currency) for p in Project.objects.exclude(investment_amount=None)
    }
    assert headline == {"pepsico-plant": (360_000_000, "USD"), "mars": (180_000_000, "USD")}


def test_pepsicos_planned_dates_cite_the_source_that_states_them_beside_the_governments_later_ones():
    load()
    plans = {
        (m.date.isoformat()[:7], m.date_precision, m.source.url)
        for m in Milestone.objects.filter(project__slug="pepsico-plant", is_planned=True)
    }
    assert plans == {
        ("2026-03", "month", KURSIV_PEPSICO),
        ("2027-09", "month", KURSIV_PEPSICO),
        ("2026-03", "month", TREND_PEPSICO),
        ("2026-06", "month", TREND_PEPSICO),
        ("2028-01", "year", TREND_PEPSICO),
    }
    assert not Milestone.objects.filter(project__slug="pepsico-plant", source__url=QAZINFORM_PEPSICO, is_planned=True)


def test_mars_states_where_the_sources_place_the_plant_in_every_language():
    load()
    mars = Project.objects.get(slug="mars")
    for caveat, konaev, alatau in zip(
        translations(mars, "caveat"), ("Конаев", "Қонаев", "Konaev"), ("Alatau City",) * 3, strict=True
    ):
        assert konaev in caveat and alatau in caveat
    assert mars.milestones.filter(date="2030-12-31", is_planned=True, source__url=INFORM_MARS).exists()


def test_k_park_has_its_groundbreaking_and_the_iconic_records_say_they_are_probably_one_building():
    load()
    assert Milestone.objects.filter(project__slug="k-park", date="2025-09-12", source__url=ALATAU_CITY_K_PARK)
    excavation = Milestone.objects.get(project__slug="iconic-towers", is_planned=True)
    assert (excavation.date.isoformat(), excavation.date_precision) == ("2026-05-01", "month")
    building, towers = Project.objects.get(slug="iconic-building-1"), Project.objects.get(slug="iconic-towers")
    for one, other in ((building, "Iconic Towers"), (towers, "Iconic Building-1")):
        for caveat in translations(one, "caveat"):
            assert other in caveat


def test_a_project_no_source_says_is_being_built_is_not_described_as_being_built():
    load()
    built = ("строится", "строящ", "салынып жатыр", "салынуда", "under construction", "being built")
    for slug in ("caspian-group", "almaty-fan-plant", "iconic-building-1"):
        project = Project.objects.get(slug=slug)
        for field in ("title", "summary", "description"):
            for text in translations(project, field):
                assert not any(word in text.lower() for word in built), f"{slug}.{field}: {text}"


def test_names_and_wording_follow_the_corrected_reading_of_the_sources():
    load()
    texts = [text for _label, *three in all_texts() for text in three]
    assert not [text for text in texts if "Hyundai Green Food" in text]
    assert Organisation.objects.get(slug="hyundai-green-food").name_en == "Hyundai green food Almaty"
    rhenus = Project.objects.get(slug="rhenus-transport-industrial-hub")
    assert [text.count("Алатау") + text.count("Alatau") for text in translations(rhenus, "summary")] == [1, 1, 1]
    circuit, centre = Project.objects.get(slug="formula-1-circuit"), Project.objects.get(slug="iconic-building-2")
    for phrase in (
        "в перспективе планируется строительство",
        "салу жоспарланып отыр",
        "in the longer term, construction of",
    ):
        assert phrase in " ".join(translations(circuit, "description") + translations(centre, "description"))
        for project in (circuit, centre):
            assert phrase in " ".join(translations(project, "description"))
    assert not [text for text in texts if "≈" in text]
    office = Organisation.objects.get(slug="alatau-project-office")
    assert office.name_ru.endswith("города Алатау Алматинской области")


def test_editorial_readings_are_marked_as_such_in_the_data():
    load()
    editorial = set(Project.objects.filter(status_is_editorial=True).values_list("slug", flat=True))
    assert {"growing-industrial-zones", "green-resort-and-park-zones", "iconic-building-1"} <= editorial
    for project in Project.objects.filter(status_is_editorial=True):
        assert not project.milestones.exclude(status="").filter(status=project.status).exists(), (
            f"{project.slug}: an editorial status is not 'reported' by any timeline entry"
        )


def test_the_citys_governance_and_timeline_carry_the_2026_facts_and_each_count_with_its_date():
    load()
    assert set(Organisation.objects.filter(in_governance=True).values_list("slug", flat=True)) == {
        "alatau-city-authority",
        "alatau-project-office",
        "alatau-development-council",
        "crdi",
    }
    events = {event.date.isoformat(): event for event in CityEvent.objects.all()}
    for date in ("2025-09-26", "2026-01-14", "2026-03-20", "2026-05-08"):
        assert date in events, f"no event on {date}"
    assert "42" in events["2025-11-28"].title_en and "1.5 trillion" in events["2025-11-28"].title_en
    counts = CityEvent.objects.filter(date="2026-01-15", title_en__contains="32 investment projects")
    assert counts.count() == 1


def test_every_source_is_cited_by_something():
    load()
    for source in Source.objects.all():
        cited = (
            source.projects.exists()
            or source.projectfigures.exists()
            or source.milestones.exists()
            or source.cityfigures.exists()
            or source.cityevents.exists()
        )
        assert cited, f"{source.url} is cited by nothing"


def test_statuses_are_as_reported():
    load()
    status = dict(Project.objects.values_list("slug", "status"))
    assert status["iconic-building-1"] == status["k-park"] == status["pepsico-plant"] == Status.IMPLEMENTATION
    assert status["academic-town"] == status["mars"] == Status.PREPARATION
    assert status["formula-1-circuit"] == status["rhenus-transport-industrial-hub"] == Status.IDENTIFICATION


def test_loading_twice_leaves_identical_data():
    load()
    first = dump()
    load()
    assert dump() == first


def test_a_broken_fixture_loads_nothing(tmp_path, settings):
    good = {"model": "districts.specialization", "pk": 900, "fields": {"slug": "good", "name_ru": "Хорошо"}}
    source = {"model": "districts.source", "pk": 900, "fields": {"url": "https://example.org/s"}}
    broken = {"model": "districts.cityfigure", "pk": 901, "fields": {"kind": "area", "value": "-5", "source": 900}}
    (tmp_path / "broken.json").write_text(json.dumps([good, source, broken]))
    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(IntegrityError):
        call_command("loaddata", "broken", verbosity=0)
    assert not Specialization.objects.filter(slug="good").exists()


def test_seed_registry_loads_an_empty_registry_once_each_record_with_a_first_history_entry():
    call_command("seed_registry", verbosity=0)
    assert District.objects.count() == 4
    for model in (District, Organisation, Project):
        for obj in model.objects.all():
            assert obj.history.count() == 1, f"{obj} has no first history entry"
    project = Project.objects.get(slug="k-park")
    project.summary_ru = "Изменено сотрудником"
    project.save()
    out = io.StringIO()
    call_command("seed_registry", stdout=out)
    assert "not loaded" in out.getvalue()
    project.refresh_from_db()
    assert project.summary_ru == "Изменено сотрудником"
    assert project.history.count() == 2
