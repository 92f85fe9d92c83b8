"""Follow-up in a real browser: the recipient updates the grant's status and forecast and
submits the report back; the coordinator accepts it, closes the grant and reads the status
report, the repayment and the requisition pages. axe-core checks every page (the `page`
fixture)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from allocations.followup.services import grant_status_defaults_ensure
from allocations.models import County, GrantReport, Membership, ReportState, Role
from applications.models import Grant
from tests.allocations.budget.budget_data import build_year
from tests.browser.axe import settle

pytestmark = pytest.mark.browser

RECIPIENT = "sokande@ostersund.demo"
COORDINATOR = "samordnare@jamtland.demo"


def _log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture
def grant(seeded) -> Grant:
    jamtland = County.objects.get(slug="jamtland")
    grant_status_defaults_ensure(county=jamtland)
    build_year(jamtland, seeded, grants=6)
    grant = Grant.objects.filter(county=jamtland, replaced_by=None, reports=None).first()
    recipient = get_user_model().objects.get(username=RECIPIENT)
    organisation = Membership.objects.get(user=recipient, role=Role.APPLICANT).organisation
    Grant.objects.filter(pk=grant.pk).update(responsible_organisation=organisation)  # test data
    return Grant.objects.get(pk=grant.pk)


def test_the_recipient_reports_back_and_the_coordinator_closes_the_grant(
    transactional_db, page, live_server, seeded, grant, axe_collector
):
    _log_in(page, RECIPIENT)
    page.goto("/mina-bidrag/")
    page.get_by_role("link", name=re.compile(re.escape(grant.title[:30]))).first.click()
    settle(page)
    expect(page.locator("h1")).to_contain_text(grant.title[:30])

    page.goto(f"/bidrag/{grant.pk}/uppfoljning/")
    page.locator("#id_followup_status").select_option(
        label="Pågående, alla medel kommer att rekvireras"
    )
    page.locator("#id_forecast").fill(str(grant.amount))
    page.locator("#id_project_code").fill("Proj 4170")
    page.get_by_role("button", name="Spara uppföljningen").click()
    settle(page)
    grant.refresh_from_db()
    assert grant.followup_status.name == "Pågående, alla medel kommer att rekvireras"
    assert grant.project_code == "Proj 4170"

    page.goto(f"/bidrag/{grant.pk}/aterredovisning/")
    page.locator("#id_implementation").fill("Vi utbildade 40 personer i MHFA.")
    page.locator("#id_results").fill("Fler vågar fråga om suicid.")
    page.locator("#id_actors").fill("Kommunen och regionen, gemensam planering.")
    page.locator("input[name$='-amount']").last.fill(str(grant.amount - 50_000))
    page.locator("button[name=submit]").click()
    settle(page)
    report = GrantReport.objects.get(grant=grant)
    assert report.state == ReportState.SUBMITTED

    _log_in(page, COORDINATOR)
    page.goto(f"/bidrag/{grant.pk}/")
    page.goto(f"/bidrag/{grant.pk}/aterredovisning/")
    expect(page.get_by_text("Vi utbildade 40 personer i MHFA.")).to_be_visible()
    page.locator("input[name=decision][value=accept]").check()
    page.get_by_role("button", name="Registrera granskningen").click()
    settle(page)
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    page.get_by_role("button", name="Avsluta bidraget").first.click()
    settle(page)
    grant.refresh_from_db()
    assert grant.closed_at is not None

    page.goto(f"/bidrag/{grant.pk}/")
    expect(page.get_by_role("button", name=re.compile("Skapa akt"))).to_be_visible()
    page.goto("/lan/jamtland/statusrapport/2025/")
    expect(page.get_by_text("Proj 4170").first).to_be_visible()
    page.goto("/lan/jamtland/aterbetalning/2025/")
    expect(page.get_by_text("50 000 kr").first).to_be_visible()
    page.goto("/lan/jamtland/rekvisition/2025/")
    page.goto("/lan/jamtland/aterredovisning/2025/")
    page.goto("/lan/jamtland/uppfoljning/2025/")
