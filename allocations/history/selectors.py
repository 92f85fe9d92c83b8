"""A county's allocations year by year: years as columns, focus areas as rows."""

from dataclasses import dataclass

from django.db.models import F, Min, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from allocations.models import County, CountyAllocation, CountyYearTotal


@dataclass(frozen=True)
class HistoryCell:
    amount: int | None
    change: int | None  # from the previous year's column; None when it cannot be said


@dataclass(frozen=True)
class HistoryRow:
    name: str
    cells: list[HistoryCell]


@dataclass(frozen=True)
class HistoryYear:
    year: int
    total: int
    change: int | None
    total_only: bool  # known only as a whole, without the split per area
    previous_year: int | None = None
    stated_total: int | None = None  # as a source states it, beside the sum of the areas
    source_note: str = ""

    @property
    def discrepancy(self) -> int:
        """How much the stated total differs from the sum of the areas (0 when it matches)."""
        if self.stated_total is None or self.total_only:
            return 0
        return self.stated_total - self.total


@dataclass(frozen=True)
class AllocationHistory:
    county: County
    years: list[HistoryYear]
    rows: list[HistoryRow]


def allocation_history(*, county: County) -> AllocationHistory:
    """Every year the county has figures for, side by side, with the change from the year
    before in kronor, per area and in total.

    Two queries: the allocations summed in SQL per year and row, and the totals the sources
    state. Areas of different years are one row when their short names (else names) match.
    A year's total is the sum of its areas, so every column adds up; a stated total that
    differs is kept beside it (`discrepancy`). A year known only by its stated total has no
    amounts per area. An area missing in one of two years counts as 0 kr in the change, so
    the changes of the rows add up to the change of the total; next to a year known only as
    a whole, the change per area is unknown (None).
    """
    sums = (
        CountyAllocation.objects.filter(county=county)
        .annotate(
            year=F("focus_area__agreement__year"),
            row=Coalesce(NullIf("focus_area__short_name", Value("")), "focus_area__name"),
        )
        .values("year", "row")
        .annotate(amount=Sum("amount"), number=Min("focus_area__number"))
        .order_by("year", "number", "row")
    )
    stated_totals = {
        row["agreement__year"]: row
        for row in CountyYearTotal.objects.filter(county=county).values(
            "agreement__year", "amount", "source_note"
        )
    }
    grid: dict[str, dict[int, int]] = {}
    for row in sums:
        grid.setdefault(row["row"], {})[row["year"]] = row["amount"]
    area_years = {year for amounts in grid.values() for year in amounts}
    all_years = sorted(area_years | set(stated_totals))

    years: list[HistoryYear] = []
    for i, year in enumerate(all_years):
        stated = stated_totals.get(year, {})
        total_only = year not in area_years
        if total_only:
            total = stated["amount"]
        else:
            total = sum(amounts.get(year, 0) for amounts in grid.values())
        previous = years[i - 1] if i else None
        years.append(
            HistoryYear(
                year=year,
                total=total,
                change=total - previous.total if previous else None,
                total_only=total_only,
                previous_year=previous.year if previous else None,
                stated_total=stated.get("amount"),
                source_note=stated.get("source_note", ""),
            )
        )

    rows = []
    for name, amounts in grid.items():
        cells = []
        for i, year in enumerate(years):
            amount = amounts.get(year.year)
            change = None
            if i and not year.total_only and not years[i - 1].total_only:
                change = (amount or 0) - amounts.get(years[i - 1].year, 0)
            cells.append(HistoryCell(amount, change))
        rows.append(HistoryRow(name, cells))
    return AllocationHistory(county, years, rows)
