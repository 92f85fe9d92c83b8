"""The decision forum in a real browser: a forum member adopts the proposal list with one
exception, the coordinator closes the meeting, generates the decision document and downloads
it. axe-core checks every page on the way (the `page` fixture).

Selectors are ids, names and URLs: newly added strings may still show in English.
"""

import io
import re

import pytest
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from applications.models import Decision, Grant, Outcome
from tests.applications.decision_helpers import meeting_with_proposals, proposed, user
from tests.browser.axe import settle

pytestmark = pytest.mark.browser


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _log_out(page) -> None:
    page.context.clear_cookies()


def test_forum_decides_and_the_coordinator_downloads_the_decision_document(
    transactional_db,
    page,
    live_server,
    seeded,
    jamtland,
    in_review,
    review_round,
    reviewers,
    coordinator,
    applicant,
    axe_collector,
    celery_worker_if_broker,
):
    area4 = in_review.call.focus_areas.get(number=4)
    first = proposed(
        in_review,
        applicant,
        coordinator,
        reviewers,
        amount=1_000_000,
        focus_area=area4,
        title="Efterlevandestöd i hela länet",
    )
    second = proposed(
        in_review,
        applicant,
        coordinator,
        reviewers,
        amount=2_000_000,
        focus_area=area4,
        title="Suicidpreventiva analyser lokalt",
    )
    forum = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    line = Decision.objects.get(proposal=second)
    meeting_url = f"/lan/jamtland/beslut/sammantraden/{meeting.pk}/"

    # The forum member adopts §9 as a whole, approving the second line only in part.
    _log_in(page, "forum@jamtland.demo")
    page.goto(meeting_url)
    form = page.locator(f"#besluta-{item.pk}")
    expect(form).to_contain_text(first.application.case_number)
    row = page.locator(f"#besluta-rad-{line.pk}")
    row.locator("summary").click()
    row.locator(f"select[name='line-{line.pk}-outcome']").select_option(Outcome.APPROVED_IN_PART)
    row.locator(f"input[name='line-{line.pk}-amount']").fill("1 500 000")
    row.locator(f"textarea[name='line-{line.pk}-motivation']").fill("Delvis: lokala analyser.")
    form.locator("button[type='submit']").click()
    settle(page)
    page.wait_for_url(re.compile(rf"{meeting_url}"))
    line.refresh_from_db()
    assert (line.outcome, line.amount) == (Outcome.APPROVED_IN_PART, 1_500_000)
    assert Decision.objects.get(proposal=first).outcome == Outcome.APPROVED
    expect(page.locator("main")).to_contain_text("1 500 000 kr")

    # The coordinator closes the meeting and generates the decision document.
    _log_out(page)
    _log_in(page, "samordnare@jamtland.demo")
    page.goto(f"{meeting_url}stang/")
    page.locator("main form button[type='submit']").click()
    settle(page)
    page.wait_for_url(re.compile(rf"{meeting_url}$"))
    assert sorted(Grant.objects.values_list("amount", flat=True)) == [1_000_000, 1_500_000]

    page.locator(f"#generate-{meeting.pk}-document").click()
    link = page.locator("a[href^='/lan/jamtland/beslut/handlingar/'][href$='.pdf']").first
    expect(link).to_be_visible(timeout=30_000)  # the page follows the job until it is done
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "2 500 000 kr" in text  # 1 000 000 + 1 500 000, the area's total
    assert first.application.organisation.name in text
