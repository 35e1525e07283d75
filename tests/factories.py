"""Small functions that build registry data for tests."""

import itertools

from django.contrib.auth.models import Group, User

from districts.models import District, Specialization
from projects.models import Investor, Project, ProjectInvestor, Source, Status

_counter = itertools.count(1)


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
        "name_kk": f"Дистрикт {n} (kk)",
        "name_en": f"District {n}",
        "order": n,
    }
    return District.objects.create(**(defaults | fields))


def make_investor(**fields):
    n = _n()
    defaults = {"slug": f"investor-{n}", "name_ru": f"Инвестор {n}", "name_en": f"Investor {n}", "country": "KZ"}
    return Investor.objects.create(**(defaults | fields))


def make_source(**fields):
    n = _n()
    defaults = {"title": f"Source {n}", "url": f"https://example.org/source-{n}", "published_on": "2025-09-29"}
    return Source.objects.create(**(defaults | fields))


def make_project(*, district=None, investor=None, role="funder", **fields):
    n = _n()
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
    if investor is not None:
        ProjectInvestor.objects.create(project=project, investor=investor, role=role)
    return project


def make_user(**fields):
    n = _n()
    return User.objects.create_user(username=f"user{n}", password="correct horse battery staple", **fields)


def make_editor():
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name="Project Office editor"))
    return user
