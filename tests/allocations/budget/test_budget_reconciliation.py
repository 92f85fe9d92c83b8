"""The budget view's columns reconcile to the krona on generated data with hundreds of
grants, every figure equals the lines behind it, and the query count does not grow."""

from collections import defaultdict

import pytest
from django.db.models import Sum

from allocations.budget.selectors.lines import Scope, budget_cell_lines
from allocations.budget.selectors.overview import COLUMNS, REST, county_budget, effective_allocation
from allocations.models import County, CountyAllocation
from applications.decisions.services.rulings import decided_sum
from applications.models import Grant, MeetingState
from tests.allocations.budget.budget_data import MOVED, build_year

pytestmark = pytest.mark.django_db

SUMMED = [c for c in COLUMNS if c not in {"allocated", "remaining", "requisitioned", "repaid"}]


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


@pytest.fixture
def year(jamtland, seeded):
    return build_year(jamtland, seeded, grants=300)


def test_the_columns_of_a_county_reconcile(year, jamtland, seeded):
    budget = county_budget(county=jamtland, agreement=seeded)
    assert len(year.grants) > 300
    stated = CountyAllocation.objects.filter(county=jamtland).aggregate(t=Sum("amount"))["t"]
    assert stated == 12_697_775
    # Reallocations move money between areas; the county's total does not change.
    assert budget.total.allocated == stated
    assert sum(a.row.figures.allocated for a in budget.areas) == stated
    for area in budget.areas:
        f = area.row.figures
        assert f.decided + f.remaining == f.allocated
        assert f.allocated == effective_allocation(
            county_id=jamtland.pk, focus_area_id=area.focus_area.pk
        )
        assert f.decided == decided_sum(county_id=jamtland.pk, focus_area_id=area.focus_area.pk)
        assert f.remaining >= 0  # the generated year stays within its allocations
        for column in SUMMED:
            assert f.get(column) == sum(r.figures.get(column) for r in area.sub_rows) or (
                not area.sub_rows
            ), (area.focus_area.number, column)
    for column in COLUMNS:
        assert budget.total.get(column) == sum(a.row.figures.get(column) for a in budget.areas)
    numbers = {a.focus_area.number: a for a in budget.areas}
    assert numbers[1].row.figures.allocated == 4_000_000 - MOVED
    assert numbers[4].row.figures.allocated == 6_190_809 + MOVED
    assert [m.amount for m in numbers[1].moves] == [-MOVED]
    assert numbers[1].moves[0].label == "§12 2025-05-02"


def test_decided_is_the_current_grants_and_the_open_meetings_lines(year, jamtland, seeded):
    budget = county_budget(county=jamtland, agreement=seeded)
    current = Grant.objects.filter(county=jamtland, replaced_by__isnull=True).aggregate(
        t=Sum("amount")
    )["t"]
    assert budget.open_decided == 25_000
    assert budget.total.decided == current + budget.open_decided
    # The pending correction in the open meeting changes nothing until it is decided.
    assert year.open_meeting.state == MeetingState.OPEN


def test_every_figure_is_the_sum_of_the_lines_behind_it(year, jamtland, seeded):
    budget = county_budget(county=jamtland, agreement=seeded)
    rows = [(Scope(), budget.total)]
    for area in budget.areas:
        rows.append((Scope(focus_area=area.focus_area), area.row.figures))
        for sub_row in area.sub_rows:
            scope = Scope(
                focus_area=area.focus_area, sub_area=sub_row.sub_area, rest=sub_row.is_rest
            )
            assert sub_row.sub_key == (REST if sub_row.is_rest else sub_row.sub_area.pk)
            rows.append((scope, sub_row.figures))
    checked = 0
    for scope, figures in rows:
        for column in COLUMNS:
            cell = budget_cell_lines(county=jamtland, agreement=seeded, column=column, scope=scope)
            figure = figures.get(column)
            if figure is None:
                assert not cell.recorded
                assert cell.lines == []
                continue
            assert cell.recorded
            assert cell.total == figure, (scope, column)
            checked += 1
    assert checked > 60


@pytest.mark.parametrize("grants", [30, 300])
def test_the_budget_takes_a_fixed_number_of_queries(
    grants, jamtland, seeded, django_assert_num_queries
):
    build_year(jamtland, seeded, grants=grants)
    with django_assert_num_queries(12):
        budget = county_budget(county=jamtland, agreement=seeded)
        assert budget.total.decided > 0


def test_the_follow_up_columns_agree_with_a_plain_count(year, jamtland, seeded):
    """Used, reported and to repay recomputed grant by grant from the rows themselves."""
    from allocations.models import GrantUsage, ReportState

    used, reported, to_repay = defaultdict(int), defaultdict(int), defaultdict(int)
    grants = {g.pk: g for g in Grant.objects.filter(county=jamtland)}
    usage = defaultdict(int)
    for u in GrantUsage.objects.all():
        usage[u.grant_id] += u.amount
        used[grants[u.grant_id].focus_area.number] += u.amount
    for g in grants.values():
        if g.replaced_by_id or not g.reports.filter(state=ReportState.ACCEPTED).exists():
            continue
        spent, link = usage[g.pk], g
        while True:  # the grants this one replaced, back to the first decision
            link = next((p for p in grants.values() if p.replaced_by_id == link.decision_id), None)
            if link is None:
                break
            spent += usage[link.pk]
        reported[g.focus_area.number] += g.amount
        to_repay[g.focus_area.number] += max(0, g.amount - spent)
    budget = county_budget(county=jamtland, agreement=seeded)
    for area in budget.areas:
        number, f = area.focus_area.number, area.row.figures
        assert (f.used, f.reported, f.to_repay) == (
            used[number],
            reported[number],
            to_repay[number],
        ), number
    assert budget.total.to_repay > 0 and budget.total.reported > budget.total.to_repay
