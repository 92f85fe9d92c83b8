"""The status report against Dalarna's September 2025 report (shared/seeds/003_*), loaded by
`load_followup_dalarna`: per-area totals, money at risk, the invoicing flag, the PDF and XLSX
carry the same figures, and who may read it."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from allocations.followup.selectors.status_report import status_report
from allocations.models import County, GrantUsage, UsageKind
from applications.models import DecisionMeeting, Grant
from reporting.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

# Areas 1, 3 and 4 as the document gives them; money at risk: every intervention whose
# status is "Ej tillsatt", "Oklart om alla medel förbrukas" or "Medlen kommer ej kunna
# förbrukas" (no forecasts, nothing invoiced): area 1 3 000 000, area 4 4 369 623.
AREA_TOTALS = {1: 4_000_000, 3: 5_409_733, 4: 7_569_623}
AT_RISK = {1: 3_000_000, 3: 0, 4: 4_369_623}
TOTAL, TOTAL_AT_RISK = 16_979_356, 7_369_623


@pytest.fixture
def dalarna(seeded) -> County:
    call_command("load_followup_dalarna", stdout=io.StringIO())
    return County.objects.get(slug="dalarna")


def _digits(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]", "", text)


def test_the_seed_is_the_documents_interventions_and_loads_once(dalarna, seeded):
    grants = Grant.objects.filter(county=dalarna)
    assert grants.count() == 24
    call_command("load_followup_dalarna", stdout=io.StringIO())
    assert grants.count() == 24
    assert DecisionMeeting.objects.filter(county=dalarna).count() == 1
    first = grants.get(title="Projektledare för psykisk hälsa")
    assert first.project_code == "Proj 4170"
    assert first.followup_status.name == "Medlen kommer ej kunna förbrukas"
    assert "sade upp" in first.followup_comment or "säga upp" in first.followup_comment
    assert first.decision.sub_area.position == 1
    assert first.kind == "new"


def test_per_area_totals_and_money_at_risk(dalarna, seeded):
    report = status_report(county=dalarna, agreement=seeded)
    assert {a.focus_area.number: a.total for a in report.areas} == AREA_TOTALS
    assert {a.focus_area.number: a.at_risk for a in report.areas} == AT_RISK
    assert report.total == TOTAL
    assert report.at_risk == TOTAL_AT_RISK
    area1 = report.areas[0]
    assert [g.total for g in area1.groups] == [2_000_000, 1_000_000, 1_000_000]
    assert {a.focus_area.number: a.allocation for a in report.areas} == AREA_TOTALS


def test_a_forecast_decides_the_money_at_risk(dalarna, seeded):
    grant = Grant.objects.get(county=dalarna, title="Stöd till kommuner, suicidpreventivt arbete")
    grant.forecast = 1_500_000
    grant.save(update_fields=["forecast"])
    report = status_report(county=dalarna, agreement=seeded)
    assert report.areas[2].at_risk == 4_369_623 - 1_939_623 + 439_623


def test_after_the_invoicing_deadline_what_is_not_invoiced_is_flagged(dalarna, seeded):
    Deadline.objects.create(
        county=dalarna,
        agreement=seeded,
        kind=DeadlineKind.INVOICING,
        title="Fakturering",
        due_on=datetime.date(2025, 8, 30),
    )
    done = Grant.objects.get(county=dalarna, title="Suicidpreventionssamordnaren")
    GrantUsage.objects.create(
        grant=done, kind=UsageKind.INVOICED, amount=850_000, occurred_on=datetime.date(2025, 6, 1)
    )
    before = status_report(county=dalarna, agreement=seeded, today=datetime.date(2025, 8, 30))
    assert before.flagged_rows == []
    after = status_report(county=dalarna, agreement=seeded, today=datetime.date(2025, 8, 31))
    assert len(after.flagged_rows) == 23
    assert after.flagged == TOTAL - 850_000


def test_the_page_pdf_and_xlsx_show_the_figures(dalarna, login, settings):
    client = login("samordnare@dalarna.demo")
    url = reverse("allocations:status_report", args=["dalarna", 2025])
    page = client.get(url)
    assert page.status_code == 200
    text = _digits(page.content.decode())
    for figure in (*AREA_TOTALS.values(), TOTAL_AT_RISK, 3_000_000, 4_369_623):
        assert f"{figure}kr" in text
    assert "Proj4170" in text

    pdf = client.get(reverse("allocations:status_report_pdf", args=["dalarna", 2025]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    reader = PdfReader(io.BytesIO(content))
    pdf_text = _digits("\n".join(p.extract_text() for p in reader.pages))
    for figure in (*AREA_TOTALS.values(), TOTAL_AT_RISK):
        assert f"{figure}kr" in pdf_text
    assert re.search(r"(?:Page|Sida)1(?:of|av)\d+", pdf_text)

    xlsx = client.get(reverse("allocations:status_report_xlsx", args=["dalarna", 2025]))
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 24 + 3  # the interventions and a total per area
    assert all(isinstance(r[5], int) for r in rows)
    assert sum(r[5] for r in rows if r[6]) == TOTAL  # the interventions (they have a status)
    summary = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[4]) for r in summary[:-1]] == [
        (n, AREA_TOTALS[n], AT_RISK[n]) for n in (1, 3, 4)
    ]
    assert summary[-1][3:5] == (TOTAL, TOTAL_AT_RISK)


@pytest.mark.parametrize(
    ("email", "status"),
    [
        ("forum@dalarna.demo", 200),
        ("beredning1@dalarna.demo", 403),
        ("sokande@rss-dalarna.demo", 403),
        ("samordnare@jamtland.demo", 404),
    ],
)
def test_only_the_countys_coordinator_and_forum_read_it(dalarna, login, email, status):
    client = login(email)
    for name in ("status_report", "status_report_xlsx", "grants"):
        response = client.get(reverse(f"allocations:{name}", args=["dalarna", 2025]))
        assert response.status_code == status, name


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_report_and_list_run_a_fixed_number_of_queries(seeded, login):
    client = login("samordnare@dalarna.demo")
    report_url = reverse("allocations:status_report", args=["dalarna", 2025])
    list_url = reverse("allocations:grants", args=["dalarna", 2025])
    none = _queries(client, report_url), _queries(client, list_url)
    call_command("load_followup_dalarna", stdout=io.StringIO())
    dalarna = County.objects.get(slug="dalarna")
    assert (_queries(client, report_url), _queries(client, list_url)) == none
    for grant in Grant.objects.filter(county=dalarna)[:10]:
        GrantUsage.objects.create(
            grant=grant, kind=UsageKind.USED, amount=1_000, occurred_on=datetime.date(2025, 5, 2)
        )
        grant.forecast = grant.amount
        grant.save(update_fields=["forecast"])
    Grant.objects.filter(county=dalarna).update(followup_status=None)
    assert (_queries(client, report_url), _queries(client, list_url)) == none
