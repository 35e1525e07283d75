"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

A missing browser skips these tests with a message saying how to install it, except under CI=true,
where it is a failure. Pages run under the portal's own Content-Security-Policy: a violation on any page a test
opened fails that test.
"""

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test.utils import override_settings

from ..tools import require

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
TILE_HOSTS = {"tile.openstreetmap.org"}
WIDTHS = {"desktop": 1280, "phone": 360}
# The widths every page type must fit without scrolling sideways: a phone, a tablet, a laptop, a desktop.
LAYOUT_WIDTHS = (360, 768, 1024, 1280)
# Opens every <details> on a page (the registry's facets among them), for the tests that measure it.
OPEN_EVERY_DISCLOSURE = "document.querySelectorAll('details').forEach(details => { details.open = true; })"
# Runs before any page script, in every page and frame: tells PageWatch of each Content-Security-Policy violation.
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
));"""

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def plain_http():
    # SecurityMiddleware reads these when the live server starts, before per-test settings apply.
    with override_settings(
        SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False
    ):
        yield


@pytest.fixture(scope="session")
def live_server(plain_http, live_server):
    """pytest-django's live server, started over plain HTTP."""
    return live_server


@pytest.fixture(scope="session")
def browser():
    require(
        Path(CHROMIUM).exists(),
        f"Chromium ({CHROMIUM})",
        "install it with `apt-get install chromium` (make test does this when run as root)",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt installs it
        require(False, "Playwright for Python", "run `make test`, which installs requirements-dev.txt")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that a visitor would notice: console errors, failed or foreign requests; and what the
    Content-Security-Policy refused (new_page fails the test on any)."""

    def __init__(self, origin):
        self.origin = origin
        self.console_errors = []
        self.failed_requests = []
        self.foreign_requests = []
        self.csp_violations = []

    def attach(self, context):
        context.route("**/*", self.route)
        context.expose_binding("reportCspViolation", self.on_csp_violation)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self.on_console)
        context.on("requestfailed", self.on_request_failed)
        context.on("response", self.on_response)

    def route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin or parts.scheme in {"data", "blob"}:
            route.continue_()
            return
        if parts.hostname not in TILE_HOSTS:
            self.foreign_requests.append(url)
        # Nothing leaves the machine: map tiles behave as an unreachable tile server.
        route.abort("internetdisconnected")

    def on_csp_violation(self, source, violation):
        self.csp_violations.append(f"{source['page'].url}: {violation}")

    def on_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{message.location.get('url') or message.page.url}: {message.text}")
        # Chromium logs each unreachable map tile itself; no page code can (or should) silence that.
        if message.type == "error" and urlsplit(message.location.get("url", "")).hostname not in TILE_HOSTS:
            self.console_errors.append(message.text)

    def on_request_failed(self, request):
        # ERR_ABORTED: the page navigated on before this subresource finished, as a quick click does.
        if request.url.startswith(self.origin) and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def on_response(self, response):
        if response.url.startswith(self.origin) and response.status >= 400:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def assert_clean(self, allow_statuses=()):
        failed = [f for f in self.failed_requests if not any(f"HTTP {s}" in f for s in allow_statuses)]
        errors = [e for e in self.console_errors if not any(str(s) in e for s in allow_statuses)]
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"
        assert not failed, f"failed requests to the portal: {failed}"
        assert not errors, f"console errors: {errors}"


@pytest.fixture
def new_page(browser, live_server):
    """Make a page: new_page(width=1280, javascript=True) -> (page, watch). At the end of the test, any
    Content-Security-Policy violation on any of its pages fails it."""
    contexts = []
    watches = []

    def make(width=WIDTHS["desktop"], javascript=True, locale="ru-RU"):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript, locale=locale
        )
        contexts.append(context)
        watch = PageWatch(live_server.url)
        watch.attach(context)
        watches.append(watch)
        return context.new_page(), watch

    yield make
    for context in contexts:
        context.close()  # after the reports still on their way have arrived
    violations = [violation for watch in watches for violation in watch.csp_violations]
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)


@pytest.fixture
def page_and_watch(new_page):
    return new_page()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


SESSION_STARTED = time.time()


def pytest_terminal_summary(terminalreporter):
    """Name the screenshots this run took, for a reviewer to look at: every page type in each language at each
    width (tests/e2e/screenshots/<page type>-<language>-<width>.png). Older ones left in the folder are not named."""
    shots = [shot for shot in sorted(SCREENSHOTS.glob("*.png")) if shot.stat().st_mtime >= SESSION_STARTED]
    if shots:
        terminalreporter.section("screenshots")
        terminalreporter.write_line(f"{len(shots)} screenshots in {SCREENSHOTS}:")
        for shot in shots:
            terminalreporter.write_line(f"  {shot.name}")


def elements_wider_than_the_page(page):
    """The elements that reach past the right edge of the page, for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
                + ` ${Math.round(e.getBoundingClientRect().right)}px`)"""
    )
