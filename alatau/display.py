"""The version for the visually impaired: a visitor's display choices, kept in a cookie and applied as classes
on <html> (static/css/site.css, "Display modes").

The header's links go to /<lang>/display/?<setting>=<choice>&next=<page>, which sets the cookie and sends the
visitor back: no JavaScript and no form. The cookie holds "on" and the choices that differ from the normal
display, e.g. "on.text-larger.contrast-white-on-black"; anything else in it is ignored. Cached pages are kept
apart by this cookie (districts/caching.py).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

ON = "on"
# Each setting's choices, the normal one first.
SETTINGS = {
    "text": {"normal": _("Normal text"), "large": _("Large text"), "larger": _("Larger text")},
    "contrast": {
        "normal": _("Normal colours"),
        "black-on-white": _("Black on white"),
        "white-on-black": _("White on black"),
    },
    "spacing": {"normal": _("Normal spacing"), "wide": _("Wide letter spacing")},
    "images": {"shown": _("Images shown"), "hidden": _("Images hidden")},
}
SETTING_LABELS = {
    "text": _("Text size"),
    "contrast": _("Colours"),
    "spacing": _("Letter spacing"),
    "images": _("Images"),
}
NORMAL = {name: next(iter(choices)) for name, choices in SETTINGS.items()}


def choices_from_cookie(value):
    """The visitor's choices, or None when the version for the visually impaired is off."""
    tokens = (value or "").split(".")
    if tokens[0] != ON:
        return None
    chosen = dict(NORMAL)
    for token in tokens[1:]:
        name, _dash, choice = token.partition("-")
        if choice in SETTINGS.get(name, ()):
            chosen[name] = choice
    return chosen


def cookie_from_choices(chosen):
    return ".".join([ON, *(f"{name}-{choice}" for name, choice in chosen.items() if choice != NORMAL[name])])


def choices_from_request(request):
    return choices_from_cookie(request.COOKIES.get(settings.DISPLAY_COOKIE_NAME))


def updated_choices(chosen, query):
    """`chosen` changed by the link's query (`mode=on|off`, `<setting>=<choice>`): None means off.

    A choice on its own turns the mode on; values that are not choices are ignored.
    """
    if query.get("mode") == "off":
        return None
    chosen = dict(chosen or NORMAL)
    for name, choices in SETTINGS.items():
        if query.get(name) in choices:
            chosen[name] = query[name]
    return chosen


def html_classes(chosen):
    """The classes on <html> for these choices: "low-vision" and one per choice that is not normal."""
    if chosen is None:
        return ""
    return " ".join(["low-vision", *(f"{name}-{choice}" for name, choice in chosen.items() if choice != NORMAL[name])])


class DisplayCookieMiddleware:
    """Reads the display cookie once, for everything after it: its one spelling of the choices it holds, or none
    when it holds none. Cached pages are kept apart by that spelling (districts/caching.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = settings.DISPLAY_COOKIE_NAME
        if name in request.COOKIES:
            chosen = choices_from_cookie(request.COOKIES[name])
            if chosen is None:
                del request.COOKIES[name]
            else:
                request.COOKIES[name] = cookie_from_choices(chosen)
        return self.get_response(request)
