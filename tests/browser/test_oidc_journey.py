"""In Chromium: the log-in page's e-ID button, through the real test provider and back.

A coordinator (two-factor required, DEMO_MODE off) whose provider asserts a second factor
lands on the start page; when it asserts only a password, Länsmedel asks its own second
factor. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare@jamtland.demo"


def _log_in_with_e_id(page) -> None:
    page.goto("/logga-in/")
    expect(
        page.get_by_text("Med den e-legitimation du använder hos Region Testland.")
    ).to_be_visible()
    page.get_by_role("link", name="Logga in med e-legitimation").click()


def test_a_second_factor_at_the_provider_lands_on_the_start_page(
    page, live_server, identity_provider, coordinator
):
    identity_provider.behave(email=COORDINATOR, amr=["swk", "pin"])
    _log_in_with_e_id(page)
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/konto/")
    expect(page).to_have_url(re.compile(r"/konto/$"))


def test_one_factor_at_the_provider_asks_lansmedels_second_factor(
    page, live_server, identity_provider, coordinator
):
    identity_provider.behave(email=COORDINATOR, amr=["pwd"])
    _log_in_with_e_id(page)
    page.wait_for_url(re.compile(r"/logga-in/tvafaktor/"))
    page.goto("/konto/")
    expect(page).to_have_url(re.compile(r"/logga-in/tvafaktor/"))


def test_an_unknown_person_gets_the_reason_on_the_log_in_page(
    page, live_server, identity_provider, seeded
):
    identity_provider.behave(email="okand@kommun.example", amr=["mfa"])
    _log_in_with_e_id(page)
    page.wait_for_url(re.compile(r"/logga-in/$"))
    expect(
        page.get_by_text("Det finns inget konto i Länsmedel för okand@kommun.example.")
    ).to_be_visible()
    expect(page.get_by_label("E-postadress")).to_be_visible()
