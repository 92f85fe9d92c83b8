"""The budget view: where every krona of a county's year stands, per focus area and sub-area.

The columns, and what each one counts (the page's legend says the same):

- allocated: the county's allocation in the area less what was moved out of it plus what
  was moved in by reallocations (`effective_allocation`); on a sub-area row, its earmarked
  amount.
- applied for: the amount applied for in submitted applications, not drafts, withdrawn or
  ineligible ones.
- proposed: the review group's proposed amounts, on applications not withdrawn.
- decided: the amounts of granting decisions (approved, approved in part) that no decided
  correction has replaced, in open and closed meetings alike: exactly what the decision
  guard counts (`applications.decisions.services.rulings.decided_sum`).
- requisitioned, repaid: what the county requisitioned from or repaid to Kammarkollegiet,
  recorded per focus area (no sub-area figures).
- invoiced/used: every amount invoiced or used on the year's grants.
- reported: the amounts of the current grants whose report back is accepted.
- to repay: for those settled grants, what was granted but not used (never below 0 per
  grant). "Used" is what the accepted report back states per sub-area
  (`GrantReportLine`); a report that states no amounts falls back on the invoiced/used
  amounts, where usages recorded on a grant that a correction replaced count for its
  successor. The repayment page (`obligations.selectors.repayment`) reads the same rows.
- remaining: allocated − decided. So decided + remaining = allocated on every area row,
  and the county's row is the sum of its areas.

Every read is one query whatever the number of lines (`county_budget` makes 12), and the
drill-down pages (`budget.selectors.lines`) filter the same querysets
(`budget.selectors.sources`), so a cell and the lines behind it always agree.
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from allocations.budget.selectors.chains import CorrectionChain, correction_chains
from allocations.budget.selectors.sources import (  # noqa: F401 - the sources, read here too
    NOT_APPLIED,
    REST,
    applied_applications,
    decided_lines,
    effective_allocation,
    effective_allocations,
    grant_follow_up,
    standing_proposals,
    year_grants,
    year_reallocations,
    year_repayments,
    year_requisitions,
    year_usages,
)
from allocations.models import Agreement, County, CountyAllocation, FocusArea, SubArea
from applications.models import (
    MeetingState,
)

# The columns in the order of the table, the chart and the exports.
COLUMNS = (
    "allocated",
    "applied",
    "proposed",
    "decided",
    "requisitioned",
    "used",
    "reported",
    "to_repay",
    "repaid",
    "remaining",
)
COLUMN_LABELS = {
    "allocated": _("Allocated"),
    "applied": _("Applied for"),
    "proposed": _("Proposed"),
    "decided": _("Decided"),
    "requisitioned": _("Requisitioned"),
    "used": _("Invoiced/used"),
    "reported": _("Reported"),
    "to_repay": _("To repay"),
    "repaid": _("Repaid"),
    "remaining": _("Remaining to decide"),
}
# The drill-down pages' addresses name the column in Swedish.
COLUMN_SLUGS = {
    "allocated": "tilldelat",
    "applied": "sokt",
    "proposed": "foreslaget",
    "decided": "beslutat",
    "requisitioned": "rekvirerat",
    "used": "forbrukat",
    "reported": "aterredovisat",
    "to_repay": "att-aterbetala",
    "repaid": "aterbetalt",
    "remaining": "kvar",
}
# Recorded per focus area only: sub-area rows leave them empty.
AREA_ONLY = frozenset({"requisitioned", "repaid"})

# --- the budget ------------------------------------------------------------------------------


@dataclass
class Figures:
    """One row's figures. `None` is "not recorded at this level" (shown empty)."""

    allocated: int | None = None
    applied: int = 0
    proposed: int = 0
    decided: int = 0
    requisitioned: int | None = None
    used: int = 0
    reported: int = 0
    to_repay: int = 0
    repaid: int | None = None

    @property
    def remaining(self) -> int | None:
        return None if self.allocated is None else self.allocated - self.decided

    def get(self, column: str) -> int | None:
        return getattr(self, column)

    def values(self) -> list[int | None]:
        return [self.get(column) for column in COLUMNS]

    @property
    def cells(self) -> list[tuple[str, str, int | None]]:
        """(column, its address slug, figure) in table order, for templates."""
        return [(column, COLUMN_SLUGS[column], self.get(column)) for column in COLUMNS]

    def add(self, other: "Figures") -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if theirs is not None:
                setattr(self, f.name, (mine or 0) + theirs)

    @property
    def is_empty(self) -> bool:
        return not any(self.values())


@dataclass(frozen=True)
class Move:
    """A reallocation seen from one area: negative when money moved out."""

    amount: int
    other_area: FocusArea
    label: str  # where it was decided: `§12 2025-05-02` or the free-text reference
    reason: str


@dataclass
class BudgetRow:
    focus_area: FocusArea | None  # None on the county's total row
    sub_area: SubArea | None  # None on an area's own row
    is_rest: bool  # the lines of an area without a sub-area
    figures: Figures

    @property
    def area_number(self) -> int | None:
        return self.focus_area.number if self.focus_area else None

    @property
    def sub_key(self) -> int | None:
        """The drill-down's sub-area: None for a whole area, the sub-area's id, or REST."""
        if self.is_rest:
            return REST
        return self.sub_area.pk if self.sub_area else None

    @property
    def dom_id(self) -> str:
        """`cell-4`, `cell-4-s12` (sub-area 12), `cell-4-s0` (no sub-area), `cell-total`;
        a figure's cell is this plus `-<column>`."""
        if self.focus_area is None:
            return "cell-total"
        if self.sub_key is None:
            return f"cell-{self.focus_area.number}"
        return f"cell-{self.focus_area.number}-s{self.sub_key}"


@dataclass
class AreaBudget:
    focus_area: FocusArea
    allocation: int | None  # as the state gave it
    moves: list[Move]
    row: BudgetRow
    sub_rows: list[BudgetRow]
    corrections: list[CorrectionChain] = field(default_factory=list)

    @property
    def effective(self) -> int | None:
        return self.row.figures.allocated


@dataclass
class Budget:
    county: County
    agreement: Agreement
    areas: list[AreaBudget]
    total: Figures
    open_decided: int  # decided in meetings still open: may change

    @property
    def total_row(self) -> BudgetRow:
        return BudgetRow(None, None, False, self.total)

    @property
    def correction_chains(self) -> list[tuple[FocusArea, CorrectionChain]]:
        return [(area.focus_area, chain) for area in self.areas for chain in area.corrections]

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [(column, COLUMN_LABELS[column]) for column in COLUMNS]


def _grouped(queryset, area: str, sub: str | None, amount: str) -> dict[tuple[int, int], int]:
    keys = [area] if sub is None else [area, sub]
    rows = queryset.order_by().values(*keys).annotate(total=Sum(amount))
    return {(row[area], (row[sub] or REST) if sub else REST): row["total"] or 0 for row in rows}


def county_budget(*, county: County, agreement: Agreement) -> Budget:
    """The budget of a county's year: one row per focus area that has an allocation or any
    line, with a row per sub-area (and one for lines without a sub-area) beneath it."""
    areas = list(
        FocusArea.objects.filter(agreement=agreement)
        .prefetch_related("sub_areas")
        .order_by("number")
    )
    allocations = dict(
        CountyAllocation.objects.filter(county=county, focus_area__agreement=agreement)
        .order_by()
        .values_list("focus_area_id", "amount")
    )
    moves: dict[int, list[Move]] = defaultdict(list)
    for r in year_reallocations(county=county, agreement=agreement):
        moves[r.from_focus_area_id].append(
            Move(-r.amount, r.to_focus_area, r.decision_label, r.reason)
        )
        moves[r.to_focus_area_id].append(
            Move(r.amount, r.from_focus_area, r.decision_label, r.reason)
        )

    kw = {"county": county, "agreement": agreement}
    applied = _grouped(
        applied_applications(**kw), "focus_area_id", "sub_area_id", "amount_requested"
    )
    proposed = _grouped(
        standing_proposals(**kw), "application__focus_area_id", "application__sub_area_id", "amount"
    )
    decided_qs = decided_lines(**kw)
    decided = _grouped(decided_qs, "focus_area_id", "sub_area_id", "amount")
    open_decided = _grouped(
        decided_qs.filter(item__meeting__state=MeetingState.OPEN), "focus_area_id", None, "amount"
    )
    requisitioned = _grouped(year_requisitions(**kw), "focus_area_id", None, "amount")
    repaid = _grouped(year_repayments(**kw), "focus_area_id", None, "amount")
    used: dict[tuple[int, int], int] = defaultdict(int)
    reported: dict[tuple[int, int], int] = defaultdict(int)
    to_repay: dict[tuple[int, int], int] = defaultdict(int)
    for grant in grant_follow_up(**kw):
        key = (grant["focus_area_id"], grant["sub_area_id"])
        used[key] += grant["used"]
        if grant["current"] and grant["settled"]:
            reported[key] += grant["amount"]
            to_repay[key] += grant["to_repay"]
    chains = correction_chains(**kw)

    def figures(area_id: int, sub_id: int) -> Figures:
        key = (area_id, sub_id)
        return Figures(
            applied=applied.get(key, 0),
            proposed=proposed.get(key, 0),
            decided=decided.get(key, 0),
            used=used.get(key, 0),
            reported=reported.get(key, 0),
            to_repay=to_repay.get(key, 0),
        )

    result, total = [], Figures(allocated=0, requisitioned=0, repaid=0)
    for area in areas:
        sub_ids = [s.pk for s in area.sub_areas.all()] + [REST]
        area_figures = Figures(
            allocated=None,
            requisitioned=requisitioned.get((area.pk, REST), 0),
            repaid=repaid.get((area.pk, REST), 0),
        )
        for sub_id in sub_ids:
            area_figures.add(figures(area.pk, sub_id))
        base = allocations.get(area.pk)
        if base is not None or moves[area.pk]:
            area_figures.allocated = (base or 0) + sum(m.amount for m in moves[area.pk])
        if base is None and area_figures.is_empty:
            continue
        sub_rows = []
        for sub in area.sub_areas.all():
            f = figures(area.pk, sub.pk)
            f.allocated = sub.earmarked_amount
            sub_rows.append(BudgetRow(area, sub, False, f))
        rest = figures(area.pk, REST)
        if area.sub_areas.all() and not rest.is_empty:
            sub_rows.append(BudgetRow(area, None, True, rest))
        row = BudgetRow(area, None, False, area_figures)
        result.append(AreaBudget(area, base, moves[area.pk], row, sub_rows, chains[area.pk]))
        total.add(area_figures)
    return Budget(county, agreement, result, total, sum(open_decided.values()))
