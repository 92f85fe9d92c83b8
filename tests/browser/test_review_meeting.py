"""The coordinator reads the review overview, records a meeting and adopts proposed
decisions in a real browser; axe-core checks every page on the way (the `page` fixture).

Selectors are names, ids and URLs: newly added strings may still show in English.
"""

import re

import pytest
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from applications.models import Proposal, Status
from applications.review.services import proposal_adopt
from tests.applications.review_helpers import assess, declare_conflict, in_review_like, meeting

pytestmark = pytest.mark.browser


REMAINING = re.compile(r"^\s*(-?[\d\s\u00a0]+) kr\s*$")


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_overview_meeting_and_adoption_within_the_allocation(
    transactional_db,
    page,
    live_server,
    seeded,
    in_review,
    review_round,
    reviewers,
    coordinator,
    applicant,
    axe_collector,
):
    big = in_review_like(in_review, applicant, coordinator, amount=6_100_000)
    assess(in_review, reviewers[0], category=1, scores={1: 4, 2: 3}, amount=100_000)
    assess(in_review, reviewers[1], category=3, scores={1: 5}, amount=140_000)
    declare_conflict(big, reviewers[1])
    review_meeting = meeting(review_round, coordinator, reviewers)
    proposal_adopt(
        meeting=review_meeting,
        application=big,
        user=coordinator,
        amount=6_100_000,
        motivation="Länsövergripande.",
    )

    _log_in(page, "samordnare@jamtland.demo")
    page.goto("/lan/jamtland/beredning/oversikt/?omrade=4")
    expect(page.locator("table.review-overview-table")).to_contain_text(in_review.case_number)
    expect(page.locator("table.review-overview-table")).to_contain_text("6 100 000 kr")

    page.locator(f"a[href='/lan/jamtland/beredning/moten/{review_meeting.pk}/']").click()
    page.wait_for_url(re.compile(rf"/beredning/moten/{review_meeting.pk}/$"))
    amount = page.locator(f"input[name='p{in_review.pk}-amount']")
    expect(amount).to_have_value("100000")  # the recommended amount
    output = page.locator("#area-4").locator("xpath=..").locator("[data-remaining-after]")
    expect(output).to_have_text("-9 191 kr")  # 90 809 − 100 000
    amount.fill("50 000")
    expect(output).to_have_text("40 809 kr")  # updated while typing

    # Beyond the allocation: refused next to the row, typed values kept, nothing saved.
    amount.fill("150 000")
    page.locator(f"textarea[name='p{in_review.pk}-motivation']").fill("Lokal insats.")
    page.locator(f"form[action$='/forslag/{in_review.pk}/'] button[type=submit]").click()
    error = page.locator(f"#proposal-error-{in_review.pk}")
    expect(error).to_contain_text("59 191 kr")
    expect(amount).to_have_value("150 000")
    assert Proposal.objects.count() == 1

    # Within it: adopted.
    amount.fill("90 809")
    page.locator(f"form[action$='/forslag/{in_review.pk}/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/beredning/moten/{review_meeting.pk}/#arende-{in_review.pk}$"))
    expect(page.locator(f"#arende-{in_review.pk}")).to_contain_text("90 809 kr")
    in_review.refresh_from_db()
    assert in_review.status == Status.PROPOSED

    assert any("/beredning/oversikt/" in url for url in axe_collector.urls())
