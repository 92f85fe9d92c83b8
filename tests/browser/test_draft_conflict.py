"""Two tabs on one draft in a real browser: the second tab's autosave is refused with a
notice, autosave pauses, and nothing typed in either tab is gone."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from tests.browser.test_application_journey import _log_in
from tests.services import wait_until

pytestmark = pytest.mark.browser


SAVED = re.compile(r"(Utkastet sparades|Draft saved) \d{2}:\d{2}:\d{2}")


def test_two_tabs_on_one_draft_lose_nothing(transactional_db, page, complete_draft):
    _log_in(page, "sokande@ostersund.demo")
    url = f"/ansokningar/{complete_draft.pk}/redigera/"
    page.goto(url)
    other = page.context.new_page()  # the second tab, same session
    other.goto(url)

    page.locator("#id_description").fill("Text från första fliken.")
    expect(page.locator("#autosave-status")).to_have_text(SAVED)
    wait_until(
        lambda: (
            Application.objects.get(pk=complete_draft.pk).description == "Text från första fliken."
        )
    )

    other.locator("#id_purpose").fill("Mål från andra fliken.")
    notice = other.locator("#autosave-conflict")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("sparats i en annan flik")
    expect(other.locator("#id_purpose")).to_have_value("Mål från andra fliken.")
    assert Application.objects.get(pk=complete_draft.pk).purpose != "Mål från andra fliken."

    # Compare: both versions side by side, this tab's text still in the field.
    notice.get_by_role("button").click()
    other.wait_for_load_state()
    expect(other.locator("#draft-conflict")).to_contain_text("Text från första fliken.")
    expect(other.locator("#draft-conflict")).to_contain_text("Mål från andra fliken.")
    expect(other.locator("#id_purpose")).to_have_value("Mål från andra fliken.")
    other.get_by_role("button", name=re.compile("Spara utkast|Save draft")).click()
    other.wait_for_url(re.compile(r"/redigera/$"))
    stored = Application.objects.get(pk=complete_draft.pk)
    assert stored.purpose == "Mål från andra fliken."
