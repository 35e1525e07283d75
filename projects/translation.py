"""Texts people read exist in Russian (the source), Kazakh and English."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Milestone, Organisation, Participation, Project, ProjectFigure, ProjectImage, ProjectSource


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ru",)


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "caveat")
    required_languages = ("ru",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ru",)


@register(ProjectFigure)
class ProjectFigureTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(ProjectImage)
class ProjectImageTranslationOptions(TranslationOptions):
    fields = ("alt_text", "caption", "credit")
    # Alternative text is what a reader who cannot see the image gets instead: in every language, no fallback.
    required_languages = dict.fromkeys(("kk", "ru", "en"), ("alt_text",))


# History is registered after translation, so that its records hold every language (registered on the
# model class, django-simple-history builds its model before the translated columns exist and the
# first admin save fails).
simple_history.register(Organisation, excluded_fields=["search_name", "is_synthetic"])
# Derived columns are no edits: the history keeps what editors wrote, not the search text or the headline
# investment copied from the figures.
simple_history.register(
    Project,
    excluded_fields=[
        "search_title",
        "search_text",
        "investment_amount",
        "investment_currency",
        "investment_qualifier",
        "investment_source",
        "is_synthetic",
    ],
)
# The rows that belong to a project: its history (projects/history.py) shows their changes beside its own.
for model in (Participation, ProjectFigure, Milestone, ProjectSource, ProjectImage):
    simple_history.register(model)
