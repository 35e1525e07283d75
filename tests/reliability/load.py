"""Load for the fault tests: client threads requesting a few addresses over and over, each request recorded."""

import http.client
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Request:
    path: str
    started: float  # time.monotonic()
    ended: float
    status: int | None  # None when no HTTP answer came back
    error: str = ""

    @property
    def succeeded(self):
        return self.status == 200

    def __str__(self):
        return f"{self.path} {self.status or self.error} [{self.started:.2f}–{self.ended:.2f}]"


def fetch(url):
    """(status, error): the HTTP status, or None and what went wrong instead."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            response.read()
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (OSError, http.client.HTTPException) as error:
        return None, repr(error)


class Load:
    """`threads` clients requesting `paths` from `server` in turn until the block ends; `requests` lists them all.

    with Load(server, ["/ru/", "/healthz"]) as load:
        ...
    """

    def __init__(self, server, paths, threads=3):
        self.server, self.paths, self.threads = server, paths, threads
        self.requests = []
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def _client(self, first):
        turn = first
        while not self._stop.is_set():
            path = self.paths[turn % len(self.paths)]
            turn += 1
            started = time.monotonic()
            status, error = fetch(self.server.url(path))
            with self._lock:
                self.requests.append(Request(path, started, time.monotonic(), status, error))

    def __enter__(self):
        self._workers = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(self.threads)]
        for worker in self._workers:
            worker.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=30)

    def between(self, start, end):
        """The requests that started and ended within [start, end]."""
        return [request for request in self.requests if start <= request.started and request.ended <= end]

    def failed(self):
        return [request for request in self.requests if not request.succeeded]
