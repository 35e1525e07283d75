"""Template context every public page needs."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.db.models import Max
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext

from districts.caching import cached
from projects.models import Project

from . import display

# The language switcher's order, as on Kazakhstan's official sites (settings.LANGUAGES keeps Russian first as the
# source language).
SWITCHER_ORDER = ("kk", "ru", "en")
OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}


def same_site_path(request):
    """The request's path and query as a same-site address.

    A path such as //evil.example/ru/projects/ would read as another host in a link; it never resolves
    here, so pages link to their language's home instead of echoing it.
    """
    if request.resolver_match is None or not request.path.startswith("/") or request.path.startswith(("//", "/\\")):
        return None
    # From the parsed parameters, not the raw query string: a client that sends raw UTF-8 (not %-escaped, as
    # browsers do) would otherwise get its letters back garbled.
    query = request.GET.urlencode()
    return f"{request.path}?{query}" if query else request.path


def language_alternates(request):
    """The current page in each language, filters kept; a page that has no counterpart links to that home.

    Also `page_path` and `canonical_url`: this page's own same-site address, and it in full.
    """
    current = translation.get_language()
    path = same_site_path(request)
    alternates = []
    codes = [code for code, _name in settings.LANGUAGES]
    for code in sorted(codes, key=lambda code: SWITCHER_ORDER.index(code) if code in SWITCHER_ORDER else len(codes)):
        url = translate_url(path, code) if path else f"/{code}/"
        if code != current and url == path:
            url = f"/{code}/"
        alternates.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    page_path = path or f"/{current}/"
    return {
        "language_alternates": alternates,
        "page_path": page_path,
        "canonical_url": request.build_absolute_uri(page_path),
    }


def last_reviewed():
    """When a published project last changed: the date the footer and the data page give for the data."""
    return cached("last-reviewed", lambda: Project.objects.published().aggregate(last=Max("updated_at"))["last"])


def display_links(request, chosen):
    """The header's links of the version for the visually impaired, each back to this page."""
    page = same_site_path(request) or f"/{translation.get_language()}/"
    address = reverse("display")

    def link(**query):
        return f"{address}?{urlencode({**query, 'next': page})}"

    groups = [
        {
            "label": display.SETTING_LABELS[name],
            "options": [
                {"label": label, "url": link(**{name: choice}), "current": chosen[name] == choice}
                for choice, label in choices.items()
            ],
        }
        for name, choices in display.SETTINGS.items()
    ]
    return {"on_url": link(mode="on", text="large"), "off_url": link(mode="off"), "groups": groups}


def report_error_url(request, email):
    """A mailto: link whose message names the page, or "" when no e-mail is published."""
    if not email:
        return ""
    page = request.build_absolute_uri()  # the address as requested, on this host even for "//host/…"
    query = urlencode(
        {
            "subject": gettext("Error on a page of the Alatau City registry"),
            "body": gettext("Page: %(url)s\n\nWhat is wrong:\n") % {"url": page},
        },
        quote_via=quote,
    )
    return f"mailto:{email}?{query}"


def site(request):
    """Whose site this is (the publisher, with the contacts it publishes), its sharing metadata, and the
    visitor's display choices."""
    current = translation.get_language()
    chosen = display.choices_from_request(request)
    publisher = settings.DATA_PUBLISHER
    return {
        "publisher": publisher,
        "licence": settings.DATA_LICENCE,
        "report_error_url": report_error_url(request, publisher.get("email")),
        # A callable: the template reads it (one cached query) only where it shows it.
        "data_reviewed": last_reviewed,
        "og_locale": OG_LOCALES.get(current, current),
        "og_locale_alternates": [OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != current],
        "og_image_url": request.build_absolute_uri(static("img/og-image.png")),
        "display_classes": display.html_classes(chosen),
        "display_on": chosen is not None,
        "display": display_links(request, chosen or display.NORMAL),
    }
