# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""Deciding the lines of a meeting: one line, or a paragraph's list as a whole.

Every decision that grants money is checked against the county's allocation for its focus
area with the allocation rows locked (SELECT … FOR UPDATE on PostgreSQL, in focus-area order),
so two members deciding at the same moment can never together exceed it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.agreements.effective import effective_allocation
from allocations.models import (
    CountyAllocation,
    Role,
)
from allocations.money import format_kronor
from applications.decisions.services.access import (
    DECIDERS,
    locked_meeting,
    require_open,
    require_role,
)
from applications.errors import ApplicationIncomplete, TransitionRefused
from applications.models import (
    GRANTING,
    AgendaItem,
    Decision,
    DecisionMeeting,
    Outcome,
    RejectionReason,
)


def decided_sum(*, county_id: int, focus_area_id: int) -> int:
    """What stands decided in a focus area of a county: granting decisions not replaced by a
    decided correction, in open and closed meetings alike."""
    return (
        Decision.objects.filter(
            item__meeting__county_id=county_id,
            focus_area_id=focus_area_id,
            outcome__in=GRANTING,
        )
        .exclude(corrected_by__outcome__in=[*GRANTING, Outcome.REJECTED])
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )


@dataclass(frozen=True)
class Ruling:
    """What the forum rules on one line."""

    outcome: Outcome
    amount: int | None = None
    motivation: str = ""
    conditions: str | None = None
    rejection_reason: RejectionReason | None = None


def _apply(decision: Decision, ruling: Ruling, user: AbstractBaseUser) -> dict[str, list[str]]:
    """Set the ruling on the line; return problems instead of raising, so a list can report
    every line at once."""
    problems: dict[str, list[str]] = {}
    outcome = Outcome(ruling.outcome)
    if user.pk in {u.pk for u in decision.not_participating.all()}:
        return {"": [_("You have a conflict of interest and take no part in this item.")]}
    if outcome == Outcome.PENDING:
        amount = 0
    elif outcome == Outcome.APPROVED:
        amount = decision.proposed_amount
    elif outcome == Outcome.REJECTED:
        amount = 0
        if not ruling.motivation.strip() and ruling.rejection_reason is None:
            problems["motivation"] = [_("Give a reason for the rejection.")]
        if (
            ruling.rejection_reason is not None
            and ruling.rejection_reason.county_id != decision.item.meeting.county_id
        ):
            problems["rejection_reason"] = [_("Choose one of the county's reasons.")]
    else:
        amount = ruling.amount
        if amount is None:
            problems["amount"] = [_("Enter the amount decided.")]
        elif not 0 < amount < decision.proposed_amount:
            problems["amount"] = [
                _("Approval in part is more than 0 and less than the proposed %s.")
                % format_kronor(decision.proposed_amount)
            ]
        if not ruling.motivation.strip():
            problems["motivation"] = [_("Give a reason for approving in part.")]
    if problems:
        return problems
    decision.outcome = outcome
    decision.amount = amount
    decision.motivation = ruling.motivation.strip()
    if ruling.conditions is not None:
        decision.conditions = ruling.conditions
    decision.rejection_reason = ruling.rejection_reason if outcome == Outcome.REJECTED else None
    decision.decided_by = user if outcome != Outcome.PENDING else None
    decision.decided_at = timezone.now() if outcome != Outcome.PENDING else None
    return {}


def _guard(meeting: DecisionMeeting, focus_area_ids: set[int]) -> None:
    """Lock the allocations of the focus areas (in a fixed order, so two guards never
    deadlock) and refuse if what stands decided exceeds any of them."""
    allocations = {
        a.focus_area_id: a
        for a in CountyAllocation.objects.select_for_update()
        .filter(county_id=meeting.county_id, focus_area_id__in=focus_area_ids)
        .select_related("focus_area")
        .order_by("focus_area_id")
    }
    for focus_area_id in sorted(focus_area_ids):
        allocation = allocations.get(focus_area_id)
        decided = decided_sum(county_id=meeting.county_id, focus_area_id=focus_area_id)
        if allocation is None and decided:
            raise TransitionRefused(_("The county has no allocation in this focus area."))
        if allocation is None:
            continue
        # The allocation as reallocations have left it (moved out of or into the area).
        limit = effective_allocation(county_id=meeting.county_id, focus_area_id=focus_area_id)
        if decided > limit:
            raise TransitionRefused(
                _(
                    "The decisions in focus area %(area)s would exceed its allocation of %(allocation)s by %(overshoot)s."
                )
                % {
                    "area": allocation.focus_area.number,
                    "allocation": format_kronor(limit),
                    "overshoot": format_kronor(decided - limit),
                }
            )


def _locked_lines(decisions: Iterable[Decision]) -> list[Decision]:
    return list(
        Decision.objects.select_for_update(of=("self",))
        .filter(pk__in=[d.pk for d in decisions])
        .select_related("item__meeting", "focus_area")
        .prefetch_related("not_participating")
        .order_by("pk")
    )


def decision_rule(*, decision: Decision, user: AbstractBaseUser, ruling: Ruling) -> Decision:
    """Decide one line (approve, approve in part, reject, or back to undecided)."""
    meeting = decision.item.meeting
    require_role(user, meeting.county_id, DECIDERS)
    with transaction.atomic():
        _locked_allocations_first(meeting, {decision.focus_area_id})
        meeting = locked_meeting(meeting)
        require_open(meeting)
        (decision,) = _locked_lines([decision])
        problems = _apply(decision, ruling, user)
        if problems:
            raise ApplicationIncomplete(problems)
        decision.save()
        _guard(meeting, {decision.focus_area_id})
    return decision


def _locked_allocations_first(meeting: DecisionMeeting, focus_area_ids: set[int]) -> None:
    # Take the allocation locks before anything else, always in the same order.
    list(
        CountyAllocation.objects.select_for_update()
        .filter(county_id=meeting.county_id, focus_area_id__in=focus_area_ids)
        .order_by("focus_area_id")
        .values_list("pk", flat=True)
    )


def item_adopt_as_whole(
    *, item: AgendaItem, user: AbstractBaseUser, exceptions: dict[int, Ruling] | None = None
) -> list[Decision]:
    """The common case in one action: every undecided line of the paragraph is approved as
    proposed, except the lines in `exceptions` (decision id → ruling). All or nothing: if
    any line has a problem or an allocation would be exceeded, nothing is decided and
    ApplicationIncomplete maps "line-<id>" to the problems."""
    exceptions = exceptions or {}
    meeting = item.meeting
    require_role(user, meeting.county_id, DECIDERS)
    with transaction.atomic():
        lines = list(item.decisions.all())
        _locked_allocations_first(meeting, {d.focus_area_id for d in lines})
        meeting = locked_meeting(meeting)
        require_open(meeting)
        lines = _locked_lines(lines)
        problems: dict[str, list[str]] = {}
        changed = []
        for line in lines:
            ruling = exceptions.get(line.pk)
            if ruling is None:
                if line.outcome != Outcome.PENDING:
                    continue
                if user.pk in {u.pk for u in line.not_participating.all()}:
                    continue  # decided without this member; they may not carry it alone
                ruling = Ruling(outcome=Outcome.APPROVED, motivation=line.motivation)
            line_problems = _apply(line, ruling, user)
            for field, messages in line_problems.items():
                problems[f"line-{line.pk}" + (f"-{field}" if field else "")] = messages
            changed.append(line)
        if problems:
            transaction.set_rollback(True)
            raise ApplicationIncomplete(problems)
        for line in changed:
            line.save()
        _guard(meeting, {line.focus_area_id for line in lines})
    return lines


def member_not_participating(
    *, decision: Decision, user: AbstractBaseUser, member: AbstractBaseUser, reason: str = ""
) -> Decision:
    """Record that a member takes no part in a line (conflict of interest). A member may
    declare it for themself; the coordinator for anyone present."""
    meeting = decision.item.meeting
    if member.pk != user.pk:
        require_role(user, meeting.county_id, {Role.COORDINATOR})
    else:
        require_role(user, meeting.county_id, DECIDERS)
    with transaction.atomic():
        require_open(locked_meeting(meeting))
        decision.not_participating.add(member)
    return decision
