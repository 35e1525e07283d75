"""A small registry in three languages for the browser tests, and the page types they visit."""

from districts.models import Specialization
from projects.models import Project, Status

from .. import factories

LANGUAGES = ("kk", "ru", "en")


def build_site():
    """Two districts, 30 projects (enough for a second registry page), organisations, a draft, and the sourced
    figures, notes and timeline entries that the pages show with their source marks."""
    industry = Specialization.objects.create(
        slug="industry", name_ru="Промышленность", name_kk="Өнеркәсіп", name_en="Industry"
    )
    Specialization.objects.create(slug="logistics", name_ru="Логистика", name_kk="Логистика", name_en="Logistics")
    outline = factories.make_outline(77.0, 43.45)
    gate = factories.make_district(
        slug="gate",
        name_ru="Дистрикт Gate",
        name_kk="Gate ауданы",
        name_en="Gate District",
        tagline_ru="Центр финансов, бизнеса и международной торговли",
        tagline_kk="Қаржы, бизнес және халықаралық сауда орталығы",
        tagline_en="Finance, business and international trade centre",
        location_text_ru="Между Отеген батыром и Жаналыком",
        location_text_kk="Өтеген батыр мен Жаңалық арасында",
        location_text_en="Between Otegen Batyr and Zhanalyk",
        latitude="43.45",
        longitude="77.02",
        outline=outline,
    )
    gate.specializations.add(industry)
    golden = factories.make_district(
        slug="golden", name_ru="Дистрикт Golden", name_kk="Golden ауданы", name_en="Golden District"
    )
    pepsico = factories.make_organisation(slug="pepsico", name_ru="ПепсиКо", name_kk="PepsiCo", name_en="PepsiCo")
    source = factories.make_source(title="Первый небоскреб Alatau City", language="ru", publisher="Kazpravda.kz")
    factories.make_city_figure("area", 4000, district=gate, source=source, qualifier="about")
    factories.make_city_figure("planned_population", 220000, district=gate, source=source, qualifier="more_than")
    factories.make_city_figure("population", 54747, source=source, as_of="2025-12-01")
    factories.make_city_event(
        date="2026-05-08", title_ru="Подписан закон", title_kk="Заңға қол қойылды", title_en="Law signed", source=source
    )
    factories.make_organisation(
        slug="authority", name_ru="Фонд", name_kk="Қор", name_en="Authority", kind="public", in_governance=True
    )
    for n in range(1, 27):
        project = factories.make_project(
            slug=f"plant-{n:02d}",
            title_ru=f"Завод {n:02d}",
            title_kk=f"Зауыт {n:02d}",
            title_en=f"Plant {n:02d}",
            summary_ru="Промышленный проект",
            summary_kk="Өнеркәсіптік жоба",
            summary_en="An industrial project",
            district=gate,
            organisation=pepsico,
            status=Status.IMPLEMENTATION,
            investment_amount=1_000_000 * n,
            investment_currency="USD",
        )
        project.specializations.add(industry)
        project.sources.add(source)
        factories.make_milestone(project, status=Status.IMPLEMENTATION, title_kk="Мәртебе", source=source)
    plant = Project.objects.get(slug="plant-01")
    plant.caveat_ru, plant.caveat_kk, plant.caveat_en = (
        "Источники расходятся.",
        "Дереккөздер әртүрлі.",
        "Sources differ.",
    )
    plant.save()
    factories.make_figure(plant, "jobs", 900, qualifier="about", source=source)
    factories.make_milestone(
        plant, date="2026-03-01", date_precision="month", is_planned=True, title_kk="Іске қосу", source=source
    )
    factories.make_project(
        slug="alem",
        title_ru="Город Мира",
        title_kk="Әлем Қаласы",
        title_en="World City",
        district=golden,
        status=Status.PREPARATION,
    )
    factories.make_project(
        slug="almaly",
        title_ru="Алмалы парк",
        title_kk="Алмалы саябағы",
        title_en="Almaly Park",
        district=golden,
        status=Status.IDENTIFICATION,
        is_flagship=True,
    )
    factories.make_project(slug="draft", title_ru="Черновик", title_en="Draft", district=gate, is_published=False)
    # Images, small so that their renditions are quick to make: a gallery (a photo, a transparent drawing, a tall
    # photo) whose first is the cover, a second cover, the district's hero image and the organisation's logo.
    for n, (width, height, image_format) in enumerate([(900, 600, "JPEG"), (600, 400, "PNG"), (500, 700, "JPEG")]):
        factories.make_image(
            plant,
            image=factories.image_file(width, height, image_format, colour=(40 + 60 * n, 110, 170)),
            is_cover=n == 0,
            caption_ru="Площадка завода, вид с юга" if n != 1 else "",
            caption_kk="Зауыт алаңы, оңтүстіктен көрініс" if n != 1 else "",
            caption_en="The plant's site from the south" if n != 1 else "",
            credit_ru="Фото: Проектный офис Alatau City, CC BY 4.0" if n != 2 else "",
        )
    factories.make_image(Project.objects.get(slug="plant-02"), is_cover=True)
    gate.hero_image.save("hero.jpg", factories.image_file(1400, 600, colour=(60, 130, 90)), save=True)
    pepsico.logo.save("logo.png", factories.image_file(600, 200, "PNG", (200, 30, 30)), save=True)
    return {"district": gate, "organisation": pepsico, "project": "plant-01"}


PAGE_TYPES = {
    "home": "/{lang}/",
    "district-list": "/{lang}/districts/",
    "district": "/{lang}/districts/gate/",
    "registry": "/{lang}/projects/",
    "registry-filtered": "/{lang}/projects/?district=gate&status=implementation&specialization=industry&page=2",
    "registry-empty": "/{lang}/projects/?q=zzzzqqq",
    "registry-invalid": "/{lang}/projects/?status=nonsense&investment_min=abc",
    "project": "/{lang}/projects/plant-01/",
    "organisation-list": "/{lang}/organisations/",
    "organisation": "/{lang}/organisations/pepsico/",
    "about": "/{lang}/about/",
    "data": "/{lang}/data/",
    "accessibility": "/{lang}/accessibility/",
    "glossary": "/{lang}/glossary/",
    "not-found": "/{lang}/no-such-page/",
}


def page_url(name, lang):
    return PAGE_TYPES[name].format(lang=lang)
