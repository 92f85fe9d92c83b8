"""Jämtland's coordinator reads the budget in a real browser: the table and the chart say the
same, a figure opens the lines behind it, and a large grants export shows its progress.

axe-core checks every page on the way through the `page` fixture.
"""

import re

import pytest
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from allocations.budget.selectors.overview import county_budget
from allocations.models import County
from tests.allocations.budget.budget_data import MOVED, build_year
from tests.browser.axe import settle

pytestmark = pytest.mark.browser

COORDINATOR = "samordnare@jamtland.demo"


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def kronor(amount: int) -> str:
    return f"{amount:,} kr".replace(",", " ")


def test_the_coordinator_reads_the_chart_and_the_table(
    page, seeded, live_server, axe_collector, settings, celery_worker_if_broker
):
    settings.LANSMEDEL_EXPORT_BACKGROUND_ROWS = 10
    jamtland = County.objects.get(slug="jamtland")
    build_year(jamtland, seeded, grants=24)
    budget = county_budget(county=jamtland, agreement=seeded)
    figures = {a.focus_area.number: a.row.figures for a in budget.areas}

    _log_in(page, COORDINATOR)
    page.locator('a[href="/lan/jamtland/budget/2025/"]').first.click()
    page.wait_for_url(re.compile(r"/lan/jamtland/budget/2025/$"))
    settle(page)

    # The table: the county's total and area 4's figures.
    expect(page.locator("#cell-total-allocated")).to_have_text("12 697 775 kr")
    for column in ("allocated", "decided", "remaining", "used"):
        expect(page.locator(f"#cell-4-{column}")).to_have_text(kronor(figures[4].get(column)))
    expect(page.locator("#chain-1")).to_contain_text(f"-{kronor(MOVED)} (§12 2025-05-02)")

    # The chart says the same as the table, in text beside each bar.
    chart = page.locator("svg#budget-chart")
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("title")).to_contain_text("Jämtland Härjedalen")
    for number in (1, 3, 4):
        for column in ("allocated", "decided", "remaining"):
            bar = chart.locator(f"#bar-{number}-{column}")
            table_text = page.locator(f"#cell-{number}-{column}").inner_text()
            expect(bar.locator(".bar-value")).to_have_text(table_text)
            assert int(bar.get_attribute("data-amount")) == figures[number].get(column)
    widths = {
        column: float(chart.locator(f"#bar-4-{column} rect").get_attribute("width"))
        for column in ("allocated", "decided", "remaining")
    }
    assert widths["decided"] + widths["remaining"] == pytest.approx(widths["allocated"], abs=1)

    # A figure opens the lines behind it; they add up to it.
    decided = page.locator("#cell-4-decided").inner_text()
    page.locator("#cell-4-decided a").click()
    page.wait_for_url(re.compile(r"/budget/2025/beslutat/4/$"))
    settle(page)
    expect(page.locator("#cell-total")).to_have_text(decided)

    # A large export of the grants is prepared in the background with a progress bar.
    page.go_back()
    page.wait_for_url(re.compile(r"/lan/jamtland/budget/2025/$"))
    settle(page)
    page.locator('button[name="format"][value="csv"]').click()
    page.wait_for_url(re.compile(r"/exporter/\d+/"))
    expect(page.locator("#export-download")).to_be_visible(timeout=60_000)
    expect(page.locator("#export-progress")).to_have_attribute("value", "100")
    settle(page)

    budget_url = f"{live_server.url}/lan/jamtland/budget/2025/"
    assert budget_url in axe_collector.urls()
    assert f"{budget_url}beslutat/4/" in axe_collector.urls()
