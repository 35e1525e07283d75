# English as the portal writes it: one date style, day first ("29 September 2025"), never "Sept. 29, 2025".
from django.conf.locale.en.formats import *  # noqa: F403 (Django's English formats, then these changes)

DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATETIME_FORMAT = "j F Y, H:i"
