"""Västra Götaland's coordinator reads the years side by side and runs a distribution key.

axe-core checks every page on the way (the history table, the key page with its result and
with an error next to a field) through the `page` fixture.
"""

import re

import pytest
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD, read_seed
from allocations.history.services import HISTORY_SEEDS, history_load

pytestmark = pytest.mark.browser


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_history_and_a_distribution_key(page, seeded, live_server, axe_collector):
    for name in HISTORY_SEEDS:
        history_load(data=read_seed(name))
    _log_in(page, "samordnare@vastragotaland.demo")

    page.goto("/lan/vastragotaland/historik/")
    expect(page.locator("#total-2023")).to_have_text("81 364 628 kr")
    expect(page.locator("#total-2025")).to_have_text("61 403 278 kr")

    page.goto("/lan/vastragotaland/fordelning/")
    page.locator("#id_focus_area").select_option(label="4. Suicidprevention (20 909 530 kr)")
    page.locator("#id_method_1").check()
    rows = [
        ("Kommunalförbunden", "1/3"),
        ("Vårdsamverkan", "1/3"),
        ("Västra Götalandsregionen", ""),
    ]
    for i, (recipient, share) in enumerate(rows):
        page.locator(f"#id_recipients-{i}-recipient").fill(recipient)
        page.locator(f"#id_recipients-{i}-weight").fill(share or "en tredjedel")
    page.locator('button[value="calculate"]').click()
    expect(page.locator("#id_recipients-2-weight_error")).to_be_visible()
    expect(page.locator("#id_recipients-2-weight")).to_have_value("en tredjedel")

    page.locator("#id_recipients-2-weight").fill("1/3")
    page.locator('button[value="calculate"]').click()
    expect(page.locator("#result-total")).to_have_text("20 909 530 kr")

    urls = axe_collector.urls()
    assert f"{live_server.url}/lan/vastragotaland/historik/" in urls
    assert f"{live_server.url}/lan/vastragotaland/fordelning/" in urls
