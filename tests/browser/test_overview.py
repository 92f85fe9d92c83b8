"""A coordinator logs in and reads Jämtland's 2025 overview in a real browser.

axe-core checks every page on the way (log-in form, the POST + redirect to the start page,
the overview) through the `page` fixture.
"""

import re

import pytest
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare@jamtland.demo"


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_coordinator_reads_the_county_overview(page, seeded, live_server, axe_collector):
    _log_in(page, COORDINATOR)

    overview_link = page.get_by_role("link", name=re.compile(r"Översikt för Jämtland"))
    if overview_link.count():
        overview_link.first.click()
    else:
        page.goto("/lan/jamtland/2025/")
    page.wait_for_url(re.compile(r"/lan/jamtland/2025/$"))

    expect(page.get_by_text("12 697 775 kr").first).to_be_visible()
    for amount in ("4 000 000 kr", "2 506 966 kr", "6 190 809 kr"):
        expect(page.get_by_text(amount).first).to_be_visible()

    # The start page, reached by POST + redirect, was checked by axe-core like the others.
    assert f"{live_server.url}/" in axe_collector.urls()
    assert f"{live_server.url}/lan/jamtland/2025/" in axe_collector.urls()
