"""Every figure of a county year over year, per focus area and in total.

Focus areas of different years are one row when their short names (else names) match, as
on the history page (`allocations.history`). Each figure of a year and where it comes from:

- allocated: the county's allocation (`CountyAllocation`) plus what reallocations
  (`Reallocation`) moved into the area, less what they moved out of it, as on the budget
  page; a year known only by its stated total (`CountyYearTotal`) has that total and no
  amounts per area;
- applied: `Application.amount_requested` of the submitted applications (not drafts,
  withdrawn or ineligible ones);
- proposed: the review group's proposals (`Proposal.amount`) on applications not withdrawn;
- decided: `Decision.amount` of granting decisions (approved, approved in part) that no
  decided correction has replaced;
- used: per standing grant, what its accepted report back states as used
  (`GrantReportLine`), else what was invoiced or used on it (`GrantUsage`, with what was
  recorded on a grant a correction replaced) — see `applications.grants.selectors`;
- repaid: what the county repaid to Kammarkollegiet (`Repayment`).

A year is the agreement year of the focus area each record belongs to. Nine queries,
whatever the number of years, areas or records (`county_trends`).
"""

from dataclasses import dataclass, field, fields

from django.db.models import F, Min, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from allocations.models import County, CountyAllocation, CountyYearTotal, Reallocation, Repayment
from applications.grants.selectors import NOT_APPLIED, grant_use_rows
from applications.models import GRANTING, Application, Decision, Outcome, Proposal, Status

FIGURES = ("allocated", "applied", "proposed", "decided", "used", "repaid")


@dataclass
class YearFigures:
    allocated: int = 0
    applied: int = 0
    proposed: int = 0
    decided: int = 0
    used: int = 0
    repaid: int = 0

    def get(self, name: str) -> int:
        return getattr(self, name)

    def values(self) -> list[int]:
        return [self.get(name) for name in FIGURES]

    def add(self, other: "YearFigures") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass
class TrendYear:
    year: int
    figures: YearFigures = field(default_factory=YearFigures)
    total_only: bool = False  # the allocation is known only as a whole


@dataclass
class TrendRow:
    """One focus area (matched by name over the years): its figures per year."""

    name: str
    years: list[TrendYear]


@dataclass
class CountyTrends:
    county: County
    years: list[TrendYear]  # the totals
    rows: list[TrendRow]

    @property
    def year_numbers(self) -> list[int]:
        return [year.year for year in self.years]


def _row(prefix: str = "") -> Coalesce:
    return Coalesce(
        NullIf(f"{prefix}focus_area__short_name", Value("")), f"{prefix}focus_area__name"
    )


def _sums(queryset: QuerySet, amount: str, prefix: str = "") -> list[dict]:
    return list(
        queryset.annotate(
            trend_year=F(f"{prefix}focus_area__agreement__year"),
            trend_row=_row(prefix),
        )
        .order_by()
        .values("trend_year", "trend_row")
        .annotate(total=Sum(amount), number=Min(f"{prefix}focus_area__number"))
    )


def county_trends(*, county: County) -> CountyTrends:
    """The county's figures per focus area and year, and the totals per year."""
    moved_in = Reallocation.objects.filter(county=county)
    sources: list[tuple[str, list[dict], int]] = [
        ("allocated", _sums(CountyAllocation.objects.filter(county=county), "amount"), 1),
        ("allocated", _sums(moved_in, "amount", "to_"), 1),
        ("allocated", _sums(moved_in, "amount", "from_"), -1),
        (
            "applied",
            _sums(
                Application.objects.filter(county=county).exclude(status__in=NOT_APPLIED),
                "amount_requested",
            ),
            1,
        ),
        (
            "proposed",
            _sums(
                Proposal.objects.filter(application__county=county).exclude(
                    application__status=Status.WITHDRAWN
                ),
                "amount",
                "application__",
            ),
            1,
        ),
        (
            "decided",
            _sums(
                Decision.objects.filter(item__meeting__county=county, outcome__in=GRANTING).exclude(
                    corrected_by__outcome__in=[*GRANTING, Outcome.REJECTED]
                ),
                "amount",
            ),
            1,
        ),
        ("repaid", _sums(Repayment.objects.filter(county=county), "amount"), 1),
    ]
    used = [
        {"trend_year": g["year"], "trend_row": g["row"], "total": g["settled_used"]}
        for g in grant_use_rows(county=county)
        if g["current"]
    ]
    sources.append(("used", used, 1))
    stated = dict(
        CountyYearTotal.objects.filter(county=county).values_list("agreement__year", "amount")
    )

    grid: dict[str, dict[int, YearFigures]] = {}
    order: dict[str, int] = {}
    for name, rows, sign in sources:
        for row in rows:
            cells = grid.setdefault(row["trend_row"], {})
            figures = cells.setdefault(row["trend_year"], YearFigures())
            setattr(figures, name, figures.get(name) + sign * (row["total"] or 0))
            if row.get("number") is not None:
                number = order.get(row["trend_row"], row["number"])
                order[row["trend_row"]] = min(number, row["number"])
    area_years = {year for cells in grid.values() for year in cells}
    allocated_years = {year for cells in grid.values() for year, f in cells.items() if f.allocated}
    all_years = sorted(area_years | set(stated))

    totals = []
    for year in all_years:
        total = TrendYear(year)
        for cells in grid.values():
            if year in cells:
                total.figures.add(cells[year])
        if year in stated and year not in allocated_years:
            total.figures.allocated = stated[year]
            total.total_only = True
        totals.append(total)
    names = sorted(grid, key=lambda name: (order.get(name, 99), name))
    rows = [
        TrendRow(name, [TrendYear(y, grid[name].get(y, YearFigures())) for y in all_years])
        for name in names
    ]
    return CountyTrends(county, totals, rows)
