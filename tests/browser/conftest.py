"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test loads through the `page` fixture is checked by axe-core against WCAG 2.1
A and AA; any violation fails the test (see tests/browser/axe.py).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.axe import AXE_PATH, AxeCollector, install, settle
from tests.oidc_provider.fixtures import (  # noqa: F401 - the e-ID journey's provider
    identity_provider,
    provider_process,
)
from tests.services import need

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM would refuse
# to run next to it ("You cannot call this from an async context") without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def _playwright():
    need(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    need(AXE_PATH.exists(), f"axe-core at {AXE_PATH} (run `npm ci`)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    yield playwright
    playwright.stop()


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def axe_collector() -> AxeCollector:
    """What axe-core reported for each page the test's `page` loaded."""
    return AxeCollector()


@pytest.fixture
def page(browser, live_server, axe_collector) -> Iterator:
    """A fresh Swedish-locale browser context on the live server; axe checks every page."""
    context = browser.new_context(locale="sv-SE", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    install(context, axe_collector)
    page = context.new_page()
    page.on("load", lambda p: axe_collector.loaded.append(p.url))
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a passing test body, fail the test on accessibility problems found on its pages.

    This runs in the call phase (not fixture teardown), so a violation is a test failure.
    """
    result = yield
    collector = item.funcargs.get("axe_collector")
    page = item.funcargs.get("page")
    if collector is None or page is None:
        return result
    settle(page)
    problems = collector.problems()
    if problems:
        pytest.fail("Accessibility (axe-core) problems:\n" + problems, pytrace=False)
    return result
