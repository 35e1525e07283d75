# Russian as Django writes it, with a narrow no-break space between thousands ("4 000"), as typesetting asks.
from django.conf.locale.ru.formats import *  # noqa: F403 (Django's Russian formats, then these changes)

THOUSAND_SEPARATOR = "\u202f"
