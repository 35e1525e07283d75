"""WSGI entry point: `gunicorn alatau.wsgi`. In production mode it refuses to start without the production
settings (alatau/deployment.py)."""

import os

from django.core.wsgi import get_wsgi_application

from alatau.deployment import refuse_to_start_unconfigured
from alatau.watchdog import watch_requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.settings")

refuse_to_start_unconfigured()

# Each request's waits on the database have a deadline, even where the server cannot keep one (alatau/watchdog.py).
application = watch_requests(get_wsgi_application())
