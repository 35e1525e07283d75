"""Caching that is never stale: whole public pages, and the data behind them, keyed on the registry version.

Every write to a registry table raises the version (database triggers, districts/versioning.py), so a key
made from it names one state of the registry: after an edit, every page and figure is computed afresh, with
no invalidation to forget. A public page also answers a conditional GET with 304 (its ETag is the version and
the URL) and says for how long a browser or a CDN may reuse it; anything personal is `private, no-store`.

`settings.CACHE_PAGES` turns the caching of whole pages off (the benchmark measures both); the data behind them
stays cached, as it is never stale either. The cache is Django's: local memory by default, Redis when REDIS_URL
is set (alatau/settings.py).
"""

import hashlib
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from .models import RegistryVersion

# The version a request read once, for everything it caches (outside a request: read when needed).
_request_version = ContextVar("registry_version", default=None)
_MISSING = object()


def registry_version():
    version = _request_version.get()
    return RegistryVersion.current() if version is None else version


def cached(key, compute):
    """compute(), once per registry version, language and `key`: for figures, counts and lists that read much
    of the registry. Always on; `settings.CACHE_PAGES` is about whole pages."""
    full_key = f"data:{registry_version()}:{get_language()}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(full_key, value, settings.CACHE_SECONDS)
    return value


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def rendered(response):
    """A TemplateResponse rendered now, while the request's version is set (choices read it as they render)."""
    return response.render() if hasattr(response, "render") else response


def cached_response(request, version, respond):
    """The response for this address and registry version: 304 for a client that has it, else from the cache,
    else respond() (cached when it is a whole 200 page)."""
    address = request.build_absolute_uri()
    # The visitor's display choices (the version for the visually impaired) change the page. The cookie comes
    # here as its one spelling of those choices (alatau.display.DisplayCookieMiddleware): a made-up value cannot
    # fill the cache with copies.
    display = request.COOKIES.get(settings.DISPLAY_COOKIE_NAME, "")
    digest = hashlib.sha256(f"{address} {display}".encode()).hexdigest()
    etag = f'"{version}-{digest[:16]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        key = f"page:{version}:{digest}"
        response = cache.get(key)
        if response is None:
            response = respond()
            if response.status_code != 200 or response.streaming:
                return response
            cache.set(key, response, settings.CACHE_SECONDS)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(view):
    """Serve a public page from the cache when the registry has not changed since it was made.

    Requests that carry a session (staff signed in) are never cached nor served from the cache.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return private(view(request, *args, **kwargs))
        version = RegistryVersion.current()
        token = _request_version.set(version)  # one read of the version for all the request caches
        try:
            if not settings.CACHE_PAGES:
                return rendered(view(request, *args, **kwargs))
            return cached_response(request, version, lambda: rendered(view(request, *args, **kwargs)))
        finally:
            _request_version.reset(token)

    return cached_view
