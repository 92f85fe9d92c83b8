"""The Jämtland coordinator opens 2026 from 2025 in a real browser: the overview's prompt,
what will be copied, the checklist, publishing the copied draft call; an applicant then
sees the call. axe-core checks every page on the way."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from allocations.models import County
from tests.allocations.county_years.years import agreement_next, call_2025, jamtland_2025

pytestmark = pytest.mark.browser


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_the_coordinator_opens_2026_and_publishes_the_copied_call(page, seeded, coordinator):
    jamtland_2025(seeded, coordinator)
    # A 2025 call that, a year later, is open today: published, applicants can answer it.
    year_ago = timezone.now() - datetime.timedelta(days=365)
    call_2025(
        County.objects.get(slug="jamtland"),
        seeded,
        title="Vårens utlysning 2025",
        opens_at=year_ago - datetime.timedelta(days=5),
        closes_at=year_ago + datetime.timedelta(days=30),
    )
    agreement_next(seeded)

    _log_in(page, "samordnare@jamtland.demo")
    page.goto("/lan/jamtland/2025/")
    page.get_by_role("link", name="Öppna år 2026").click()
    expect(page.get_by_role("heading", name="Det här kopieras när 2026 öppnas")).to_be_visible()
    expect(page.get_by_text("Vårens utlysning 2026", exact=False).first).to_be_visible()
    page.get_by_role("button", name="Öppna året").click()

    page.wait_for_url(re.compile(r"/lan/jamtland/ar/2026/$"))
    expect(page.get_by_text("2026 är öppnat för Jämtland Härjedalen.")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Tidsfrister"))).to_be_visible()
    expect(page.get_by_text("2026-12-01: Rekvirera medlen för 2026")).to_be_visible()
    expect(page.get_by_text("Behöver åtgärdas").first).to_be_visible()

    page.get_by_role("button", name="Publicera Vårens utlysning 2026").click()
    page.wait_for_url(re.compile(r"/lan/jamtland/ar/2026/$"))
    expect(page.get_by_text("Utlysningen Vårens utlysning 2026 är publicerad.")).to_be_visible()
    # The copy of the call that closed long ago stays a draft until its dates are changed.
    expect(page.get_by_role("button", name="Publicera Vårens utlysning 2026")).to_have_count(0)

    page.context.clear_cookies()
    _log_in(page, "sokande@ostersund.demo")
    page.goto("/utlysningar/")
    expect(page.get_by_role("link", name="Vårens utlysning 2026")).to_be_visible()
    expect(page.get_by_text("Länsgemensamma medel 2026")).to_have_count(0)
