"""Reallocation (omfördelning): money left undecided in one focus area moved to another by a
decision of the forum.

Money left in a grant is first freed by a correcting decision (`correction_add` in
applications.decisions.services.meetings): once decided, the grant's unused part is no longer
decided in its area and can be moved from there like any other undecided money.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from allocations.agreements.selectors import user_has_role
from allocations.budget.selectors.overview import effective_allocation
from allocations.models import Agreement, County, CountyAllocation, FocusArea, Reallocation, Role
from allocations.money import format_kronor
from applications.decisions.services.rulings import decided_sum
from applications.models import AgendaItem


class ReallocationRefused(Exception):
    """`problems` maps form field names ('' for the whole form) to messages."""

    def __init__(self, problems: dict[str, list[str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _check(
    *,
    county: County,
    agreement: Agreement,
    from_focus_area: FocusArea,
    to_focus_area: FocusArea,
    amount: int,
    reason: str,
    decided_in: AgendaItem | None,
    reference: str,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for name, area in (("from_focus_area", from_focus_area), ("to_focus_area", to_focus_area)):
        if area.agreement_id != agreement.pk:
            problems[name] = [_("Choose a focus area of the agreement year.")]
    if from_focus_area.pk == to_focus_area.pk:
        problems["to_focus_area"] = [_("Choose another focus area.")]
    if amount <= 0:
        problems["amount"] = [_("Move more than 0 kr.")]
    if not reason.strip():
        problems["reason"] = [_("Give the reason for the reallocation.")]
    if decided_in is None and not reference.strip():
        problems["decided_in"] = [
            _("Choose the paragraph that decided it, or write where it was decided.")
        ]
    if decided_in is not None and (
        decided_in.meeting.county_id != county.pk or decided_in.meeting.agreement_id != agreement.pk
    ):
        problems["decided_in"] = [_("Choose a paragraph of the county's meetings this year.")]
    return problems


def reallocation_record(
    *,
    county: County,
    agreement: Agreement,
    from_focus_area: FocusArea,
    to_focus_area: FocusArea,
    amount: int,
    reason: str,
    user: AbstractBaseUser,
    decided_in: AgendaItem | None = None,
    reference: str = "",
) -> Reallocation:
    """Record that `amount` moves from one area's allocation to another's (coordinator only).

    Never more than what is left undecided in the source area: its effective allocation less
    what stands decided there (`decided_sum`, the decision guard's figure). Both areas'
    allocation rows are locked first, ordered by focus area id as the decision guard orders
    its locks, so a reallocation and a decision in either area wait for each other and can
    never deadlock; the check runs under those locks.
    """
    if not user_has_role(user=user, county=county, roles={Role.COORDINATOR}):
        raise PermissionDenied
    problems = _check(
        county=county,
        agreement=agreement,
        from_focus_area=from_focus_area,
        to_focus_area=to_focus_area,
        amount=amount,
        reason=reason,
        decided_in=decided_in,
        reference=reference,
    )
    if problems:
        raise ReallocationRefused(problems)
    with transaction.atomic():
        locked = list(
            CountyAllocation.objects.select_for_update()
            .filter(county=county, focus_area__in=[from_focus_area, to_focus_area])
            .order_by("focus_area_id")
            .values_list("focus_area_id", flat=True)
        )
        missing = [
            (name, area)
            for name, area in (
                ("from_focus_area", from_focus_area),
                ("to_focus_area", to_focus_area),
            )
            if area.pk not in locked
        ]
        if missing:
            raise ReallocationRefused(
                {
                    name: [_("The county has no allocation in this focus area.")]
                    for name, _a in missing
                }
            )
        undecided = effective_allocation(
            county_id=county.pk, focus_area_id=from_focus_area.pk
        ) - decided_sum(county_id=county.pk, focus_area_id=from_focus_area.pk)
        if amount > undecided:
            raise ReallocationRefused(
                {
                    "amount": [
                        _("At most %(amount)s is left undecided in focus area %(number)s.")
                        % {
                            "amount": format_kronor(max(undecided, 0)),
                            "number": from_focus_area.number,
                        }
                    ]
                }
            )
        return Reallocation.objects.create(
            county=county,
            agreement=agreement,
            from_focus_area=from_focus_area,
            to_focus_area=to_focus_area,
            amount=amount,
            decided_in=decided_in,
            reference=reference.strip(),
            reason=reason.strip(),
            created_by=user,
        )
