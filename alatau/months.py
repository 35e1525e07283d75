"""Month names the project's own catalogues correct.

Django's Kazakh catalogue capitalises month names ("Қыркүйек"); official Kazakh writes them in lower case
("2025 жылғы 29 қыркүйек"). Catalogues in LOCALE_PATHS come before Django's own, so translating these
same messages in locale/kk overrides Django's; listing them here keeps them in the catalogue when
`make messages` refreshes it. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]

# The form used after a day ("19 ақпан"; in Russian the genitive, "19 февраля").
MONTHS_AFTER_A_DAY = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
