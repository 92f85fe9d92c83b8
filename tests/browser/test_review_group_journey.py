"""The review group's whole journey in a real browser: two members assess, one declares a
conflict of interest (jäv), the group adopts proposed decisions within the allocation.

Only what precedes the review is made through the services (two submitted applications from
Jämtland in an open call). Every step a person takes after that is a page in Chromium: the
coordinator's formal checks and review round, both members' declarations and assessments,
the refusals a conflicted member meets, the overview, the meeting, the adoptions and the
proposal PDF. axe-core checks every page on the way (the `page` fixture), the 403 pages too.

Selectors are ids, names and URLs; texts are the Swedish catalogue's (locale/sv).

After a click whose result is only checked with `expect` (which does not wait for the load
event), `settle(page)` lets axe finish before the next navigation: a page whose load event
fires after the axe guard has let the next navigation through is never reported on, and its
orphaned run holds the navigation after that for the guard's full 15 s.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from allocations.agreements.services import DEMO_PASSWORD
from allocations.models import Organisation
from applications.applying.services import application_submit
from applications.models import (
    Application,
    Assessment,
    BudgetLine,
    ConflictDeclaration,
    CostKind,
    Proposal,
    ReviewMeeting,
    ReviewRound,
    Status,
)
from tests import fixtures as application_fixtures
from tests.browser.axe import settle

pytestmark = pytest.mark.browser


COORDINATOR = "samordnare@jamtland.demo"
MEMBER_1 = "beredning1@jamtland.demo"
MEMBER_2 = "beredning2@jamtland.demo"
KFJH_APPLICANT = "sokande@kfjh.demo"
REVIEW = "/lan/jamtland/beredning/"
HOME = re.compile(r"^https?://[^/]+/$")


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.locator('input[name="username"]').fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(HOME)  # the start page, not the log-in page (which also ends in "/")


def _log_out(page) -> None:
    # Dropping the session cookie leaves no navigation in flight when the next log-in starts.
    settle(page)
    page.context.clear_cookies()


def _submitted_kfjh_application(call) -> Application:
    """Application B: Kommunförbundet Jämtland Härjedalen, focus area 4, 200 000 kr."""
    user = get_user_model().objects.get(username=KFJH_APPLICANT)
    fields = application_fixtures.complete_fields(call) | {
        "contact_name": "Karin Karlsson",
        "contact_email": "karin@kfjh.se",
        "title": "Länsgemensam utbildning i suicidprevention",
        "description": "Utbildning för kommunernas personal i hela länet.",
        "amount_requested": 200_000,
    }
    application = Application.objects.create(
        county=call.county,
        call=call,
        organisation=Organisation.objects.get(name="Kommunförbundet Jämtland Härjedalen"),
        created_by=user,
        **fields,
    )
    BudgetLine.objects.create(application=application, cost_kind=CostKind.SALARIES, amount=120_000)
    BudgetLine.objects.create(application=application, cost_kind=CostKind.ACTIVITIES, amount=80_000)
    return application_submit(application=application, user=user)


def _formal_check_passed(page, application: Application) -> None:
    detail = f"/ansokningar/{application.pk}/"
    page.goto(detail)
    page.locator("input[name='check-outcome'][value='passed']").check()
    page.locator(f"form[action='{detail}formell-kontroll/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"{detail}$"))
    expect(page.locator(".formal-check-outcome")).to_be_visible()


def _declare_no_conflict(page, application: Application) -> None:
    """From the member's review list: open the application, declare no conflict."""
    page.goto(REVIEW)
    page.locator(f".review-tasks a[href='/beredning/ansokningar/{application.pk}/']").click()
    expect(page.locator(".declaration-facts")).to_contain_text(application.case_number)
    expect(page.locator(".application-content")).to_have_count(0)  # not before declaring
    settle(page)
    page.locator("input[name='jav-has_conflict'][value='no']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".application-content")).to_contain_text(application.description)
    settle(page)


def _assess(
    page,
    *,
    answers: dict[int, str],
    scores: dict[int, str],
    category: int,
    recommendation: str,
    amount: str,
    motivation: str,
) -> None:
    """Answer each criterion (by rank), score some, recommend and submit."""
    expect(page.locator("fieldset.criterion")).to_have_count(len(answers))
    for rank, met in answers.items():
        criterion = page.locator(f"fieldset.criterion[data-rank='{rank}']")
        criterion.locator(f"input[type=radio][value='{met}']").check()
        if rank in scores:
            criterion.locator("select").select_option(scores[rank])
    expect(page.locator("#summary-category")).to_have_text(re.compile(rf"^{category} – "))
    form = page.locator("#assessment-form")
    form.locator(f"input[name='recommendation'][value='{recommendation}']").check()
    form.locator("input[name='recommended_amount']").fill(amount)
    form.locator("textarea[name='motivation']").fill(motivation)
    form.locator("button[name='submit']").click()
    expect(page.locator("#assessment-form")).to_have_count(0)  # submitted: no longer editable
    expect(page.locator(".group-assessments")).to_contain_text(motivation)
    settle(page)


def _adopt(page, meeting_pk: int, application: Application, motivation: str) -> None:
    page.locator(f"textarea[name='p{application.pk}-motivation']").fill(motivation)
    page.locator(f"form[action$='/forslag/{application.pk}/'] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/beredning/moten/{meeting_pk}/#arende-{application.pk}$"))


def test_two_members_assess_one_declares_a_conflict_and_the_group_adopts(
    transactional_db,
    celery_worker_if_broker,
    page,
    live_server,
    complete_draft,
    applicant,
    axe_collector,
):
    users = get_user_model().objects
    member_1, member_2 = users.get(username=MEMBER_1), users.get(username=MEMBER_2)
    a = application_submit(application=complete_draft, user=applicant)  # Östersund, 150 000
    b = _submitted_kfjh_application(a.call)  # the municipal federation, 200 000
    assert (a.status, b.status) == (Status.SUBMITTED, Status.SUBMITTED)

    # 1. The coordinator passes both formal checks and opens a round: everyone assesses all.
    _log_in(page, COORDINATOR)
    _formal_check_passed(page, a)
    _formal_check_passed(page, b)
    page.goto(REVIEW)
    page.locator(f"a[href='{REVIEW}omgangar/ny/']").click()
    page.locator("select[name='call']").select_option(str(a.call_id))
    page.locator(f"input[name='members'][value='{member_1.pk}']").check()
    page.locator(f"input[name='members'][value='{member_2.pk}']").check()
    expect(page.locator("input[name='assess_all']")).to_be_checked()
    page.locator("input[name='due_date']").fill("2025-03-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beredning/omgangar/(\d+)/$"))
    review_round = ReviewRound.objects.get()
    assert set(review_round.members.all()) == {member_1, member_2}
    assert review_round.assess_all
    round_table = page.locator(".round-table")
    expect(round_table).to_contain_text(a.case_number)
    expect(round_table).to_contain_text(b.case_number)
    expect(round_table.locator(".status-in_review")).to_have_count(2)
    _log_out(page)

    # 2. beredning1 declares no conflict on either, assesses both and submits.
    _log_in(page, MEMBER_1)
    page.locator(f"nav a[href='{REVIEW}']").click()
    expect(page.locator(".review-tasks .review-state-to_declare")).to_have_count(2)
    settle(page)
    _declare_no_conflict(page, a)
    _assess(
        page,
        answers={1: "yes", 2: "yes", 3: "partly", 4: "no"},
        scores={1: "4", 2: "5"},
        category=1,
        recommendation="approve",
        amount="150 000",
        motivation="Förankrad i kommunens folkhälsoplan.",
    )
    _declare_no_conflict(page, b)
    _assess(
        page,
        answers={1: "no", 2: "yes", 3: "yes", 4: "no"},
        scores={2: "3"},
        category=2,
        recommendation="approve_in_part",
        amount="180 000",
        motivation="Bred räckvidd, men kostnaden för lokaler är hög.",
    )
    page.goto(REVIEW)
    expect(page.locator(".review-tasks .review-state-submitted")).to_have_count(2)
    _log_out(page)

    # 3. beredning2 assesses A and only then sees beredning1's assessment of it ...
    _log_in(page, MEMBER_2)
    _declare_no_conflict(page, a)
    expect(page.locator(".group-assessments")).to_have_count(0)  # not before submitting
    _assess(
        page,
        answers={1: "partly", 2: "yes", 3: "no", 4: "no"},
        scores={1: "3"},
        category=2,
        recommendation="approve_in_part",
        amount="120 000",
        motivation="Rimlig plan; delvis bifall.",
    )
    group = page.locator(".group-assessments")
    expect(group.locator(".group-assessment")).to_have_count(2)
    expect(group).to_contain_text(MEMBER_1)
    expect(group).to_contain_text("Förankrad i kommunens folkhälsoplan.")

    # ... and declares a conflict of interest on B: no assessment, no group's assessments.
    page.goto(REVIEW)
    page.locator(f".review-tasks a[href='/beredning/ansokningar/{b.pk}/']").click()
    expect(page.locator(".declaration-facts")).to_contain_text(b.organisation.name)
    settle(page)
    page.locator("input[name='jav-has_conflict'][value='yes']").check()
    page.locator("textarea[name='jav-reason']").fill("Anställd hos Kommunförbundet.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"{REVIEW}$"))
    tasks = page.locator(".review-tasks")
    expect(tasks.locator(".review-state-conflict")).to_have_count(1)
    expect(tasks.locator(f"a[href='/beredning/ansokningar/{b.pk}/']")).to_have_count(0)
    response = page.goto(f"/beredning/ansokningar/{b.pk}/")
    assert response is not None and response.status == 403
    response = page.goto(f"/beredning/ansokningar/{b.pk}/bedomningar/")
    assert response is not None and response.status == 403
    _log_out(page)

    # 4. The coordinator reads the overview of focus area 4: both rows, the consensus.
    _log_in(page, COORDINATOR)
    page.goto(f"{REVIEW}oversikt/?omrade=4")
    overview = page.locator("table.review-overview-table")
    row_a, row_b = overview.locator(f"#arende-{a.pk}"), overview.locator(f"#arende-{b.pk}")
    expect(overview.locator("tbody tr")).to_have_count(2)
    expect(row_a).to_contain_text("Kategori 1")  # the lower median of 1 and 2
    expect(row_a).to_contain_text("120 000 kr")  # the lower median of the recommendations
    expect(row_a).not_to_contain_text("Jäv")
    expect(row_b).to_contain_text("Kategori 2")
    expect(row_b).to_contain_text("180 000 kr")
    expect(row_b.locator("td.member-entry", has_text="Jäv")).to_have_count(1)  # beredning2

    # 5. ... records a review meeting with both members present ...
    page.locator(f"section[aria-labelledby='meetings-heading'] a[href='{REVIEW}moten/ny/']").click()
    expect(page.locator("select[name='round']")).to_have_value(str(review_round.pk))
    settle(page)
    page.locator("input[name='held_on']").fill("2025-03-10")
    page.locator(f"input[name='attendees'][value='{member_1.pk}']").check()
    page.locator(f"input[name='attendees'][value='{member_2.pk}']").check()
    page.locator("form.meeting-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/beredning/moten/(\d+)/$"))
    meeting = ReviewMeeting.objects.get()
    assert set(meeting.attendees.all()) == {member_1, member_2}

    # ... and adopts both proposals, prefilled with the recommended amounts, within the
    # allocation of 6 190 809 kr.
    area = page.locator("section.meeting-area", has=page.locator("#area-4"))
    expect(page.locator(f"input[name='p{a.pk}-amount']")).to_have_value("120000")
    expect(page.locator(f"input[name='p{b.pk}-amount']")).to_have_value("180000")
    expect(area.locator("[data-remaining-after]")).to_have_text("5 890 809 kr")
    _adopt(page, meeting.pk, a, "Enligt gruppens rekommendation.")
    expect(page.locator(f"#arende-{a.pk}")).to_contain_text("Antaget: 120 000 kr")
    expect(page.locator(f"#arende-{a.pk}")).not_to_contain_text("Deltog inte på grund av jäv")
    _adopt(page, meeting.pk, b, "Länsövergripande insats.")
    adopted_b = page.locator(f"#arende-{b.pk}")
    expect(adopted_b).to_contain_text("Antaget: 180 000 kr")
    expect(adopted_b).to_contain_text(f"Deltog inte på grund av jäv: {MEMBER_2}")
    expect(area.locator("form.proposal-form")).to_have_count(0)
    figures = area.locator(".area-figures")
    expect(figures).to_contain_text("6 190 809 kr")  # the allocation
    expect(figures).to_contain_text("300 000 kr")  # proposed so far
    expect(figures).to_contain_text("5 890 809 kr")  # remaining

    # The proposal PDF of focus area 4 records who took no part because of jäv.
    pdf_link = page.locator(f"a[href='{REVIEW}moten/{meeting.pk}/forslag-4.pdf']")
    with page.expect_download() as download_info:
        pdf_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith("-omrade-4.pdf")
    with open(download.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert a.case_number in text and b.case_number in text
    assert (
        f"{MEMBER_2} deltog inte i beredningen av ärende {b.case_number} på grund av jäv." in text
    )
    assert text.count("deltog inte i beredningen") == 1  # only B, only beredning2
    assert MEMBER_1 in text  # present at the meeting

    # The overview and the round show both as proposed for decision.
    page.goto(f"{REVIEW}oversikt/?omrade=4")
    overview = page.locator("table.review-overview-table")
    expect(overview.locator(f"#arende-{a.pk} td.amount").last).to_have_text("120 000 kr")
    expect(overview.locator(f"#arende-{b.pk} td.amount").last).to_have_text("180 000 kr")
    expect(page.locator(".area-figures")).to_contain_text("300 000 kr")
    page.goto(f"{REVIEW}omgangar/{review_round.pk}/")
    expect(page.locator(".round-table .status-proposed")).to_have_count(2)
    settle(page)

    # 6. What the browser did is what the database holds.
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (Status.PROPOSED, Status.PROPOSED)
    assert Assessment.objects.filter(submitted_at__isnull=False).count() == 3
    assert Assessment.objects.count() == 3
    assert ConflictDeclaration.objects.count() == 4
    conflict = ConflictDeclaration.objects.get(has_conflict=True)
    assert (conflict.application, conflict.member) == (b, member_2)
    assert conflict.reason == "Anställd hos Kommunförbundet."
    assert list(Proposal.objects.get(application=b).excluded_members.all()) == [member_2]
    assert not Proposal.objects.get(application=a).excluded_members.exists()
    assert sum(Proposal.objects.values_list("amount", flat=True)) == 300_000
    assert any("/beredning/oversikt/" in url for url in axe_collector.urls())
    assert any("/bedomningar/" in url for url in axe_collector.urls())  # the 403 page too
