"""Texts people read exist in Russian (the source), Kazakh and English."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Investor, Milestone, Project, ProjectImage


@register(Investor)
class InvestorTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ru",)


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description")
    required_languages = ("ru",)


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ru",)


@register(ProjectImage)
class ProjectImageTranslationOptions(TranslationOptions):
    fields = ("caption", "alt_text")
    required_languages = ("ru",)


# History is registered after translation, so that its records hold every language
# (registering it on the model class fails on the first admin save: see STACK.md).
simple_history.register(Investor, excluded_fields=["search_name"])
simple_history.register(Project, excluded_fields=["search_title", "search_text"])
