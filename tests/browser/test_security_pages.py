"""Two-factor set-up in a real browser, and pages that break no rule of the CSP.

Chromium enforces the Content Security Policy: any inline script, style attribute or event
handler on these pages would be refused and reported here (a `securitypolicyviolation`).
axe-core checks every page through the `page` fixture.
"""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()


def test_a_coordinator_sets_up_two_factor_in_the_browser(page, seeded, settings):
    settings.DEMO_MODE = False
    page.context.add_init_script(RECORD_VIOLATIONS)
    _log_in(page, "samordnare@jamtland.demo")
    page.wait_for_url(re.compile(r"/logga-in/tvafaktor/"))
    expect(page.locator("svg.qr-code")).to_be_visible()
    assert _violations(page) == []

    device = TOTPDevice.objects.get(user__username="samordnare@jamtland.demo")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    page.locator('input[name="code"]').fill(f"{totp.token():06d}")
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/konto/reservkoder/"))
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert _violations(page) == []
    page.locator("main a.btn-primary").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_be_visible()


def test_the_pages_of_each_role_keep_to_the_csp(page, seeded):
    page.context.add_init_script(RECORD_VIOLATIONS)
    _log_in(page, "samordnare@jamtland.demo")
    page.wait_for_url(re.compile(r"/$"))
    for path in ("/", "/lan/jamtland/2025/", "/konto/", "/lan/jamtland/personer/"):
        page.goto(path)
        assert _violations(page) == [], path
    # The menu's collapse (Bootstrap's script) works under the policy on a narrow screen.
    page.set_viewport_size({"width": 500, "height": 800})
    page.get_by_role("button", name=re.compile("meny", re.IGNORECASE)).click()
    expect(page.get_by_role("link", name="samordnare@jamtland.demo")).to_be_visible()
    assert _violations(page) == []
    # The recorder works: markup with a style attribute is refused and reported.
    page.evaluate(
        """() => document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')"""
    )
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert "style-src" in _violations(page)[0]
