"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every test here uses `live_server`, so its database is transactional: data the test writes
is committed and visible to the server thread, and the database is flushed afterwards. The
flush also removes what the data migrations put in (the expertise themes), so `demo_data`
puts that back first.

Not pytest-django's `serialized_rollback`: in a run of the whole suite the database is
serialized on the connection of the plain test thread, while under Playwright (an asyncio
loop in the same thread) Django hands the test another connection object, which lacks the
serialized copy; the themes would then be missing from the second browser test on.
"""

import functools
import importlib
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django's ORM refuses to run
# inside one unless told it is safe. Test environment only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "var" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A laptop-sized window, Dutch locale: what an IB'er on a school laptop sees. (Headless
    # Chromium still draws date fields as mm/dd/yyyy; a Dutch browser shows dd-mm-jjjj.)
    return {**browser_context_args, "viewport": {"width": 1280, "height": 800}, "locale": "nl-NL"}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Give a run of only the browser tests its own test database.

    Another process running the rest of the suite at the same time then does not drop the
    database from under us (or we from under it). When the browser tests run as part of the
    whole suite, the database set up for the first tests is used and this has no effect.
    """
    from django.conf import settings

    for db_settings in settings.DATABASES.values():
        test_name = db_settings.get("TEST", {}).get("NAME")
        if db_settings["ENGINE"].endswith("sqlite3") and (not test_name or ":memory:" in str(test_name)):
            continue
        base = test_name or f"test_{db_settings['NAME']}"
        db_settings.setdefault("TEST", {})["NAME"] = f"{base}_e2e"


# Data migrations whose rows a flushed database needs back (each has an idempotent `forwards`).
DATA_MIGRATIONS = ("passend.organisaties.migrations.0002_expertisethemas",)


@pytest.fixture
def demo_data(transactional_db):
    """The demo partnerships and users (passend.core.demo), committed for the live server."""
    from django.apps import apps

    from passend.core import demo

    for module in DATA_MIGRATIONS:
        importlib.import_module(module).forwards(apps, None)
    demo.load()
    return demo


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright's base_url: relative page.goto("/...") opens the live server."""
    return live_server.url


def login(page, email, password=None, *, expect_path="/"):
    """Log in through the real login form; returns once the landing page has loaded."""
    from passend.core.demo import DEMO_PASSWORD

    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if expect_path is not None:
        page.wait_for_url(re.compile(r"^https?://[^/]+" + re.escape(expect_path) + r"(\?.*)?$"))
    return page


def logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/inloggen/**")


@functools.cache
def _axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page):
    """Run axe-core on the current page (WCAG 2.0/2.1 A and AA, plus best practice)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, so the app's Content-Security-Policy (script-src 'self')
        # stays on in tests and still blocks any inline script of our own.
        page.evaluate(_axe_source() + "\n;true")
    # resultTypes: axe skips the details of passed rules, which makes it faster.
    return page.evaluate(
        """async (tags) => (await axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
        })).violations""",
        AXE_TAGS,
    )


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}x)")
        for node in v["nodes"][:5]:
            summary = (node.get("failureSummary") or "").strip().splitlines()
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary[-1].strip() if summary else ''}")
    return "\n".join(lines)


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


class AxeReport:
    """Collects axe violations over several pages, so one test run reports them all."""

    def __init__(self, page):
        self.page = page
        self.found = {}

    def check(self, label, *, shot=None):
        violations = axe_violations(self.page)
        if violations:
            self.found[f"{label} ({self.page.url})"] = violations
        if shot:
            screenshot(self.page, shot)
        return violations

    def visit(self, path, label=None, *, status=200, shot=None):
        response = self.page.goto(path)
        expected = status if isinstance(status, tuple) else (status,)
        assert response is not None and response.status in expected, f"{path}: HTTP {response and response.status}"
        return self.check(label or path, shot=shot)

    def assert_clean(self):
        report = "\n".join(f"{label}:\n{format_violations(v)}" for label, v in self.found.items())
        assert not self.found, f"axe found violations on {len(self.found)} page(s):\n{report}"


@pytest.fixture
def axe(page):
    return AxeReport(page)
