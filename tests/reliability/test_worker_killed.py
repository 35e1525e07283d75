"""A gunicorn worker killed under load: only the requests it held fail, the master starts another worker in its
place and every later request is served."""

import os
import signal
import time

from .load import Load

PATHS = ["/ru/", "/en/projects/", "/ru/projects/export.csv", "/healthz"]
THREADS_PER_WORKER = 4  # gunicorn.conf.py: a worker holds at most this many requests


def test_a_killed_worker_loses_at_most_the_requests_it_held_and_is_replaced(seeded_database, serve):
    server = serve(seeded_database, workers=2)
    with Load(server, PATHS, threads=6) as load:
        time.sleep(3)
        victim = min(server.workers())
        killed = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        for _ in range(100):
            workers = server.workers()
            if len(workers) == 2 and victim not in workers:
                break
            time.sleep(0.1)
        replaced = time.monotonic()
        time.sleep(4)
    last = max(request.ended for request in load.requests)

    assert victim not in workers and len(workers) == 2, f"no worker replaced {victim}:\n{server.output()[-3000:]}"
    failed = load.failed()
    assert len(failed) <= THREADS_PER_WORKER, [str(r) for r in failed]
    # Each failure was a request the worker held when it died: under way at that moment, its connection cut.
    assert all(r.started <= killed <= r.ended and r.status is None for r in failed), [str(r) for r in failed]
    after = load.between(replaced, last)
    assert len(after) > 20 and all(r.succeeded for r in after), [str(r) for r in after if not r.succeeded]
    assert load.between(0, killed), "no load before the kill"
