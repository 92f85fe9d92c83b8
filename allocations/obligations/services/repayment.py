"""What the county repaid to Kammarkollegiet, recorded per focus area (due 31 March)."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from allocations.followup.services import require_coordinator
from allocations.models import County, CountyAllocation, FocusArea, Repayment
from allocations.money import format_kronor
from allocations.obligations.services.requisition import ObligationRefused, requisitioned_total
from reporting.notifications.events import repayment_notify


@transaction.atomic
def repayment_record(
    *,
    county: County,
    focus_area: FocusArea,
    amount: int,
    repaid_on: datetime.date,
    by: AbstractBaseUser,
    note: str = "",
) -> Repayment:
    """Record a repayment; the area's repayments never exceed what was requisitioned there."""
    require_coordinator(by, county.pk)
    list(CountyAllocation.objects.select_for_update().filter(county=county, focus_area=focus_area))
    if amount <= 0:
        raise ObligationRefused({"amount": [_("Enter an amount above 0 kr.")]})
    repaid = (
        Repayment.objects.filter(county=county, focus_area=focus_area).aggregate(t=Sum("amount"))[
            "t"
        ]
        or 0
    )
    room = requisitioned_total(county=county, focus_area=focus_area) - repaid
    if amount > room:
        raise ObligationRefused(
            {
                "amount": [
                    _(
                        "The county cannot repay more than it requisitioned: at most %(room)s "
                        "in this focus area."
                    )
                    % {"room": format_kronor(max(0, room))}
                ]
            }
        )
    repayment = Repayment.objects.create(
        county=county,
        focus_area=focus_area,
        amount=amount,
        repaid_on=repaid_on,
        note=note,
        recorded_by=by,
    )
    repayment_notify(repayment=repayment)
    return repayment
