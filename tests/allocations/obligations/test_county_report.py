"""The county report of the reports back: per focus area, on the page, as PDF and XLSX,
for the coordinator and the forum only, in a fixed number of queries."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from allocations.models import County, GrantReport, GrantReportLine, ReportState
from applications.models import Grant
from tests.allocations.budget.budget_data import build_year

pytestmark = pytest.mark.django_db

ARGS = ["jamtland", 2025]
URL = reverse("allocations:county_report", args=ARGS)


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=email))
    return client


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


def reported(jamtland, seeded, grants: int, seed: int) -> Grant:
    """A year, with one accepted report stating its texts and money."""
    build_year(jamtland, seeded, grants=grants, seed=seed)
    grant = Grant.objects.filter(county=jamtland, replaced_by=None, reports=None).last()
    report = GrantReport.objects.create(
        grant=grant,
        state=ReportState.ACCEPTED,
        implementation="Utbildning i suicidprevention",
        results="Effekt REPORT_MARKER",
        actors="Kommun och region",
    )
    sub_area = grant.focus_area.sub_areas.first()
    GrantReportLine.objects.create(report=report, sub_area=sub_area, amount=7_000)
    GrantReportLine.objects.create(report=report, sub_area=None, amount=3_000, comment="=SUM(A1)")
    return grant


def test_the_page_shows_every_grant_with_its_report(jamtland, seeded):
    grant = reported(jamtland, seeded, grants=12, seed=1)
    page = client_for("forum@jamtland.demo").get(URL).content.decode()
    assert "REPORT_MARKER" in page and grant.title in page
    assert "10 000" in page  # the report's used total


def test_pdf_and_xlsx(jamtland, seeded):
    grant = reported(jamtland, seeded, grants=12, seed=1)
    client = client_for("samordnare@jamtland.demo")
    pdf = client.get(reverse("allocations:county_report_pdf", args=ARGS))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    xlsx = client.get(reverse("allocations:county_report_xlsx", args=ARGS))
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    grants, lines = book.worksheets
    row = next(r for r in grants.iter_rows(min_row=2, values_only=True) if r[1] == grant.title)
    assert row[3] == grant.amount and row[6] == 10_000  # numbers stay numbers
    amounts = [r[3] for r in lines.iter_rows(min_row=2, values_only=True) if r[1] == grant.title]
    assert sorted(amounts) == [3_000, 7_000]
    cells = [row[4] for row in lines.iter_rows(min_row=2)]
    formula_like = next(cell for cell in cells if cell.value == "=SUM(A1)")
    assert formula_like.data_type == "s"  # shown as written, never run as a formula


def test_only_coordinator_and_forum_of_the_county(jamtland, seeded):
    for name in ("county_report", "county_report_pdf", "county_report_xlsx"):
        url = reverse(f"allocations:{name}", args=ARGS)
        assert client_for("beredning1@jamtland.demo").get(url).status_code == 403
        assert client_for("sokande@ostersund.demo").get(url).status_code == 403
        assert client_for("samordnare@vastmanland.demo").get(url).status_code == 404


def test_fixed_number_of_queries(jamtland, seeded):
    client = client_for("samordnare@jamtland.demo")
    reported(jamtland, seeded, grants=10, seed=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    reported(jamtland, seeded, grants=60, seed=2)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL).status_code == 200
    assert len(small) == len(large)
