"""The county's requisition (rekvisition) to Kammarkollegiet, recorded per focus area.

A focus area's requisitions never add up to more than its effective allocation (the state's
allocation with the year's reallocations). The allocation row is locked while checking, so
two coordinators recording at once cannot both pass the check.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from allocations.agreements.effective import effective_allocation
from allocations.followup.services import require_coordinator
from allocations.models import County, CountyAllocation, FocusArea, Requisition
from allocations.money import format_kronor


class ObligationRefused(Exception):
    """What is wrong with a requisition or repayment, per form field (None: the whole form)."""

    def __init__(self, problems: dict[str | None, list[str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def requisitioned_total(*, county: County, focus_area: FocusArea) -> int:
    total = Requisition.objects.filter(county=county, focus_area=focus_area).aggregate(
        t=Sum("amount")
    )["t"]
    return total or 0


@transaction.atomic
def requisition_record(
    *,
    county: County,
    focus_area: FocusArea,
    amount: int,
    requisitioned_on: datetime.date,
    by: AbstractBaseUser,
    note: str = "",
) -> Requisition:
    """Record that the county requisitioned `amount` kronor in the area on a date."""
    require_coordinator(by, county.pk)
    list(CountyAllocation.objects.select_for_update().filter(county=county, focus_area=focus_area))
    if amount <= 0:
        raise ObligationRefused({"amount": [_("Enter an amount above 0 kr.")]})
    room = effective_allocation(county_id=county.pk, focus_area_id=focus_area.pk) - (
        requisitioned_total(county=county, focus_area=focus_area)
    )
    if amount > room:
        raise ObligationRefused(
            {
                "amount": [
                    _(
                        "The requisitions may not exceed the allocation: at most %(room)s "
                        "remains to requisition in this focus area."
                    )
                    % {"room": format_kronor(max(0, room))}
                ]
            }
        )
    return Requisition.objects.create(
        county=county,
        focus_area=focus_area,
        amount=amount,
        requisitioned_on=requisitioned_on,
        note=note,
        recorded_by=by,
    )
