"""Reads for a focus area of a county in review: its allocation, its sub-areas' earmarked
amounts, the sums proposed so far (as the allocation guard counts them), and which areas
the review pages offer."""

from dataclasses import dataclass, field

from django.db.models import Sum

from allocations.agreements.effective import effective_allocations
from allocations.models import Agreement, County, FocusArea, SubArea
from applications.models import Application, Proposal, Status
from applications.models.status import DECIDED
from applications.review.services import proposed_sum

# In review or later: what the group has assessed or proposed, and what has been decided.
REVIEW_STATUSES = frozenset({Status.IN_REVIEW, Status.PROPOSED}) | DECIDED


@dataclass(frozen=True)
class SubAreaFigures:
    sub_area: SubArea
    earmarked: int | None
    proposed: int

    @property
    def remaining(self) -> int | None:
        return None if self.earmarked is None else self.earmarked - self.proposed


@dataclass
class AreaFigures:
    """The focus area's allocation in the county, what has been proposed and what remains."""

    focus_area: FocusArea
    allocation: int | None
    proposed: int
    sub_areas: list[SubAreaFigures] = field(default_factory=list)

    @property
    def remaining(self) -> int | None:
        return None if self.allocation is None else self.allocation - self.proposed

    @property
    def exceeded(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def area_figures(*, county: County, focus_area: FocusArea) -> AreaFigures:
    """Allocation, sub-areas with their earmarked amounts, and the sums proposed so far
    (withdrawn applications do not count, as in the allocation guard)."""
    # As reallocations have left it: the same figure the allocation guard decides against.
    allocation = effective_allocations(county_id=county.pk, focus_area_id=focus_area.pk).get(
        focus_area.pk
    )
    by_sub_area = dict(
        Proposal.objects.filter(
            application__county=county,
            application__focus_area=focus_area,
            application__sub_area__isnull=False,
        )
        .exclude(application__status=Status.WITHDRAWN)
        .values("application__sub_area")
        .annotate(total=Sum("amount"))
        .values_list("application__sub_area", "total")
    )
    sub_areas = [
        SubAreaFigures(sub_area, sub_area.earmarked_amount, by_sub_area.get(sub_area.pk, 0))
        for sub_area in SubArea.objects.filter(focus_area=focus_area).order_by("position")
    ]
    return AreaFigures(
        focus_area=focus_area,
        allocation=allocation,
        proposed=proposed_sum(county_id=county.pk, focus_area_id=focus_area.pk),
        sub_areas=sub_areas,
    )


def review_focus_areas(*, county: County, agreement: Agreement) -> list[FocusArea]:
    """The agreement's focus areas in which the county has an allocation."""
    return list(
        FocusArea.objects.filter(agreement=agreement, allocations__county=county).order_by("number")
    )


def default_focus_area(
    *, county: County, agreement: Agreement, areas: list[FocusArea]
) -> FocusArea | None:
    """The first area with applications in review, else the first open in one of the
    county's calls of the year, else the first."""
    in_review = set(
        Application.objects.filter(
            county=county, call__agreement=agreement, status__in=REVIEW_STATUSES
        ).values_list("focus_area_id", flat=True)
    )
    open_ids = set(
        FocusArea.objects.filter(calls__county=county, calls__agreement=agreement).values_list(
            "pk", flat=True
        )
    )
    for candidates in (in_review, open_ids):
        area = next((area for area in areas if area.pk in candidates), None)
        if area is not None:
            return area
    return areas[0] if areas else None
