"""`make bench`: a reproducible load benchmark of the portal on PostgreSQL, served by gunicorn, loaded by wrk.

For each registry size (`BENCH_SIZES`, default `1000,100000` synthetic projects) it builds the database
`alatau_bench`, serves it with gunicorn as production does (two workers of four threads), once with the page
cache on and once off, loads every page type with wrk for `BENCH_SECONDS` (default 8) after a one-second
warm-up, and counts the SQL queries of one request. It prints the tables and writes them to bench/results.md.
The database is left for a look afterwards unless `BENCH_KEEP_DB=0`. Run with `--probe`, this file is the Django
process that reads from the database what the URLs need, signs a superuser in and counts the queries (with the
cache off).
"""

import datetime
import http.client
import json
import math
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DB = "alatau_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
# --timeout: a slow page queued behind 16 connections must count in the percentiles, not vanish as a timeout.
WRK = ["wrk", "-t2", "-c16", "--latency", "--timeout", "30s", "-s", str(BENCH / "report.lua")]
PER_PAGE = 20  # the registry's page size (ProjectRegistryView.paginate_by)
LOG = BENCH / "gunicorn.log"
ACCESS_LOG = BENCH / "access.log"  # gunicorn's access log during a run: drain() watches it settle
STARTED = time.monotonic()


class BenchError(Exception):
    """A step failed; the message says which and why."""


def say(message):
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def run(cmd, env=None, capture=True, timeout=None):
    """Run a command in the project folder and return its output; raise BenchError unless it exits with 0."""
    cmd = [str(part) for part in cmd]
    try:
        done = subprocess.run(cmd, cwd=ROOT, env=env, text=True, capture_output=capture, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BenchError(f"{shlex.join(cmd)}: {error}") from error
    if done.returncode:
        tail = "\n".join(((done.stdout or "") + (done.stderr or "")).strip().splitlines()[-25:])
        raise BenchError(f"{shlex.join(cmd)} exited with {done.returncode}\n{tail}")
    return done.stdout or ""


def psql(sql, db="postgres"):
    return run([*PSQL, "-d", db, "-c", sql]).strip()


def manage(env, *args, capture=True):
    return run([sys.executable, "manage.py", *args], env=env, capture=capture)


def app_env(secret, cache_pages="0"):
    """The environment of the portal in production mode on plain HTTP, against the bench database. The page
    cache is each worker's local memory: a Redis (REDIS_URL) would outlive a run and serve the previous size."""
    return {
        **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CACHE_PAGES": cache_pages,
    }


def pages(facts):
    """The pages measured, in order: (name, path, kind); kind "admin" is signed in, "download" is an export,
    fetched once (with the cache off) for its rows per second and the worker's peak memory, not loaded by wrk."""
    last = max(1, math.ceil(facts["published"] / PER_PAGE))
    three = f"/ru/projects/?district=gate&status=implementation&specialization={facts['specialization']}"
    return [
        ("robots.txt (reference)", "/robots.txt", ""),
        ("home", "/ru/", ""),
        ("district", "/ru/districts/gate/", ""),
        ("registry", "/ru/projects/", ""),
        ("registry, 1 filter", "/ru/projects/?district=gate", ""),
        ("registry, 3 filters", three, ""),
        ("search", "/ru/projects/?q=каскелен-3", ""),
        ("registry, last page", f"/ru/projects/?page={last}", ""),
        ("project", "/ru/projects/synthetic-500/", ""),
        ("organisation, most projects", f"/ru/organisations/{facts['organisation']}/", ""),
        ("organisations", "/ru/organisations/", ""),
        ("CSV export", "/ru/projects/export.csv", "download"),
        ("JSON export", "/ru/projects/export.json", "download"),
        ("OC4IDS export", "/ru/projects/oc4ids.json", "download"),
        ("admin project list", "/admin/projects/project/", "admin"),
    ]


def wire(path):
    return quote(path, safe="/?=&")


def probe():
    """In a Django process with the cache off: print as JSON the facts the URLs need, the session of a new
    superuser, and for each page the status and SQL queries of its second request."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from districts.models import District
    from projects.models import Organisation, Project

    specialization = District.objects.get(slug="gate").specializations.first()
    organisation = Organisation.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    facts = {
        "published": Project.objects.published().count(),
        "specialization": specialization.slug if specialization else "",
        "organisation": organisation.slug if organisation else "none",
    }
    users = get_user_model().objects
    user = users.filter(username="bench").first() or users.create_superuser("bench", "", secrets.token_urlsafe(24))
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    queries = {}
    for name, path, kind in pages(facts):
        client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1")
        if kind == "admin":
            client.force_login(user)
        if kind == "download":  # a whole export, read twice here, would take minutes: its status only
            queries[name] = {"status": client.get(wire(path)).status_code, "queries": "–"}
            continue
        client.get(wire(path))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(wire(path))
        queries[name] = {"status": response.status_code, "queries": len(captured)}
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    print("PROBE " + json.dumps({"facts": facts, "cookie": cookie, "queries": queries}))


def ensure_tools():
    """wrk (installed with apt-get when missing and root), psql and a PostgreSQL server that answers."""
    if not shutil.which("wrk"):
        if os.geteuid() != 0:
            raise BenchError("wrk is not installed and this is not root: install it with `sudo apt-get install wrk`.")
        say("Installing wrk with apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["sh", "-c", "apt-get update -qq && apt-get install -y -qq wrk"], env=env)
    if not shutil.which("psql"):
        raise BenchError("psql is not installed (apt-get install postgresql-client).")
    if not Path(GUNICORN).exists():
        raise BenchError(f"{GUNICORN} is missing: run `make bench` (it installs requirements.txt).")
    psql("SELECT 1")


def environment(sizes, seconds):
    """What the numbers were measured on: date, machine, PostgreSQL, wrk and the code."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    models = re.findall(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    commit = run(["git", "rev-parse", "--short", "HEAD"]).strip()
    if run(["git", "status", "--porcelain", "--untracked-files=no"]).strip():
        commit += " (with uncommitted changes)"
    return [
        "# Load benchmark of the Alatau City registry",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: `{run(['uname', '-a']).strip()}`",
        f"- CPU: {models[0] if models else 'unknown'} × {len(re.findall(r'^processor', cpuinfo, re.M))}",
        f"- load average at the start (other work on the machine skews the numbers): {loadavg}",
        f"- PostgreSQL: {psql('SHOW server_version')}",
        f"- git commit: {commit}",
        f"- wrk {run(['dpkg-query', '-W', '-f', '${Version}', 'wrk']).strip()}: `{' '.join(WRK[:4])} "
        f"-d{seconds}s --timeout 30s` after a 1 s warm-up; gunicorn with 2 workers × 4 threads; sizes: "
        + ", ".join(f"{size:,}" for size in sizes),
        "- ratio: the page's req/s ÷ `/robots.txt`'s req/s in the same run; latencies in ms; queries: one "
        "request with the cache off, the second of a warm process",
    ]


def build_database(size, env):
    """A new `alatau_bench` with the real fixtures and `size` synthetic projects, vacuumed and analysed; returns
    the seconds `generate_demo_data` took."""
    say(f"Building {DB} with {size:,} synthetic projects")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB}")
    manage(env, "migrate", "--noinput")
    manage(env, "seed_registry")
    started = time.monotonic()
    manage(env, "generate_demo_data", "--projects", str(size), "--seed", "1", capture=False)
    generated = time.monotonic() - started
    psql("VACUUM ANALYZE", db=DB)
    # Write the freshly loaded pages out now, not in a checkpoint in the middle of the measurements.
    psql("CHECKPOINT", db=DB)
    return generated


def get(port, path, headers):
    """One GET without following redirects: (status, body size in bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", wire(path), headers=headers)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


@contextmanager
def serving(env, label):
    """gunicorn serving the bench database as production does, on a free port: yields (port, master pid).
    Its errors go to bench/gunicorn.log; it is stopped (SIGTERM, then wait) however the block ends."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    cmd = [GUNICORN, "--config", "gunicorn.conf.py", "alatau.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    cmd += ["--access-logfile", str(ACCESS_LOG)]
    ACCESS_LOG.write_text("")
    with LOG.open("a") as log:
        log.write(f"\n=== {label}, port {port}\n")
        log.flush()
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_until_healthy(server, port)
            yield port, server.pid
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until_healthy(server, port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode}; see {LOG}:\n{log_tail()}")
        try:
            if get(port, "/healthz", {})[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise BenchError(f"/healthz did not answer 200 within {seconds} s; see {LOG}:\n{log_tail()}")


def log_tail():
    return "\n".join(LOG.read_text(errors="replace").splitlines()[-25:])


def worker_rss_mb(master, field="VmRSS"):
    """The largest resident memory (VmRSS, or its peak VmHWM) of the master's worker processes, in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master) and field in fields:
            sizes.append(int(fields[field].split()[0]) / 1024)
    if not sizes:
        raise BenchError("found no gunicorn worker to measure")
    return max(sizes)


def drain(port):
    """Wait until gunicorn has worked off the requests wrk left queued when it stopped (up to 16 of a slow page),
    so that the next run starts clean: a thread answers /healthz once those queued before it have started, and
    the access log, a line per answered request, stops growing once they have finished."""
    if get(port, "/healthz", {})[0] != 200:
        raise BenchError("/healthz stopped answering 200 between two wrk runs")
    size, deadline = -1, time.monotonic() + 60
    while ACCESS_LOG.stat().st_size != size and time.monotonic() < deadline:
        size = ACCESS_LOG.stat().st_size
        time.sleep(0.3)


def load(port, path, seconds, headers):
    """A 1 s warm-up, then `seconds` of wrk, each drained: the numbers of report.lua's line."""
    url = f"http://127.0.0.1:{port}{wire(path)}"
    options = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    run([*WRK, "-d1s", *options, url], timeout=120)
    drain(port)
    output = run([*WRK, f"-d{seconds}s", *options, url], timeout=seconds + 120)
    drain(port)
    line = re.search(r"^BENCH (.*)$", output, re.M)
    if not line:
        raise BenchError(f"wrk printed no report line for {path}:\n{output}")
    return {key: float(value) for key, value in (item.split("=") for item in line.group(1).split())}


def bench_run(env, label, page_list, cookie, seconds):
    """Serve with gunicorn and load each page that answers 200: {"rss": MB, "pages": {name: numbers}}."""
    say(f"Serving {label}")
    results = {}
    with serving(env, label) as (port, master):
        for name, path, kind in page_list:
            if kind == "download":
                results[name] = download(port, path, master) if env["DJANGO_CACHE_PAGES"] == "0" else {"status": 0}
                got = results[name]
                say(
                    f"  {name}: {got['status']}"
                    + (f", {got['bytes'] / 2**20:.1f} MB in {got['seconds']:.1f} s" if got["status"] else "")
                )
                continue
            headers = {"Cookie": cookie} if kind == "admin" else {}
            status, size = get(port, path, headers)
            results[name] = {"status": status, "bytes": size}
            if status == 200:
                results[name] |= load(port, path, seconds, headers)
            numbers = results[name]
            say(f"  {name}: {status}" + (f", {numbers['rps']:,.1f} req/s" if "rps" in numbers else ""))
        return {"rss": worker_rss_mb(master), "pages": results}


# In the JSON and OC4IDS downloads projects are written without a space between them, and nothing else
# follows a comma so: each occurrence is a project after the first.
FIRST_PROJECT, NEXT_PROJECT = b'"projects": [{"id": ', b',{"id": '


def download(port, path, master):
    """One whole export, read as it streams: its rows (CSV lines, JSON projects), seconds and bytes, and the
    workers' peak memory."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.monotonic()
    size = lines = projects = 0
    status = 0
    previous = b""
    try:
        connection.request("GET", wire(path))
        response = connection.getresponse()
        status = response.status
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
            for marker in (FIRST_PROJECT, NEXT_PROJECT):  # with the end of the previous chunk, too short to hold
                projects += (previous[-(len(marker) - 1) :] + chunk).count(marker)  # the marker: one cut in two
            previous = chunk
    except (http.client.HTTPException, OSError):
        status = "cut off"  # gunicorn's worker timeout ended the download (bench/gunicorn.log says so)
    finally:
        connection.close()
    seconds = time.monotonic() - started
    rows = max(lines - 1, 0) if path.endswith(".csv") else projects
    peak = worker_rss_mb(master, "VmHWM")
    drain(port)
    return {"status": status, "bytes": size, "seconds": seconds, "rows": rows, "peak": peak}


def ms(microseconds):
    return f"{microseconds / 1000:.1f}" if microseconds >= 10_000 else f"{microseconds / 1000:.2f}"


def rate(rps):
    return f"{rps:,.0f}" if rps >= 100 else f"{rps:.1f}"


def numbers(run_pages, name):
    """The req/s, latency and ratio cells of one page in one run ("–" where it was not loaded)."""
    row, reference = run_pages[name], run_pages["robots.txt (reference)"]
    if "rps" not in row:
        return ["–", "–", "–"]
    latency = f"{ms(row['p50_us'])} / {ms(row['p95_us'])} / {ms(row['p99_us'])}"
    ratio = f"{row['rps'] / reference['rps']:.3f}" if reference.get("rps") else "–"
    return [rate(row["rps"]), latency, ratio]


def table(size, result):
    """The Markdown table of one size, both runs side by side, then notes and the workers' memory."""
    on, off = result["runs"]["1"]["pages"], result["runs"]["0"]["pages"]
    lines = [
        f"## {size:,} synthetic projects ({result['facts']['published']:,} published)",
        "",
        "| page | URL | status | HTML KB | req/s on | p50/p95/p99 on | ratio on "
        "| req/s off | p50/p95/p99 off | ratio off | queries |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for name, path, kind in pages(result["facts"]):
        status = str(on[name]["status"])
        if off[name]["status"] != on[name]["status"]:
            status += f" (off: {off[name]['status']})"
        probed = result["queries"][name]
        queries = str(probed["queries"]) + (f" (at {probed['status']})" if probed["status"] != 200 else "")
        if kind == "download":
            got = off[name]
            status = str(got["status"])
            if got["status"] in (200, "cut off"):
                rows = f"{got['rows']:,} rows, " if got["rows"] is not None else ""
                per_second = f" ({got['rows'] / got['seconds']:,.0f} rows/s)" if got["rows"] else ""
                cut = " before gunicorn's worker timeout cut it off" if got["status"] == "cut off" else ""
                notes.append(
                    f"- {name} (cache off, one download): {rows}{got['bytes'] / 2**20:.1f} MB in {got['seconds']:.1f} s"
                    f"{per_second}{cut}; worker peak RSS {got['peak']:.0f} MB"
                )
            lines.append(f"| {name} | `{path}` | {status} | – | – | – | – | – | – | – | – |")
            continue
        size_kb = f"{on[name]['bytes'] / 1024:.1f}"
        cells = [name, f"`{path}`", status, size_kb, *numbers(on, name), *numbers(off, name), queries]
        lines.append("| " + " | ".join(cells) + " |")
        for cache, row in (("on", on[name]), ("off", off[name])):
            failed = {key: int(row[key]) for key in ("non2xx", "socket_errors", "timeouts") if row.get(key)}
            if failed:
                notes.append(f"- {name}, cache {cache}: " + ", ".join(f"{k} {v:,}" for k, v in failed.items()))
    lines += ["", *notes, *([""] if notes else [])]
    rss = result["runs"]["1"]["rss"], result["runs"]["0"]["rss"]
    lines.append(f"Max gunicorn worker RSS: cache on {rss[0]:.1f} MB, cache off {rss[1]:.1f} MB.")
    lines.append(f"`generate_demo_data --projects {size}` took {result['generated']:.0f} s.")
    return lines


def comparison(results):
    """p50 at the largest size ÷ p50 at the smallest, per page, with the cache on and off."""
    small, large = min(results), max(results)
    lines = [
        f"## p50 latency at {large:,} ÷ at {small:,}",
        "",
        "| page | cache on | cache off |",
        "| --- | ---: | ---: |",
    ]
    for name, _path, _kind in pages(results[small]["facts"]):
        cells = []
        for cache in ("1", "0"):
            before, after = (results[size]["runs"][cache]["pages"][name].get("p50_us") for size in (small, large))
            cells.append(f"{after / before:.2f}" if before and after else "–")
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return lines


def main():
    """Measure every size, write bench/results.md and print it; BenchError says what failed."""
    try:
        sizes = list(dict.fromkeys(int(size) for size in os.environ.get("BENCH_SIZES", "1000,100000").split(",")))
        seconds = int(os.environ.get("BENCH_SECONDS", "8"))
    except ValueError as error:
        raise BenchError(f"BENCH_SIZES is a comma-separated list of numbers, BENCH_SECONDS a number: {error}") from None
    if not sizes or min(sizes) < 1 or seconds < 1:
        raise BenchError("BENCH_SIZES needs sizes of 1 or more and BENCH_SECONDS at least 1.")
    # One secret for gunicorn and the probe: the admin session is signed and checked with it.
    secret = secrets.token_urlsafe(40)[:50]
    ensure_tools()
    report = environment(sizes, seconds)
    LOG.write_text("")
    manage(app_env(secret), "collectstatic", "--noinput", "-v0")
    results = {}
    for size in sizes:
        generated = build_database(size, app_env(secret))
        say("Counting queries and signing a superuser in")
        output = run([sys.executable, __file__, "--probe"], env=app_env(secret, "0"), timeout=600)
        line = re.search(r"^PROBE (.*)$", output, re.M)
        if not line:
            raise BenchError(f"the probe printed no result:\n{output}")
        probed = json.loads(line.group(1))
        page_list = pages(probed["facts"])
        runs = {}
        for cache in ("1", "0"):
            label = f"{size:,} projects, cache {'on' if cache == '1' else 'off'}"
            runs[cache] = bench_run(app_env(secret, cache), label, page_list, probed["cookie"], seconds)
        results[size] = {"facts": probed["facts"], "queries": probed["queries"], "runs": runs, "generated": generated}
    for size in sizes:
        report += ["", *table(size, results[size])]
    if len(results) > 1:
        report += ["", *comparison(results)]
    text = "\n".join(report) + "\n"
    (BENCH / "results.md").write_text(text)
    print("\n" + text)
    if os.environ.get("BENCH_KEEP_DB", "1") == "0":
        psql(f"DROP DATABASE {DB} WITH (FORCE)")
        say(f"Dropped the database {DB}.")
    else:
        say(f"Left the database {DB} ({DATABASE_URL}) with {sizes[-1]:,} projects; BENCH_KEEP_DB=0 drops it.")
    say(f"Wrote {BENCH / 'results.md'}.")


if __name__ == "__main__":
    if sys.argv[1:] == ["--probe"]:
        probe()
    else:
        # SIGTERM ends the run like an error: the `with serving` block stops gunicorn on the way out.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench: stopped by SIGTERM"))
        try:
            main()
        except (BenchError, OSError) as error:
            sys.exit(f"bench failed: {error}")
        except KeyboardInterrupt:
            sys.exit("bench: interrupted")
