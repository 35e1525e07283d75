"""Media served by the portal itself (`make run`, or a host with no web server in front): the images only, by
their stored type, with the portal's generated names cached for a year. In production a web server or object
storage serves them instead (README, "Media in production")."""

import re

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.static import serve as serve_file

from .processing import CONTENT_TYPES

# The names the portal gives (PictureField.generate_filename): a random token, and a rendition's width.
GENERATED_NAME = re.compile(r"(^|/)[0-9a-f]{24}(\.\d+w)?\.(jpg|png|webp)$")


def serve(request, path):
    extension = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if extension not in CONTENT_TYPES:
        raise Http404  # only images are ever stored here; nothing else is handed out
    try:
        response = serve_file(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:
        raise Http404 from None  # a path that climbs out of the media folder: there is nothing there
    response["Content-Type"] = CONTENT_TYPES[extension]
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    if GENERATED_NAME.search(path):
        response["Cache-Control"] = "public, max-age=31536000, immutable"  # a new image gets a new name
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response
