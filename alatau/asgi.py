"""ASGI entry point. In production mode it refuses to start without the production settings
(alatau/deployment.py)."""

import os

from django.core.asgi import get_asgi_application

from alatau.deployment import refuse_to_start_unconfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.settings")

refuse_to_start_unconfigured()

application = get_asgi_application()
