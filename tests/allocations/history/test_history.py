"""Year over year: earlier years as history, the comparison table and its page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from allocations.agreements.selectors import agreement_latest
from allocations.agreements.services import read_seed
from allocations.history.selectors import allocation_history
from allocations.history.services import HISTORY_SEEDS, HistoryLoadError, history_load
from allocations.models import Agreement, County, CountyAllocation, CountyYearTotal, FocusArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(agreement_2025):
    for name in HISTORY_SEEDS:
        history_load(data=read_seed(name))


def history_url(slug: str = "vastragotaland") -> str:
    return reverse("allocations:county_history", args=[slug])


def test_vg_totals_per_year(history):
    table = allocation_history(county=County.objects.get(slug="vastragotaland"))
    stated = [(y.year, y.stated_total) for y in table.years]
    assert stated == [(2023, 81_364_628), (2024, 106_679_943), (2025, None)]
    # The totals are the sums of the areas: VVG's 2024 areas add up to one krona more than
    # the "Totalt" it states, and the difference is shown, not hidden.
    sums = [(y.year, y.total) for y in table.years]
    assert sums == [(2023, 81_364_628), (2024, 106_679_944), (2025, 61_403_278)]
    assert [y.discrepancy for y in table.years] == [0, -1, 0]


def test_vg_change_from_2024_to_2025(history):
    table = allocation_history(county=County.objects.get(slug="vastragotaland"))
    y2024, y2025 = table.years[1], table.years[2]
    assert y2025.total - y2024.stated_total == -45_276_665  # by the stated 2024 total
    assert y2025.change == -45_276_666  # by the 2024 areas, as the table shows it
    assert y2024.change == 25_315_316


def test_vg_rows_line_up_by_short_name(history):
    table = allocation_history(county=County.objects.get(slug="vastragotaland"))
    rows = {row.name: [(c.amount, c.change) for c in row.cells] for row in table.rows}
    assert rows["Suicidprevention"] == [
        (33_424_098, None),
        (33_485_400, 61_302),
        (20_909_530, -12_575_870),
    ]
    assert rows["Samsjuklighet"] == [
        (20_876_447, None),
        (29_276_915, 8_400_468),
        (None, -29_276_915),
    ]
    assert rows["Barn och unga"] == [(None, None), (41_917_629, 41_917_629), (None, -41_917_629)]
    assert list(rows)[:4] == [
        "Brukarmedverkan",
        "Suicidprevention",
        "Ungdomsmottagningar",
        "Samsjuklighet",
    ]
    # The changes per row add up to the change of the total.
    assert sum(cells[2][1] for cells in rows.values()) == -45_276_666


def test_jamtlands_2024_is_a_total_only(history):
    table = allocation_history(county=County.objects.get(slug="jamtland"))
    assert [(y.year, y.total, y.total_only) for y in table.years] == [
        (2024, 13_302_905, True),
        (2025, 12_697_775, False),
    ]
    assert table.years[1].change == -605_130
    assert all(row.cells[0].amount is None and row.cells[1].change is None for row in table.rows)
    assert "605 130" in table.years[0].source_note


def test_loading_history_twice_changes_nothing(history):
    models = (Agreement, FocusArea, CountyAllocation, CountyYearTotal)
    counts = [m.objects.count() for m in models]
    call_command("load_history")
    assert counts == [m.objects.count() for m in models]
    assert Agreement.objects.get(year=2023).national_total is None
    assert agreement_latest().year == 2025
    assert FocusArea.objects.filter(agreement__year=2024, has_county_joint_funds=True).count() == 4


def test_history_needs_the_county_loaded_first(db):
    data = read_seed(HISTORY_SEEDS[0])
    data["county"] = "ett-lan-som-inte-finns"
    with pytest.raises(HistoryLoadError):
        history_load(data=data)


def test_the_page_shows_the_years_side_by_side(login, history):
    response = login("beredning1@vastragotaland.demo").get(history_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "81 364 628 kr",
        "106 679 944 kr",
        "61 403 278 kr",
        "-45 276 666 kr",
        "+25 315 316 kr",
        "106 679 943 kr",  # the stated total, in the note below the table
    ]:
        assert text in html
    assert 'id="note-2024"' in html
    assert "<caption>" in html
    assert 'class="amount" id="change-2025"' in html


def test_jamtlands_page_explains_the_total_only_year(login, history):
    html = login("sokande@ostersund.demo").get(history_url("jamtland")).content.decode()
    assert "13 302 905 kr" in html
    assert "-605 130 kr" in html
    assert 'id="note-2024"' in html


def test_the_page_runs_a_fixed_number_of_queries(login, history, django_assert_num_queries):
    client = login("samordnare@vastragotaland.demo")
    client.get(history_url())  # warm the session
    # session, user, memberships (navigation), county, allocations per year and row, totals
    with django_assert_num_queries(6):
        assert client.get(history_url()).status_code == 200
    client = login("samordnare@jamtland.demo")
    client.get(history_url("jamtland"))
    with django_assert_num_queries(6):
        assert client.get(history_url("jamtland")).status_code == 200


def test_another_countys_coordinator_gets_not_found(login, history):
    response = login("samordnare@jamtland.demo").get(history_url("vastragotaland"))
    assert response.status_code == 404


def test_the_county_overview_links_to_the_history(login):
    client = login("samordnare@jamtland.demo")
    html = client.get(reverse("allocations:county_overview", args=["jamtland", 2025])).content
    assert history_url("jamtland") in html.decode()


def test_without_history_the_page_shows_the_current_year(login):
    html = login("samordnare@dalarna.demo").get(history_url("dalarna")).content.decode()
    assert "16 979 356 kr" in html
