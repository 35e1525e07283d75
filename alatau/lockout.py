"""The answer to a sign-in that django-axes refused: the lockout page, 429 (settings.AXES_LOCKOUT_CALLABLE)."""

import math

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


def lockout_response(request, original_response, credentials):
    seconds = get_cool_off(request).total_seconds()
    context = {
        **admin.site.each_context(request),
        "title": _("Signing in is locked"),
        "minutes": math.ceil(seconds / 60),
    }
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(math.ceil(seconds))
    add_never_cache_headers(response)
    return response


USERNAME_LENGTH = AccessAttempt._meta.get_field("username").max_length


def attempted_username(request, credentials):
    """The username django-axes counts failures under (settings.AXES_USERNAME_CALLABLE): as typed, but with a
    NUL written "0x00" (as axes writes the rest of the request) and cut to the column's 255 characters, which
    PostgreSQL would otherwise refuse with an error."""
    data = credentials or getattr(request, "data", request.POST)
    username = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return username.replace("\0", "0x00")[:USERNAME_LENGTH] if isinstance(username, str) else username
