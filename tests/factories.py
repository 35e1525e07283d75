"""Small functions that build registry data for tests."""

import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from PIL import Image

from districts.models import CityEvent, CityFigure, District, Source, Specialization
from projects.models import Organisation, Participation, Project, ProjectFigure, ProjectFigureKind, Status
from projects.roles import EDITOR_GROUP, VIEWER_GROUP

_counter = itertools.count(1)
# Display orders are small integers (at most 32,767 on PostgreSQL): counted apart from the session's many other
# rows, in the order they are made.
_orders = itertools.count(1)


def _n():
    return next(_counter)


def make_specialization(**fields):
    n = _n()
    defaults = {"slug": f"spec-{n}", "name_ru": f"Специализация {n}", "name_en": f"Specialization {n}"}
    return Specialization.objects.create(**(defaults | fields))


def make_district(**fields):
    n = _n()
    defaults = {
        "slug": f"district-{n}",
        "name_ru": f"Дистрикт {n}",
        "name_kk": f"{n}-аудан",
        "name_en": f"District {n}",
        "order": next(_orders),
    }
    return District.objects.create(**(defaults | fields))


def make_organisation(**fields):
    n = _n()
    defaults = {
        "slug": f"organisation-{n}",
        "name_ru": f"Организация {n}",
        "name_en": f"Organisation {n}",
        "country": "KZ",
    }
    return Organisation.objects.create(**(defaults | fields))


def make_source(**fields):
    n = _n()
    defaults = {
        "title": f"Source {n}",
        "url": f"https://example.org/source-{n}",
        "publisher": f"Publisher {n}",
        "published_on": "2025-09-29",
    }
    return Source.objects.create(**(defaults | fields))


def make_figure(project, kind=ProjectFigureKind.INVESTMENT, value=1000, *, source=None, **fields):
    """A project's figure with a source of its own unless given one; money is in USD unless said otherwise."""
    currency = fields.pop("currency", "USD" if kind == ProjectFigureKind.INVESTMENT else "")
    return ProjectFigure.objects.create(
        project=project, kind=kind, value=value, currency=currency, source=source or make_source(), **fields
    )


def make_city_figure(kind, value, *, district=None, source=None, **fields):
    return CityFigure.objects.create(
        district=district, kind=kind, value=value, source=source or make_source(), **fields
    )


def make_city_event(**fields):
    n = _n()
    defaults = {"date": "2025-09-26", "title_ru": f"Событие города {n}", "title_en": f"City event {n}"}
    return CityEvent.objects.create(**(defaults | fields))


def make_project(*, district=None, organisation=None, role="funder", investment_amount=None, **fields):
    """A published project; `investment_amount` (with `investment_currency`) becomes its sourced investment figure."""
    n = _n()
    currency = fields.pop("investment_currency", "USD")
    defaults = {
        "slug": f"project-{n}",
        "title_ru": f"Проект {n}",
        "title_kk": f"Жоба {n}",
        "title_en": f"Project {n}",
        "district": district or make_district(),
        "status": Status.IMPLEMENTATION,
        "is_published": True,
    }
    project = Project.objects.create(**(defaults | fields))
    if organisation is not None:
        Participation.objects.create(project=project, organisation=organisation, role=role)
    if investment_amount is not None:
        make_figure(project, value=investment_amount, currency=currency)
        project.refresh_from_db()
    return project


def make_complete_project(**fields):
    """A published project with everything publishing needs: summaries in every language, a source, and an
    organisation with a role."""
    n = _n()
    summaries = {"summary_ru": f"Кратко {n}.", "summary_kk": f"Қысқаша {n}.", "summary_en": f"In short {n}."}
    project = make_project(organisation=make_organisation(), **(summaries | fields))
    project.sources.add(make_source())
    project.save_related_edit()  # as the admin records a project's rows: a new version that includes them
    return project


def make_user(**fields):
    n = _n()
    return User.objects.create_user(username=f"user{n}", password="correct horse battery staple", **fields)


def make_editor():
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))
    return user


def make_viewer():
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWER_GROUP))
    return user


def make_outline(longitude, latitude, size=0.05):
    """A closed square GeoJSON Polygon around a point, in [longitude, latitude] order."""
    west, east, south, north = longitude - size, longitude + size, latitude - size, latitude + size
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def make_registry(projects):
    """Four districts and `projects` projects with everything the public pages show, a third of them drafts."""
    specializations = [make_specialization() for _ in range(3)]
    districts = []
    for n in range(4):
        district = make_district(latitude=43.5 + n, longitude=77.0, outline=make_outline(77.0, 43.5 + n))
        district.specializations.set(specializations[: n % 3 + 1])
        districts.append(district)
    statuses = list(Status)
    for n in range(projects):
        project = make_project(
            district=districts[n % 4],
            organisation=make_organisation(),
            status=statuses[n % len(statuses)],
            is_flagship=n % 2 == 0,
            is_published=n % 3 != 2,
            investment_amount=1000 * n if n % 2 else None,
            investment_currency="USD" if n % 4 == 1 else "KZT",
            latitude=43.51 if n % 5 else None,
            longitude=77.01 if n % 5 else None,
        )
        project.specializations.set(specializations[: n % 3 + 1])
    return districts


def make_milestone(project, **fields):
    n = _n()
    defaults = {"date": "2025-09-29", "title_ru": f"Событие {n}", "title_en": f"Event {n}"}
    return project.milestones.create(**(defaults | fields))


def image_file(width=800, height=600, image_format="JPEG", colour=(40, 110, 170), **save_options):
    """The bytes of a plain image, as an upload would bring them (ContentFile with a name)."""
    buffer = io.BytesIO()
    Image.new("RGBA" if image_format == "PNG" else "RGB", (width, height), colour).save(
        buffer, image_format, **save_options
    )
    extension = {"JPEG": "jpg"}.get(image_format, image_format.lower())
    return ContentFile(buffer.getvalue(), name=f"upload.{extension}")


def make_image(project, **fields):
    """An image row with a real (small) image file, stored cleaned and with its renditions."""
    n = _n()
    defaults = {
        "image": image_file(),
        "alt_text_kk": f"Сурет {n}",
        "alt_text_ru": f"Фото {n}",
        "alt_text_en": f"Photo {n}",
        "order": next(_orders),
    }
    return project.images.create(**(defaults | fields))


def make_plants(gate, golden):
    """Seven published plants, plant-1 to plant-7, in Gate (odd numbers) and Golden, of two statuses and
    investments of 1 to 7 million; and a draft, "secret", in Gate. Returns the seven."""
    plants = [
        make_project(
            slug=f"plant-{n}",
            title_kk=f"Зауыт {n}",
            title_ru=f"Завод {n}",
            title_en=f"Plant {n}",
            district=gate if n % 2 else golden,
            status="implementation" if n % 3 else "preparation",
            investment_amount=1_000_000 * n,
        )
        for n in range(1, 8)
    ]
    make_project(slug="secret", title_kk="Зауыт жасырын", district=gate, is_published=False)
    return plants
