"""Texts people read exist in Russian (the source), Kazakh and English."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import District, Specialization


@register(Specialization)
class SpecializationTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ru",)


@register(District)
class DistrictTranslationOptions(TranslationOptions):
    fields = ("name", "tagline", "description", "location_text")
    required_languages = ("ru",)


# History is registered after translation, so that its records hold every language
# (registering it on the model class fails on the first admin save: see STACK.md).
simple_history.register(District)
