"""What the county has to repay, grant by grant and per focus area, and what it repaid.

For each current grant: granted, used and to repay = granted − used (never below 0). Used
is what the accepted report back states; before acceptance it is the invoiced/used
amounts, shown as preliminary. The rows are `budget.selectors.overview.grant_follow_up`'s, so the
settled figures equal the budget's "to repay" column to the krona.
"""

from dataclasses import dataclass, field

from allocations.budget.selectors.overview import (
    effective_allocations,
    grant_follow_up,
    year_repayments,
    year_requisitions,
)
from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    FocusArea,
    Repayment,
    Requisition,
)
from applications.models import Grant


@dataclass(frozen=True)
class GrantRepayment:
    grant: Grant
    granted: int
    used: int
    preliminary: bool  # the report back is not accepted yet

    @property
    def to_repay(self) -> int:
        return max(0, self.granted - self.used)


@dataclass
class AreaRepayment:
    focus_area: FocusArea
    grants: list[GrantRepayment] = field(default_factory=list)
    repayments: list[Repayment] = field(default_factory=list)

    @property
    def granted(self) -> int:
        return sum(g.granted for g in self.grants)

    @property
    def used(self) -> int:
        return sum(g.used for g in self.grants)

    @property
    def to_repay(self) -> int:
        return sum(g.to_repay for g in self.grants)

    @property
    def to_repay_settled(self) -> int:
        return sum(g.to_repay for g in self.grants if not g.preliminary)

    @property
    def preliminary(self) -> bool:
        return any(g.preliminary for g in self.grants)

    @property
    def repaid(self) -> int:
        return sum(r.amount for r in self.repayments)

    @property
    def remaining(self) -> int:
        return self.to_repay - self.repaid

    @property
    def done(self) -> bool:
        return not self.preliminary and self.remaining <= 0 and bool(self.grants)


@dataclass
class RepaymentOverview:
    county: County
    agreement: Agreement
    areas: list[AreaRepayment]

    def _sum(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.areas)

    granted = property(lambda self: self._sum("granted"))
    used = property(lambda self: self._sum("used"))
    to_repay = property(lambda self: self._sum("to_repay"))
    repaid = property(lambda self: self._sum("repaid"))
    remaining = property(lambda self: self._sum("remaining"))


def repayment_overview(*, county: County, agreement: Agreement) -> RepaymentOverview:
    """Per focus area with an allocation, grants or repayments; five queries whatever the
    number."""
    kw = {"county": county, "agreement": agreement}
    rows = {row["pk"]: row for row in grant_follow_up(**kw) if row["current"]}
    grants = (
        Grant.objects.filter(county=county, focus_area__agreement=agreement, replaced_by=None)
        .select_related("responsible_organisation")
        .order_by("pk")
    )
    areas: dict[int, AreaRepayment] = {}
    focus_areas = {a.pk: a for a in FocusArea.objects.filter(agreement=agreement)}

    def area(pk: int) -> AreaRepayment:
        if pk not in areas:
            areas[pk] = AreaRepayment(focus_areas[pk])
        return areas[pk]

    for grant in grants:
        row = rows[grant.pk]
        used = row["settled_used"] if row["settled"] else row["chain_used"]
        area(grant.focus_area_id).grants.append(
            GrantRepayment(grant, row["amount"], used, preliminary=not row["settled"])
        )
    for repayment in year_repayments(**kw).select_related("recorded_by"):
        area(repayment.focus_area_id).repayments.append(repayment)
    for allocated in CountyAllocation.objects.filter(
        county=county, focus_area__agreement=agreement
    ).values_list("focus_area_id", flat=True):
        area(allocated)  # an area with an allocation is listed even before any grant
    ordered = sorted(areas.values(), key=lambda a: a.focus_area.number)
    return RepaymentOverview(county, agreement, ordered)


# --- the requisition -------------------------------------------------------------------------


@dataclass
class AreaRequisition:
    focus_area: FocusArea
    allocation: int
    requisitions: list[Requisition] = field(default_factory=list)

    @property
    def requisitioned(self) -> int:
        return sum(r.amount for r in self.requisitions)

    @property
    def remaining(self) -> int:
        return self.allocation - self.requisitioned

    @property
    def last(self) -> Requisition | None:
        return self.requisitions[-1] if self.requisitions else None


def requisition_overview(*, county: County, agreement: Agreement) -> list[AreaRequisition]:
    """Per focus area with an allocation: the effective allocation and the requisitions
    recorded (oldest first). Three queries."""
    allocations = effective_allocations(county_id=county.pk, agreement_id=agreement.pk)
    areas = {
        a.pk: AreaRequisition(a, allocations[a.pk])
        for a in FocusArea.objects.filter(agreement=agreement, pk__in=list(allocations)).order_by(
            "number"
        )
    }
    requisitions = year_requisitions(county=county, agreement=agreement).select_related(
        "recorded_by"
    )
    for requisition in requisitions.order_by("requisitioned_on", "pk"):
        if requisition.focus_area_id in areas:
            areas[requisition.focus_area_id].requisitions.append(requisition)
    return list(areas.values())
