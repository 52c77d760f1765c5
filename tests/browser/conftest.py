"""Browser tests: Playwright driving Debian's Chromium, with axe-core scans.

Locally they skip when /usr/bin/chromium is missing; with CI=true they fail
instead, because there they are mandatory. Every page a test opens is
watched for JavaScript errors and Content-Security-Policy violations.
"""

import contextlib
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.access.world import build_world, load_world
from tests.browser import snapshot

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


_snapshot: dict = {}  # this test process's session world, taken at its first browser test


@pytest.fixture(scope="session", autouse=True)
def _empty_instead_of_flush():
    """After a browser test every table is emptied with DELETE: Django's flush costs up to 2 s a test."""
    from django.test import TransactionTestCase

    def fixture_teardown(self):
        snapshot.empty()

    original = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = original


@pytest.fixture
def world(transactional_db):
    """The session world for every browser test: each one starts from the same rows.

    The first browser test of a process finds the session world (guidance, impact factors,
    personas) and keeps a snapshot of every table; the next ones restore it.
    """
    from organisations.models import Organisation

    if _snapshot:
        snapshot.restore(_snapshot)
    else:
        if not Organisation.objects.filter(slug="gemeente-alfa").exists():  # a run of browser tests only
            call_command("load_guidance", "--force", verbosity=0)
            call_command("load_impact_factors", "--force", verbosity=0)
            build_world()
        _snapshot.update(snapshot.take())
    return load_world()


@pytest.fixture(autouse=True)
def _guidance(world):
    """Every browser test sees the guidance content and the personas."""


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems(list):
    """JavaScript errors and CSP violations seen on a page."""


def watch(page) -> PageProblems:
    problems = PageProblems()
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))

    def on_console(message):
        # Failed loads are judged below by resource type: a document may be a
        # deliberate 404, a stylesheet or script may not.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error: {message.text}")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.request.resource_type} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    return problems


def close_quietly(contexts) -> None:
    """Close browser contexts once their pages have no request in flight.

    Closing a context drops its connections; a request the live server is still
    answering would then end in an error in the server's thread, reported in
    whichever test happens to run.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    for context in contexts:
        for page in context.pages:
            with contextlib.suppress(PlaywrightTimeoutError):  # a page that polls on purpose closes anyway
                page.wait_for_load_state("networkidle", timeout=3_000)
        context.close()


@pytest.fixture
def new_page(chromium, live_server):
    """Open pages in fresh browser contexts; each checked for errors at the end."""
    contexts = []
    watched = []

    def make(java_script_enabled: bool = True):
        context = chromium.new_context(
            base_url=live_server.url, java_script_enabled=java_script_enabled, locale="nl-NL"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watched.append(watch(page))
        return page

    yield make
    close_quietly(contexts)
    problems = [p for w in watched for p in w]
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page):
    return new_page()


def login(page, username: str, password: str) -> None:
    """The two steps of the login page: who it is ("Verder"), then the password."""
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres of gebruikersnaam").fill(username)
    follow(page.get_by_role("button", name="Verder"))
    page.get_by_label("Wachtwoord").fill(password)
    follow(page.get_by_role("button", name="Inloggen"))


def open_menu(page, name: str) -> None:
    """Open a menu of the header by its summary's text: a group of the navigation ("Mijn werk") or "account".

    The menus are <details> disclosures; their links are hidden until they are open.
    """
    if name == "account":
        summary = page.locator(".account-menu > summary")
    else:
        summary = page.locator(".nav-group > summary", has_text=name)
    summary.click()
    expect(summary.locator("xpath=..")).to_have_attribute("open", "")


def log_out(page) -> None:
    """Log out with the button in the account menu."""
    open_menu(page, "account")
    follow(page.get_by_role("button", name="Uitloggen"))


def follow(locator) -> None:
    """Click a link or a submit button and wait until the page it leads to has loaded.

    A bare ``click()`` returns once the click is dispatched; reading the title
    or scanning with axe right after it races the navigation (an empty title,
    or a scan of the page being left). Every navigating click goes through here.
    """
    with locator.page.expect_navigation():
        locator.click()


# Only violations come back in full: passes and the like are reported by one node each, which makes
# a scan of a large page about a third faster.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def axe_scan(page, context: str | None = None) -> tuple[int, str]:
    """axe-core's count and report of the WCAG 2.1 A/AA violations on the page (0 and "" when there are none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    count = results.violations_count
    return count, f"{page.url}\n{results.generate_report()}" if count else ""


def axe_violations(page, context: str | None = None) -> str:
    """axe-core's report of the WCAG 2.1 A/AA violations on the page; empty when there are none."""
    return axe_scan(page, context)[1]


def assert_accessible(page, context: str | None = None) -> None:
    """Scan the page with axe-core: no WCAG 2.1 A/AA violations allowed."""
    violations = axe_violations(page, context)
    assert not violations, violations
