"""Repayment: to repay = granted − used, grant by grant and per focus area, in whole kronor;
what the county repaid, and the page's access, input and query count."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocations.budget.selectors.overview import county_budget
from allocations.models import (
    County,
    FocusArea,
    GrantReport,
    GrantReportLine,
    GrantUsage,
    Repayment,
    ReportState,
    Requisition,
    UsageKind,
)
from allocations.obligations.selectors.repayment import repayment_overview
from allocations.obligations.services.repayment import repayment_record
from allocations.obligations.services.requisition import ObligationRefused
from applications.models import Grant
from tests.allocations.budget.budget_data import build_year

pytestmark = pytest.mark.django_db

URL = reverse("allocations:repayment", args=["jamtland", 2025])


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=email))
    return client


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


@pytest.fixture
def year(jamtland, seeded):
    return build_year(jamtland, seeded, grants=30)


def test_to_repay_is_granted_less_used_and_the_sums_reconcile(year, jamtland, seeded):
    # One accepted report states its money per sub-area: that is what was used.
    grant = Grant.objects.filter(county=jamtland, replaced_by=None, reports=None).first()
    report = GrantReport.objects.create(grant=grant, state=ReportState.ACCEPTED)
    GrantReportLine.objects.create(report=report, sub_area=None, amount=grant.amount - 1_234)
    GrantUsage.objects.create(
        grant=grant, kind=UsageKind.USED, amount=1, occurred_on=datetime.date(2025, 9, 1)
    )
    overview = repayment_overview(county=jamtland, agreement=seeded)
    rows = {g.grant.pk: g for a in overview.areas for g in a.grants}
    assert rows[grant.pk].used == grant.amount - 1_234 and not rows[grant.pk].preliminary
    assert rows[grant.pk].to_repay == 1_234
    for area in overview.areas:
        assert area.to_repay == sum(g.granted - g.used for g in area.grants if g.used <= g.granted)
        assert area.granted == sum(g.granted for g in area.grants)
        assert area.remaining == area.to_repay - area.repaid
        assert all(isinstance(v, int) for v in (area.granted, area.used, area.to_repay))
    assert overview.to_repay == sum(a.to_repay for a in overview.areas)
    # The settled part is exactly the budget's "to repay" column.
    budget = county_budget(county=jamtland, agreement=seeded)
    by_area = {a.focus_area.pk: a.row.figures.to_repay for a in budget.areas}
    for area in overview.areas:
        assert area.to_repay_settled == by_area.get(area.focus_area.pk, 0)


def test_before_acceptance_the_usage_counts_as_preliminary(year, jamtland, seeded):
    grant = Grant.objects.filter(county=jamtland, replaced_by=None, reports=None).first()
    GrantUsage.objects.filter(grant=grant).delete()
    GrantUsage.objects.create(
        grant=grant, kind=UsageKind.INVOICED, amount=500, occurred_on=datetime.date(2025, 9, 1)
    )
    overview = repayment_overview(county=jamtland, agreement=seeded)
    row = next(g for a in overview.areas for g in a.grants if g.grant.pk == grant.pk)
    assert row.preliminary and row.used == 500 and row.to_repay == grant.amount - 500


def test_repayments_are_recorded_per_area_and_never_exceed_the_requisition(year, jamtland, seeded):
    area = FocusArea.objects.get(agreement=seeded, number=4)
    requisitioned = sum(
        r.amount for r in Requisition.objects.filter(county=jamtland, focus_area=area)
    )
    repaid = sum(r.amount for r in Repayment.objects.filter(county=jamtland, focus_area=area))
    coordinator = get_user_model().objects.get(username="samordnare@jamtland.demo")
    with pytest.raises(ObligationRefused):
        repayment_record(
            county=jamtland,
            focus_area=area,
            amount=requisitioned - repaid + 1,
            repaid_on=datetime.date(2026, 3, 20),
            by=coordinator,
        )
    client = client_for("samordnare@jamtland.demo")
    data = {"focus_area": str(area.pk), "amount": "12 345", "repaid_on": "2026-03-20"}
    assert client.post(URL, data).status_code == 302
    latest = Repayment.objects.filter(county=jamtland, focus_area=area).latest("pk")
    assert (latest.amount, latest.recorded_by) == (12_345, coordinator)
    page = client.get(URL).content.decode()
    assert "2026-03-31" in page  # the agreement's repayment deadline


def test_bad_input_is_shown_next_to_the_field(year, jamtland, seeded):
    client = client_for("samordnare@jamtland.demo")
    area = FocusArea.objects.get(agreement=seeded, number=4)
    for amount in ("tolv", "-5", "0", "1,5", str(10**15)):
        data = {"focus_area": str(area.pk), "amount": amount, "repaid_on": "2026-03-20"}
        response = client.post(URL, data)
        assert response.status_code == 200, amount
        page = response.content.decode()
        assert "is-invalid" in page and f'value="{amount}"' in page, amount
    response = client.post(URL, {"focus_area": "99999999999999999999", "amount": "1"})
    assert response.status_code == 200


def test_only_the_countys_coordinator_reaches_the_page(seeded):
    assert client_for("samordnare@jamtland.demo").get(URL).status_code == 200
    assert client_for("forum@jamtland.demo").get(URL).status_code == 403
    assert client_for("sokande@ostersund.demo").get(URL).status_code == 403
    assert client_for("samordnare@vastmanland.demo").get(URL).status_code == 404


def test_the_page_makes_the_same_queries_at_two_sizes(jamtland, seeded):
    client = client_for("samordnare@jamtland.demo")
    build_year(jamtland, seeded, grants=10, seed=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    build_year(jamtland, seeded, grants=60, seed=2)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(small) == len(large)
