"""Every figure of Jämtland year over year, to the krona (see trends_data), its page, chart,
downloads and who may see it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from allocations.trends.selectors import county_trends
from tests.allocations.trends.trends_data import build_history

pytestmark = pytest.mark.django_db

TOTALS = {
    2024: [10_000_000, 420_000, 350_000, 250_000, 200_000, 50_000],
    2025: [12_697_775, 280_000, 260_000, 200_000, 75_000, 0],
    2026: [0, 310_000, 0, 0, 0, 0],
}


@pytest.fixture
def history(jamtland):
    return build_history(jamtland)


def test_every_figure_per_year_to_the_krona(history):
    trends = county_trends(county=history.county)
    assert {year.year: year.figures.values() for year in trends.years} == TOTALS


def test_the_focus_areas_are_matched_over_the_years_by_short_name(history):
    trends = county_trends(county=history.county)
    rows = {row.name: {y.year: y.figures.values() for y in row.years} for row in trends.rows}
    assert rows["Suicidprevention"] == {
        2024: [6_000_000, 300_000, 250_000, 250_000, 200_000, 50_000],
        2025: [6_290_809, 280_000, 260_000, 200_000, 75_000, 0],
        2026: [0, 310_000, 0, 0, 0, 0],
    }
    assert rows["Genomförande av strategin"][2024] == [4_000_000, 120_000, 100_000, 0, 0, 0]
    assert rows["Genomförande av strategin"][2025] == [3_900_000, 0, 0, 0, 0, 0]
    assert [row.name for row in trends.rows][0] == "Genomförande av strategin"


def test_the_page_shows_the_figures_the_chart_and_the_interventions(history, login):
    client = login("samordnare@jamtland.demo")
    response = client.get(reverse("allocations:county_trends", args=["jamtland"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alla belopp år för år" in page
    assert "12 697 775 kr" in page and "420 000 kr" in page
    assert '<title id="trend-chart-title">' in page
    assert 'id="trend-2024-decided" data-amount="250000"' in page
    assert "Insatser över flera år" in page
    assert "Suicidprevention i Östersund, år 3" in page


def test_the_figures_download_as_csv(history, login):
    client = login("forum@jamtland.demo")
    response = client.get(
        reverse("allocations:county_trends", args=["jamtland"]), {"format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Fokusområde",
        "År",
        "Tilldelat",
        "Sökt",
        "Föreslaget",
        "Beslutat",
        "Förbrukat",
        "Återbetalt",
    ]
    assert ["Totalt", "2024", "10000000", "420000", "350000", "250000", "200000", "50000"] in rows
    assert [
        "Suicidprevention",
        "2025",
        "6290809",
        "280000",
        "260000",
        "200000",
        "75000",
        "0",
    ] in rows


def test_the_interventions_download_as_xlsx(history, login):
    client = login("samordnare@jamtland.demo")
    response = client.get(
        reverse("allocations:county_trends", args=["jamtland"]),
        {"format": "xlsx", "table": "interventions"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Insats",
        "Organisation",
        "Beslutat 2024",
        "Förbrukat 2024",
        "Beslutat 2025",
        "Förbrukat 2025",
        "Beslutat 2026",
        "Förbrukat 2026",
    ]
    assert rows[1] == [
        "Suicidprevention i Östersund, år 3",
        "Östersunds kommun",
        250_000,
        200_000,
        200_000,
        75_000,
        0,
        0,
    ]
    assert len(rows) == 2


def test_an_applicant_of_the_county_is_refused_and_another_county_is_not_revealed(history, login):
    url = reverse("allocations:county_trends", args=["jamtland"])
    assert login("sokande@ostersund.demo").get(url).status_code == 403
    assert login("samordnare@vastmanland.demo").get(url).status_code == 404


def test_the_start_page_and_the_history_page_link_to_it(history, login):
    client = login("samordnare@jamtland.demo")
    url = reverse("allocations:county_trends", args=["jamtland"])
    overview = client.get(reverse("allocations:county_latest", args=["jamtland"]), follow=True)
    assert url in overview.content.decode()
    assert (
        url in client.get(reverse("allocations:county_history", args=["jamtland"])).content.decode()
    )
