"""PostgreSQL stopped and started again under load: requests fail only while it is down, each with a 503, and
the same gunicorn workers serve again once it is back."""

import time

from .load import Load

PATHS = ["/ru/", "/en/projects/", "/healthz"]
OUTAGE_SECONDS = 5
# A request may start just before the database is back and finish after: it may still fail.
RECOVERY_GRACE = 1.0


def test_requests_fail_with_503_only_while_the_database_is_down_and_recover_without_a_restart(
    running_cluster, seeded_database, serve
):
    server = serve(seeded_database)
    workers = server.workers()
    with Load(server, PATHS) as load:
        time.sleep(3)
        down = time.monotonic()
        running_cluster.stop()
        time.sleep(OUTAGE_SECONDS)
        running_cluster.start()
        back = time.monotonic()
        time.sleep(6)
    last = max(request.ended for request in load.requests)

    before = load.between(0, down)
    assert before and all(request.succeeded for request in before), [str(r) for r in before if not r.succeeded]
    failed = load.failed()
    outside = [r for r in failed if r.ended < down or r.started > back + RECOVERY_GRACE]
    assert not outside, f"requests failed outside the outage: {[str(r) for r in outside]}"
    # Never a 500 nor a dropped connection: the portal answers that it is temporarily unavailable.
    assert all(r.status == 503 for r in failed), [str(r) for r in failed if r.status != 503]
    # The outage was seen: at least the health check said so (cached pages may still be served).
    assert any(r.path == "/healthz" for r in failed), "no request noticed that the database was down"
    after = load.between(back + RECOVERY_GRACE, last)
    for path in PATHS:
        served = [r for r in after if r.path == path]
        assert served and all(r.succeeded for r in served), f"{path} after the outage: {[str(r) for r in served]}"
    # Recovered by themselves: the same workers, none killed by the timeout nor restarted.
    assert server.workers() == workers, server.output()[-3000:]
