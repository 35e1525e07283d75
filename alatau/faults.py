"""When the database fails: pages answer 503 (with Retry-After, never cached), and /healthz says "down".

A database that refuses connections (stopped) fails a request at once; one that stops answering (frozen,
unreachable) within seconds, through connect_timeout and the watchdog (alatau/watchdog.py). Either way Django
raises OperationalError, which DatabaseFaultMiddleware answers with the 503 page when a view or its template
raised it, and server_error() (handler500) when a middleware did. The page renders without context processors:
it needs no query.
"""

import logging
import sys
import threading
from concurrent.futures import Future

from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from . import watchdog

logger = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds a client is asked to wait before it tries again
# What psycopg's errors for a connection refused, lost or cut become (Django wraps them).
DATABASE_FAILURES = (OperationalError, InterfaceError)
PROBE_SECONDS = 1.0  # how long /healthz waits for the database to answer


def unavailable():
    """The "temporarily unavailable" page, in the active language; never cached."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """handler500: the 503 page when the database failed, else Django's 500 page.

    For what the database fails outside a view, which process_exception() below does not see: the session
    middleware, for one, reads and saves a signed-in user's session after the view.
    """
    if isinstance(sys.exception(), DATABASE_FAILURES):
        return unavailable()
    return defaults.server_error(request)


_probe = None  # the Future of the last health probe
_probe_lock = threading.Lock()


def database_answers(timeout=PROBE_SECONDS):
    """Whether a new connection to the database answers a query within `timeout` seconds.

    The probe runs in a thread of its own, so that a database that does not answer holds that thread (until the
    connect timeout or the watchdog ends its wait), not the request; health checks that come while a probe is
    under way wait for that one rather than start another.
    """
    global _probe
    with _probe_lock:
        if _probe is None or _probe.done():
            _probe = Future()
            threading.Thread(target=_probe_database, args=(_probe,), name="database-probe", daemon=True).start()
        probe = _probe
    try:
        return probe.result(timeout)
    except TimeoutError:
        return False


def _probe_database(result):
    db = connections.create_connection(DEFAULT_DB_ALIAS)
    watchdog.start_watching(db)
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # whatever it is, the next health check must not wait for this one
        logger.warning("The database does not answer the health check: %s", error)
        result.set_result(False)
    else:
        result.set_result(True)
    finally:
        watchdog.stop_watching()
        try:
            db.close()
        except DatabaseError:
            pass


class DatabaseFaultMiddleware:
    """Answers /healthz before the host check (CommonMiddleware's; a load balancer probes by address), and a
    request that the database failed with the 503 page. Placed after the middleware that only add headers.

    process_exception() sees what a view raises, and what rendering its TemplateResponse raises (Django renders
    it inside the same handler), context processors included.
    """

    def __init__(self, get_response):
        from .views import healthz  # here, not above: the view asks this module whether the database answers

        self.get_response = get_response
        self.healthz = healthz

    def __call__(self, request):
        if request.path_info == "/healthz":
            return self.healthz(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_FAILURES):
            logger.warning("%s %s: the database failed: %s", request.method, request.path, exception)
            return unavailable()
        return None
