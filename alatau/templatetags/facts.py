"""How the portal writes its facts in each language: figures with their qualifier and unit ("about 4,000 ha",
"220 000-нан астам"), dates with their precision, and the mark that names a fact's source.

    {% load facts %}
    {{ figure|figure_text }}     {{ milestone|entry_date }}     {% cite figure.source %}
"""

from decimal import Decimal

from django import template
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, npgettext, pgettext

from districts.models import DatePrecision, Qualifier, Unit

register = template.Library()


def without_trailing_zeros(value):
    """Decimal("12.50") → Decimal("12.5"), Decimal("4000.00") → Decimal("4000"): as many decimals as it needs."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def number_text(value):
    """A figure's number as the language writes it, with grouped thousands and no needless decimals."""
    return formats.number_format(without_trailing_zeros(value), use_l10n=True, force_grouping=True)


# Kazakh puts "more than" (астам) after the figure, whose last word read aloud takes the ablative ending:
# 220 000 is "екі жүз жиырма мың", so "220 000-нан астам"; 6 500 000 м² ends in "метр", so "м²-ден астам".
KAZAKH_DIGITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
KAZAKH_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
KAZAKH_POWERS = [(10**12, "триллион"), (10**9, "миллиард"), (10**6, "миллион"), (10**3, "мың")]


def kazakh_last_word(number):
    """The last word of a whole number read aloud in Kazakh."""
    if number % 10 or number == 0:
        return KAZAKH_DIGITS[number % 10]
    if number % 100:
        return KAZAKH_TENS[number % 100 // 10]
    if number % 1000:
        return "жүз"
    # A round number ends in the smallest power of a thousand whose group is not all zeros:
    # 6 500 000 is "алты миллион бес жүз мың" and ends in "мың"; 360 000 000 ends in "миллион".
    for power, word in reversed(KAZAKH_POWERS):
        if number % (power * 1000):
            return word
    return KAZAKH_POWERS[0][1]


def kazakh_ablative(word):
    """The ablative ending that follows a Kazakh word: -дан/-ден, -тан/-тен or -нан/-нен."""
    vowels = [letter for letter in word if letter in "аоұыәеөүіэяи"]
    front = word.endswith("ь") or (bool(vowels) and vowels[-1] in "әеөүіэи")  # рубль → рубльден
    last = word.rstrip("ьъ")[-1]
    if last in "мнң":
        consonant = "н"
    elif last in "бвгдкқпстфхцчшщ":
        consonant = "т"
    else:  # a vowel, or a voiced consonant such as р, л, з, ж, й, у
        consonant = "д"
    return consonant + ("ен" if front else "ан")


# Each unit's last word read aloud, and whether the ending is joined with a hyphen (after an abbreviation).
KAZAKH_UNIT_WORDS = {
    Unit.HECTARES: ("гектар", True),
    Unit.SQUARE_METRES: ("метр", True),
    Unit.METRES: ("метр", True),
    Unit.TONNES_A_YEAR: ("тонна", False),
    Unit.SEATS: ("орын", False),
}
KAZAKH_CURRENCY_WORDS = {"KZT": "теңге", "USD": "доллар", "EUR": "еуро", "RUB": "рубль", "CNY": "юань"}


def kazakh_more_than(figure, text):
    """ "6 500 000 м²-ден астам": the figure with its unit, then the ending its last word takes, then астам."""
    if figure.unit == Unit.COUNT:
        word, hyphen = kazakh_last_word(int(figure.value)), True
    elif figure.unit == Unit.MONEY:
        word, hyphen = KAZAKH_CURRENCY_WORDS.get(figure.currency, "валюта"), True
    else:
        word, hyphen = KAZAKH_UNIT_WORDS[figure.unit]
    return pgettext("figure", "more than %(number)s") % {
        "number": f"{text}{'-' if hyphen else ''}{kazakh_ablative(word)}"
    }


def unit_text(unit, number, currency="", count=0):
    patterns = {
        Unit.HECTARES: pgettext("figure", "%(number)s ha"),
        Unit.SQUARE_METRES: pgettext("figure", "%(number)s m²"),
        Unit.METRES: pgettext("figure", "%(number)s m"),
        Unit.TONNES_A_YEAR: pgettext("figure", "%(number)s tonnes a year"),
        Unit.SEATS: npgettext("figure", "%(number)s seat", "%(number)s seats", count),
        Unit.COUNT: "%(number)s",
        Unit.MONEY: pgettext("figure", "%(number)s %(currency)s"),
    }
    return patterns[unit] % {"number": number, "currency": currency}


@register.filter
def figure_text(figure):
    """ "about 4,000 ha", "более 220 000", "368 000 000 USD": a sourced figure as the page's language writes it."""
    number = number_text(figure.value)
    if figure.qualifier == Qualifier.MORE_THAN and get_language() == "kk":
        return kazakh_more_than(figure, unit_text(figure.unit, number, figure.currency, count=int(figure.value)))
    if figure.qualifier == Qualifier.ABOUT:
        number = pgettext("figure", "about %(number)s") % {"number": number}
    elif figure.qualifier == Qualifier.MORE_THAN:
        number = pgettext("figure", "more than %(number)s") % {"number": number}
    return unit_text(figure.unit, number, figure.currency, count=int(figure.value))


# A Kazakh date inside a phrase takes the locative on its month: "2025 жылғы 1 желтоқсандағы жағдай бойынша".
KAZAKH_MONTHS_LOCATIVE = [
    "қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы",
    "шілдедегі", "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы",
]  # fmt: skip


def date_in_phrase(date):
    """A date written to fit inside "on …" / "as of …" in the page's language."""
    if get_language() == "kk":
        return f"{date.year} жылғы {date.day} {KAZAKH_MONTHS_LOCATIVE[date.month - 1]}"
    return formats.date_format(date, "DATE_FORMAT")


@register.filter
def as_of(date):
    """ "on 1 December 2025", "на 1 декабря 2025 г.", "(2025 жылғы 1 желтоқсандағы жағдай бойынша)"."""
    return pgettext("figure", "on %(date)s") % {"date": date_in_phrase(date)}


@register.filter
def planned_as_of(date):
    """ "planned as of 20 May 2025": a plan as its source stated it on that date."""
    return pgettext("timeline", "planned as of %(date)s") % {"date": date_in_phrase(date)}


@register.filter
def degrees(value):
    """A coordinate in decimal degrees without trailing zeros, with the language's decimal sign: 43,455."""
    return formats.number_format(without_trailing_zeros(value), use_l10n=True)


@register.filter
def entry_datetime(entry):
    """The machine-readable date of a timeline entry, to its precision: "2025-09-29", "2026-03" or "2028"."""
    patterns = {DatePrecision.YEAR: "%Y", DatePrecision.MONTH: "%Y-%m", DatePrecision.DAY: "%Y-%m-%d"}
    return entry.date.strftime(patterns[entry.date_precision])


@register.filter
def entry_date(entry):
    """A timeline entry's date written to its precision: "29 September 2025", "March 2026" or "2028"."""
    if entry.date_precision == DatePrecision.YEAR:
        return formats.date_format(entry.date, "Y")
    if entry.date_precision == DatePrecision.MONTH:
        return formats.date_format(entry.date, "YEAR_MONTH_FORMAT")
    return formats.date_format(entry.date, "DATE_FORMAT")


@register.simple_tag(takes_context=True)
def cite(context, source):
    """The mark that names a fact's source: [n], linking to the page's numbered list of sources when it has
    one (context["citations"]), otherwise the source's name and date in brackets, linking to it."""
    if source is None:
        return ""
    citations = context.get("citations")
    number = citations.number(source) if citations else None
    mark = {"source": source, "number": number, "label": gettext("Source %(number)s") % {"number": number}}
    return mark_safe(render_to_string("includes/cite.html", mark).strip())  # a template's own escaped output
