"""Template context every public page needs."""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation


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
    for code, _name in settings.LANGUAGES:
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
