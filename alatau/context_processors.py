"""Template context every public page needs."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


def language_alternates(request):
    """The current page in each language, filters kept; a page that has no counterpart links to that home."""
    current = translation.get_language()
    path = request.get_full_path()
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
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
    return {"language_alternates": alternates}
