"""Texts people read exist in Russian (the source), Kazakh and English."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import CityEvent, CityFigure, District, Specialization


@register(Specialization)
class SpecializationTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ru",)


@register(District)
class DistrictTranslationOptions(TranslationOptions):
    fields = ("name", "tagline", "description", "location_text", "hero_image_alt", "hero_image_credit")
    required_languages = ("ru",)


@register(CityFigure)
class CityFigureTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(CityEvent)
class CityEventTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ru",)


# History is registered after translation, so that its records hold every language (registered on the
# model class, django-simple-history builds its model before the translated columns exist and the
# first admin save fails).
simple_history.register(District)
