"""A deadline for each wait on PostgreSQL, which the server cannot enforce once it has stopped answering.

A server that is frozen, or cut off by a network that drops its packets, leaves a query waiting for ever: its
kernel still acknowledges the packets, so neither the server's statement_timeout nor TCP keepalives fire, and the
request would hold its thread until gunicorn killed the whole worker. So each worker has a watchdog thread that
looks at the connection of every request in flight four times a second. When one call has waited longer than its
deadline, the watchdog shuts the connection's socket down: the call raises OperationalError in the request (which
answers 503, alatau/faults.py), and Django replaces the broken connection.

The deadline is `settings.DB_QUERY_DEADLINE` for a query (and what follows it on the same connection until the
next query: fetching from a server-side cursor, committing), one second for the health check Django makes before
a request's first query on a connection kept from an earlier request: SELECT 1 answers at once, and a connection
on which it does not is better replaced. Opening a connection has its own limit, the connect_timeout option
(settings.py). SQLite has no server: nothing to watch.
"""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg.pq import TransactionStatus

logger = logging.getLogger(__name__)

TICK = 0.25  # seconds between two looks at the connections
HEALTH_CHECK_DEADLINE = 1.0

_watches = {}  # thread id: the Watch of the request (or health probe) that thread serves
_watchdog = None
_watchdog_lock = threading.Lock()


class Watch:
    """One thread's database connection: which call it waits on, and since when."""

    def __init__(self, db):
        self.db = db
        self.queries = 0  # raised by count_query() as each query starts
        self.call = None  # (libpq connection, queries) of the call seen waiting at the last look
        self.since = None

    def look(self, now):
        pgconn = getattr(self.db.connection, "pgconn", None)
        # ACTIVE: a command was sent and its answer has not all arrived (libpq's PQtransactionStatus).
        if pgconn is None or pgconn.transaction_status != TransactionStatus.ACTIVE:
            self.call = None
            return
        call = (pgconn, self.queries)
        if call != self.call:
            self.call, self.since = call, now
            return
        deadline = settings.DB_QUERY_DEADLINE if self.queries else HEALTH_CHECK_DEADLINE
        if now - self.since >= deadline:
            logger.warning("A database call waited %.1f s without an answer: its connection is cut.", now - self.since)
            cut(pgconn)
            self.call = None


def cut(pgconn):
    """Shut the connection's socket down, so that the call waiting on it fails at once.

    Through a copy of the file descriptor, which is all this thread closes: the connection's own descriptor stays
    with its thread, which closes it with the connection.
    """
    try:
        copy = socket.socket(fileno=os.dup(pgconn.socket))
    except Exception:  # closed in the meantime (psycopg.OperationalError, OSError): nothing left to cut
        return
    try:
        # Still waiting, so the descriptor copied was still this connection's, not a number reused since.
        if pgconn.transaction_status == TransactionStatus.ACTIVE:
            copy.shutdown(socket.SHUT_RDWR)
    finally:
        copy.close()


def count_query(execute, sql, params, many, context):
    """An execute wrapper: a new query is a new call, with its own deadline."""
    watch = _watches.get(threading.get_ident())
    if watch is not None:
        watch.queries += 1
    return execute(sql, params, many, context)


def start_watching(db=None):
    """Watch the calling thread's connection (`db`, else its connection to the default database)."""
    db = db or connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or settings.DB_QUERY_DEADLINE <= 0:
        return
    if count_query not in db.execute_wrappers:
        # First in the list, where `connection.execute_wrapper()` blocks, which remove the last, never take it out.
        db.execute_wrappers.insert(0, count_query)
    _watches[threading.get_ident()] = Watch(db)
    _start_watchdog()


def stop_watching(**kwargs):
    """Stop watching the calling thread's connection (also a receiver of request_finished)."""
    _watches.pop(threading.get_ident(), None)


def _start_watchdog():
    global _watchdog
    with _watchdog_lock:
        # Started in each worker process: a thread does not survive the fork that made the worker.
        if _watchdog is None or not _watchdog.is_alive():
            _watchdog = threading.Thread(target=_watch_for_ever, name="database-watchdog", daemon=True)
            _watchdog.start()


def _watch_for_ever():
    while True:
        time.sleep(TICK)
        now = time.monotonic()
        for watch in _watches.copy().values():
            try:
                watch.look(now)
            except Exception:
                logger.exception("The database watchdog failed to look at a connection.")


def watch_requests(application):
    """Wrap a WSGI application so that each request's database calls are watched until its response is closed
    (after the last piece of a streamed download); Django's own health check at the request's start included."""
    request_finished.connect(stop_watching, dispatch_uid="alatau.watchdog")

    def watched_application(environ, start_response):
        start_watching()
        try:
            return application(environ, start_response)
        except BaseException:
            stop_watching()
            raise

    return watched_application
