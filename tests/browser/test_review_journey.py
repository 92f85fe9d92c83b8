"""The review in a real browser: the coordinator's formal check and review round, then a
member's jäv declaration and assessment with the live category and scores.

axe-core checks every page on the way (the `page` fixture). Selectors are ids, names and
URLs rather than texts: new strings may still be untranslated.
"""

import re

import pytest
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from applications.applying.services import application_submit
from applications.models import Assessment, ReviewRound, Status
from tests.browser.axe import settle

pytestmark = pytest.mark.browser


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.locator('input[name="username"]').fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    settle(page)  # let axe finish on the page before the next step
    page.wait_for_url(re.compile(r"/$"))


def _log_out(page) -> None:
    # Dropping the session cookie instead of clicking "Log out" leaves no navigation in
    # flight when the next log-in starts.
    settle(page)
    page.context.clear_cookies()


def test_formal_check_round_declaration_and_assessment(
    transactional_db, celery_worker_if_broker, page, live_server, complete_draft, applicant
):
    application = application_submit(application=complete_draft, user=applicant)
    detail = f"/ansokningar/{application.pk}/"

    # 1. The coordinator passes the formal check on the detail page.
    _log_in(page, "samordnare@jamtland.demo")
    page.goto(detail)
    page.locator("input[name='check-outcome'][value='passed']").check()
    page.locator(f"form[action='{detail}formell-kontroll/'] button[type=submit]").click()
    settle(page)  # let axe finish on the page before the next step
    page.wait_for_url(re.compile(rf"{detail}$"))
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW

    # 2. ... and opens a round where every member of the review group assesses everything.
    page.goto("/lan/jamtland/beredning/")
    page.locator("a[href='/lan/jamtland/beredning/omgangar/ny/']").click()
    settle(page)  # let axe finish on the page before the next step
    page.locator("select[name='call']").select_option(str(application.call_id))
    for box in page.locator("input[name='members']").all():
        box.check()
    page.locator("input[name='due_date']").fill("2025-03-01")
    page.locator("main form button[type=submit]").click()
    settle(page)  # let axe finish on the page before the next step
    page.wait_for_url(re.compile(r"/beredning/omgangar/\d+/$"))
    assert ReviewRound.objects.get().members.count() == 2
    expect(page.locator(".round-table")).to_contain_text(application.case_number)
    _log_out(page)

    # 3. A member finds it through the navigation and declares no conflict of interest.
    _log_in(page, "beredning1@jamtland.demo")
    page.locator("nav a[href='/lan/jamtland/beredning/']").click()
    settle(page)  # let axe finish on the page before the next step
    page.locator(f"a[href='/beredning/ansokningar/{application.pk}/']").click()
    settle(page)  # let axe finish on the page before the next step
    expect(page.locator(".declaration-facts")).to_contain_text(application.organisation.name)
    expect(page.locator(".application-content")).to_have_count(0)
    page.locator("input[name='jav-has_conflict'][value='no']").check()
    page.locator("main form button[type=submit]").click()
    settle(page)  # let axe finish on the page before the next step
    expect(page.locator(".application-content")).to_contain_text(application.description)

    # 4. The category and the scores follow the answers while they are typed.
    criteria = page.locator("fieldset.criterion")
    expect(criteria).to_have_count(4)
    category = page.locator("#summary-category")
    expect(category).to_have_text(re.compile(r"\S"))
    second = criteria.nth(1)
    second.locator("input[value='yes']").check()
    expect(category).to_have_text(re.compile(r"^2 – "))
    criteria.nth(0).locator("input[value='yes']").check()
    expect(category).to_have_text(re.compile(r"^1 – "))
    criteria.nth(0).locator("input[value='partly']").check()
    expect(category).to_have_text(re.compile(r"^2 – "))
    criteria.nth(0).locator("select").select_option("3")
    second.locator("select").select_option("4")
    expect(page.locator("#summary-total")).to_have_text("7")
    expect(page.locator("#summary-weighted")).to_have_text(re.compile(r"^3,5$"))
    criteria.nth(2).locator("input[value='no']").check()
    criteria.nth(3).locator("input[value='no']").check()

    # 5. Save a draft: the server shows the same; then submit.
    form = page.locator("#assessment-form")
    form.locator("input[name='recommendation'][value='approve_in_part']").check()
    form.locator("input[name='recommended_amount']").fill("100 000")
    form.locator("textarea[name='motivation']").fill("Väl förankrad.")
    form.locator("button[name='save']").click()
    settle(page)  # let axe finish on the page before the next step
    page.wait_for_load_state("load")
    expect(page.locator("#summary-category")).to_have_text(re.compile(r"^2 – "))
    expect(page.locator("#summary-total")).to_have_text("7")
    assert Assessment.objects.get().category == 2
    page.locator("#assessment-form button[name='submit']").click()
    settle(page)  # let axe finish on the page before the next step
    expect(page.locator(".group-assessments")).to_contain_text("Väl förankrad.")
    assert Assessment.objects.get().is_submitted

    settle(page)
