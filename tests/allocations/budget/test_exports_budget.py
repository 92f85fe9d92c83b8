"""Every table of the budget pages downloads as CSV and XLSX; a large grants export runs as
a background job with its progress, through a real worker when REDIS_URL is set."""

import csv
import io
import os

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from allocations.budget import exports as tables
from allocations.budget.selectors.overview import county_budget
from allocations.models import County
from reporting.models import ExportJob, ExportState
from tests.allocations.budget.budget_data import build_year
from tests.services import need, wait_until

URL = reverse("allocations:budget", args=["jamtland", 2025])
GRANTS = reverse("allocations:budget_grants_export", args=["jamtland", 2025])


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # a byte-order mark, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def headers(columns) -> list[str]:
    return [str(column.header) for column in columns]


@pytest.mark.django_db
def test_the_budget_table_downloads_with_numbers_as_numbers(login, jamtland, seeded):
    build_year(jamtland, seeded, grants=30)
    client = login("samordnare@jamtland.demo")
    budget = county_budget(county=jamtland, agreement=seeded)
    rows = csv_rows(client.get(URL, {"format": "csv"}))
    assert rows[0] == headers(tables.BUDGET_COLUMNS)  # in the page's language (Swedish)
    assert rows[-1][3] == str(budget.total.allocated) == "12697775"
    sheet = xlsx_rows(client.get(URL, {"format": "xlsx"}))
    assert list(sheet[0]) == headers(tables.BUDGET_COLUMNS)
    assert sheet[-1][3] == 12_697_775 and isinstance(sheet[-1][3], int)
    decided_column = 3 + list(tables.COLUMNS).index("decided")
    assert sheet[-1][decided_column] == budget.total.decided


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, params",
    [
        (URL, {"table": "reallocations"}),
        (URL, {"table": "corrections"}),
        (reverse("allocations:budget_actors", args=["jamtland", 2025]), {"table": "handling"}),
        (reverse("allocations:budget_actors", args=["jamtland", 2025]), {"table": "responsible"}),
        (reverse("allocations:budget_cell", args=["jamtland", 2025, "beslutat", 4]), {}),
        (reverse("allocations:budget_cell", args=["jamtland", 2025, "kvar"]), {}),
        (reverse("allocations:budget_cell", args=["jamtland", 2025, "forbrukat", 1, 0]), {}),
    ],
)
def test_every_table_downloads(login, jamtland, seeded, url, params):
    build_year(jamtland, seeded, grants=30)
    client = login("samordnare@jamtland.demo")
    for format in ("csv", "xlsx"):
        response = client.get(url, {**params, "format": format})
        assert response.status_code == 200, (url, params, format)
        assert "attachment" in response["Content-Disposition"]
    assert len(csv_rows(client.get(url, {**params, "format": "csv"}))) > 1
    assert client.get(url, {**params, "format": "pdf"}).status_code == 404


@pytest.mark.django_db
def test_the_lines_of_a_figure_download_with_their_total(login, jamtland, seeded):
    build_year(jamtland, seeded, grants=30)
    budget = county_budget(county=jamtland, agreement=seeded)
    client = login("samordnare@jamtland.demo")
    url = reverse("allocations:budget_cell", args=["jamtland", 2025, "beslutat"])
    sheet = xlsx_rows(client.get(url, {"format": "xlsx"}))
    assert list(sheet[0]) == headers(tables.LINE_COLUMNS)
    assert sum(row[-1] for row in sheet[1:]) == budget.total.decided


@pytest.mark.django_db
def test_a_few_grants_download_at_once(login, jamtland, seeded, settings):
    settings.LANSMEDEL_EXPORT_BACKGROUND_ROWS = 1000
    year = build_year(jamtland, seeded, grants=30)
    client = login("samordnare@jamtland.demo")
    response = client.post(GRANTS, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = xlsx_rows(response)
    assert list(sheet[0]) == headers(tables.GRANT_COLUMNS)
    assert len(sheet) == len(year.grants) + 1
    assert not ExportJob.objects.exists()
    assert client.get(GRANTS).status_code == 405


@pytest.mark.django_db
def test_only_budget_readers_export(login, jamtland, seeded):
    assert login("beredning1@jamtland.demo").post(GRANTS, {"format": "csv"}).status_code == 403


@pytest.mark.services
def test_many_grants_export_in_the_background_with_progress(
    celery_worker_if_broker, login, client, jamtland, seeded, settings
):
    if os.environ.get("REQUIRE_SERVICES"):
        need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    settings.LANSMEDEL_EXPORT_BACKGROUND_ROWS = 50
    year = build_year(jamtland, seeded, grants=300)
    coordinator = login("samordnare@jamtland.demo")
    response = coordinator.post(GRANTS, {"format": "csv"})
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"].startswith(reverse("reporting:export_job", args=[job.pk]))
    page = coordinator.get(response["Location"]).content.decode()
    assert "<progress" in page and "js/export-progress.js" in page

    def finished() -> bool:
        job.refresh_from_db()
        return job.is_finished

    wait_until(finished, seconds=60)
    assert job.state == ExportState.DONE, job.error
    assert job.progress == 100 and job.rows == len(year.grants)
    status = coordinator.get(reverse("reporting:export_status", args=[job.pk])).json()
    assert status["finished"] and status["progress"] == 100
    assert status["download_url"] == reverse("reporting:export_download", args=[job.pk])
    download = coordinator.get(status["download_url"])
    rows = list(
        csv.reader(io.StringIO(b"".join(download.streaming_content).decode()[1:]), delimiter=";")
    )
    assert len(rows) == len(year.grants) + 1
    # Nobody else sees the job.
    client.logout()
    other = login("forum@jamtland.demo")
    assert other.get(reverse("reporting:export_job", args=[job.pk])).status_code == 404
    assert other.get(status["download_url"]).status_code == 404
