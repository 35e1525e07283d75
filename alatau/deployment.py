"""A server started in production mode (debug off) refuses to run without a real secret key and the site's host
names. alatau/wsgi.py and alatau/asgi.py ask here before they build the application, and `make serve` before it
collects the static files (`python -m alatau.deployment`). `manage.py` commands and the tests do not ask: they may
run with the development defaults."""

import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NEW_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(50))"'


def missing_production_settings():
    """What production mode lacks, each as a sentence saying what to set; nothing in debug mode."""
    if settings.DEBUG:
        return []
    missing = []
    key = settings.SECRET_KEY
    # The test `check --deploy` applies (security.W009): the development key in settings.py fails it.
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        missing.append(f"Set DJANGO_SECRET_KEY to at least 50 random characters, e.g. the output of {NEW_SECRET}.")
    if not settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS:
        missing.append("Set DJANGO_ALLOWED_HOSTS to the site's host names, comma-separated (e.g. registry.example.kz).")
    return missing


def refuse_to_start_unconfigured():
    if missing := missing_production_settings():
        raise ImproperlyConfigured(
            "The portal does not start in production mode (DJANGO_DEBUG off) without its production settings. "
            + " ".join(missing)
            + " See README.md, Production."
        )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.settings")
    try:
        refuse_to_start_unconfigured()
    except ImproperlyConfigured as error:
        sys.exit(str(error))
