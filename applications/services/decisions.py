# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""The decision forum: meetings, their paragraphs, decisions, grants and the release of
decisions to applicants once the minutes are approved.

Every decision that grants money is checked against the county's allocation for its focus
area with the allocation row locked (SELECT … FOR UPDATE on PostgreSQL), so two members
deciding at the same moment can never together exceed it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    FocusArea,
    Organisation,
    Role,
    SubArea,
)
from allocations.money import format_kronor
from allocations.selectors_budget import effective_allocation

from ..errors import ApplicationIncomplete, DecisionFinal, TransitionRefused
from ..models import (
    GRANTING,
    MEETING_TRANSITIONS,
    AgendaItem,
    Application,
    Decision,
    DecisionMeeting,
    Grant,
    MeetingState,
    Outcome,
    Proposal,
    RejectionReason,
    Status,
)
from ..permissions import roles_in_county
from .transitions import transition

DECIDERS = {Role.FORUM, Role.COORDINATOR}
OUTCOME_STATUS = {
    Outcome.APPROVED: Status.APPROVED,
    Outcome.APPROVED_IN_PART: Status.APPROVED_IN_PART,
    Outcome.REJECTED: Status.REJECTED,
}


def _require(user: AbstractBaseUser, county_id: int, roles: set[Role]) -> None:
    if not (roles_in_county(user, county_id) & roles):
        raise TransitionRefused(_("Your role does not allow this step."))


def _require_open(meeting: DecisionMeeting) -> None:
    if meeting.state != MeetingState.OPEN:
        raise DecisionFinal(_("The meeting is closed: its decisions can no longer change."))


def _locked_meeting(meeting: DecisionMeeting) -> DecisionMeeting:
    return (
        DecisionMeeting.objects.select_for_update(of=("self",))
        .select_related("county")
        .get(pk=meeting.pk)
    )


# --- meetings -------------------------------------------------------------------------------


def meeting_create(
    *,
    county: County,
    agreement: Agreement,
    user: AbstractBaseUser,
    held_on: date,
    place: str = "",
    first_paragraph: int = 1,
    members_present: Iterable[AbstractBaseUser] = (),
    chair: AbstractBaseUser | None = None,
    minutes_approver: AbstractBaseUser | None = None,
) -> DecisionMeeting:
    _require(user, county.pk, {Role.COORDINATOR})
    _check_officers(county.pk, chair, minutes_approver)
    with transaction.atomic():
        meeting = DecisionMeeting.objects.create(
            county=county,
            agreement=agreement,
            held_on=held_on,
            place=place,
            first_paragraph=first_paragraph,
            chair=chair,
            minutes_approver=minutes_approver,
            created_by=user,
        )
        meeting.members_present.set(members_present)
    return meeting


def meeting_update(
    *, meeting: DecisionMeeting, user: AbstractBaseUser, members_present=None, **fields
) -> DecisionMeeting:
    """Change date, place, chair, approver or attendance of an open meeting."""
    _require(user, meeting.county_id, {Role.COORDINATOR})
    allowed = {"held_on", "place", "first_paragraph", "chair", "minutes_approver"}
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_open(meeting)
        for name, value in fields.items():
            if name not in allowed:
                raise TypeError(name)
            setattr(meeting, name, value)
        _check_officers(meeting.county_id, meeting.chair, meeting.minutes_approver)
        meeting.save()
        if members_present is not None:
            meeting.members_present.set(members_present)
    return meeting


def _check_officers(county_id: int, chair, minutes_approver) -> None:
    problems: dict[str, list[str]] = {}
    for field, person in (("chair", chair), ("minutes_approver", minutes_approver)):
        if person is not None and not (roles_in_county(person, county_id) & DECIDERS):
            problems[field] = [_("Choose a member of the decision forum or a coordinator.")]
    if chair is not None and minutes_approver is not None and chair.pk == minutes_approver.pk:
        problems["minutes_approver"] = [_("The approver must be someone other than the chair.")]
    if problems:
        raise ApplicationIncomplete(problems)


def _next_number(meeting: DecisionMeeting) -> int:
    last = meeting.items.aggregate(n=Max("number"))["n"]
    return meeting.first_paragraph if last is None else last + 1


def proposals_awaiting_decision(*, county_id: int, agreement_id: int):
    """Adopted proposals of a county and year that are on no meeting's agenda yet."""
    return (
        Proposal.objects.filter(
            application__county_id=county_id,
            application__focus_area__agreement_id=agreement_id,
            application__status=Status.PROPOSED,
            decisions__isnull=True,
        )
        .select_related("application__organisation", "application__focus_area")
        .order_by("application__focus_area__number", "application__case_number")
    )


def agenda_add_proposals(
    *, meeting: DecisionMeeting, user: AbstractBaseUser, heading: str = ""
) -> AgendaItem | None:
    """Put every adopted proposal still undecided on the agenda as one paragraph: the
    proposal list, to be adopted as a whole with exceptions. None when there is nothing."""
    _require(user, meeting.county_id, {Role.COORDINATOR})
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_open(meeting)
        proposals = list(
            proposals_awaiting_decision(
                county_id=meeting.county_id, agreement_id=meeting.agreement_id
            ).prefetch_related("excluded_members")
        )
        if not proposals:
            return None
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=_next_number(meeting),
            heading=heading
            or _("Distribution of county-joint funds %(year)s") % {"year": meeting.agreement.year},
        )
        for position, proposal in enumerate(proposals):
            application = proposal.application
            decision = Decision.objects.create(
                item=item,
                position=position,
                application=application,
                proposal=proposal,
                focus_area=application.focus_area,
                sub_area=application.sub_area,
                title=application.title,
                proposed_amount=proposal.amount,
                conditions=proposal.conditions,
                responsible_organisation=application.organisation,
                handling_organisation=application.organisation,
            )
            decision.not_participating.set(proposal.excluded_members.all())
    return item


def agenda_add_item(
    *, meeting: DecisionMeeting, user: AbstractBaseUser, heading: str
) -> AgendaItem:
    _require(user, meeting.county_id, {Role.COORDINATOR})
    if not heading.strip():
        raise ApplicationIncomplete({"heading": [_("This field is required.")]})
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_open(meeting)
        return AgendaItem.objects.create(
            meeting=meeting, number=_next_number(meeting), heading=heading.strip()
        )


def agenda_add_line(
    *,
    item: AgendaItem,
    user: AbstractBaseUser,
    focus_area: FocusArea,
    title: str,
    amount: int,
    responsible_organisation: Organisation,
    handling_organisation: Organisation,
    handling_note: str = "",
    sub_area: SubArea | None = None,
    conditions: str = "",
) -> Decision:
    """A line the forum decides without an application (e.g. a coordinator post)."""
    meeting = item.meeting
    _require(user, meeting.county_id, {Role.COORDINATOR})
    _check_line(meeting, focus_area, sub_area, responsible_organisation, handling_organisation)
    if not title.strip():
        raise ApplicationIncomplete({"title": [_("This field is required.")]})
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_open(meeting)
        position = (item.decisions.aggregate(p=Max("position"))["p"] or 0) + 1
        return Decision.objects.create(
            item=item,
            position=position,
            focus_area=focus_area,
            sub_area=sub_area,
            title=title.strip(),
            proposed_amount=amount,
            conditions=conditions,
            responsible_organisation=responsible_organisation,
            handling_organisation=handling_organisation,
            handling_note=handling_note,
        )


def _check_line(meeting, focus_area, sub_area, responsible, handling) -> None:
    problems: dict[str, list[str]] = {}
    if focus_area.agreement_id != meeting.agreement_id:
        problems["focus_area"] = [_("Choose a focus area of the meeting's agreement year.")]
    if sub_area is not None and sub_area.focus_area_id != focus_area.pk:
        problems["sub_area"] = [_("The sub-area must belong to the focus area.")]
    for field, organisation in (
        ("responsible_organisation", responsible),
        ("handling_organisation", handling),
    ):
        if organisation.county_id != meeting.county_id:
            problems[field] = [_("Choose an organisation of the county.")]
    if problems:
        raise ApplicationIncomplete(problems)


def line_update(
    *,
    decision: Decision,
    user: AbstractBaseUser,
    responsible_organisation: Organisation,
    handling_organisation: Organisation,
    handling_note: str = "",
) -> Decision:
    """Who is responsible for the intervention and who handles the money."""
    meeting = decision.item.meeting
    _require(user, meeting.county_id, DECIDERS)
    _check_line(meeting, decision.focus_area, None, responsible_organisation, handling_organisation)
    with transaction.atomic():
        _require_open(_locked_meeting(meeting))
        decision.responsible_organisation = responsible_organisation
        decision.handling_organisation = handling_organisation
        decision.handling_note = handling_note
        decision.save()
    return decision


# --- deciding -------------------------------------------------------------------------------


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
    _require(user, meeting.county_id, DECIDERS)
    with transaction.atomic():
        _locked_allocations_first(meeting, {decision.focus_area_id})
        meeting = _locked_meeting(meeting)
        _require_open(meeting)
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
    _require(user, meeting.county_id, DECIDERS)
    with transaction.atomic():
        lines = list(item.decisions.all())
        _locked_allocations_first(meeting, {d.focus_area_id for d in lines})
        meeting = _locked_meeting(meeting)
        _require_open(meeting)
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
        _require(user, meeting.county_id, {Role.COORDINATOR})
    else:
        _require(user, meeting.county_id, DECIDERS)
    with transaction.atomic():
        _require_open(_locked_meeting(meeting))
        decision.not_participating.add(member)
    return decision


def correction_add(
    *, meeting: DecisionMeeting, user: AbstractBaseUser, corrected: Decision, heading: str = ""
) -> Decision:
    """A new, undecided line in an open meeting that will replace a final decision."""
    _require(user, meeting.county_id, {Role.COORDINATOR})
    corrected = Decision.objects.select_related("item__meeting").get(pk=corrected.pk)
    old_meeting = corrected.item.meeting
    if old_meeting.county_id != meeting.county_id:
        raise TransitionRefused(_("Your role does not allow this step."))
    if old_meeting.state == MeetingState.OPEN:
        raise TransitionRefused(
            _("The decision is not final yet: change it in its own meeting instead.")
        )
    if Decision.objects.filter(corrects=corrected).exists():
        raise TransitionRefused(_("This decision has already been corrected."))
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        _require_open(meeting)
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=_next_number(meeting),
            heading=heading
            or _("Correction of the decision in §%(number)s of %(date)s")
            % {"number": corrected.item.number, "date": old_meeting.held_on.isoformat()},
        )
        return Decision.objects.create(
            item=item,
            corrects=corrected,
            application=corrected.application,
            proposal=corrected.proposal,
            focus_area=corrected.focus_area,
            sub_area=corrected.sub_area,
            title=corrected.title,
            proposed_amount=corrected.proposed_amount,
            conditions=corrected.conditions,
            responsible_organisation=corrected.responsible_organisation,
            handling_organisation=corrected.handling_organisation,
            handling_note=corrected.handling_note,
        )


# --- closing and releasing ------------------------------------------------------------------


def _move(meeting: DecisionMeeting, to: MeetingState) -> None:
    if MEETING_TRANSITIONS.get(MeetingState(meeting.state)) != to:
        raise TransitionRefused(
            _("A meeting that is “%(from)s” cannot become “%(to)s”.")
            % {"from": MeetingState(meeting.state).label, "to": to.label}
        )
    meeting.state = to


def meeting_close(*, meeting: DecisionMeeting, user: AbstractBaseUser) -> DecisionMeeting:
    """Make the meeting's decisions final and turn every approved line into a grant."""
    _require(user, meeting.county_id, {Role.COORDINATOR})
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        lines = list(
            Decision.objects.filter(item__meeting=meeting).select_related("corrects__grant")
        )
        if not lines:
            raise TransitionRefused(_("The meeting has decided nothing yet."))
        undecided = [d for d in lines if d.outcome == Outcome.PENDING]
        if undecided:
            raise TransitionRefused(
                _("%(count)s lines are not decided yet.") % {"count": len(undecided)}
            )
        _move(meeting, MeetingState.CLOSED)
        meeting.closed_at = timezone.now()
        meeting.closed_by = user
        meeting.save()
        grants_create(meeting=meeting, lines=lines)
    return meeting


def grants_create(*, meeting: DecisionMeeting, lines: list[Decision]) -> list[Grant]:
    """Turn the final lines of a meeting into grants; a correcting line replaces the grant
    of the decision it corrects (its project code carries over)."""
    grants = []
    for line in lines:
        old_grant = getattr(line.corrects, "grant", None) if line.corrects_id else None
        if old_grant is not None:
            old_grant.replaced_by = line
            old_grant.save(update_fields=["replaced_by"])
        if line.grants_money:
            grants.append(
                Grant.objects.create(
                    decision=line,
                    county_id=meeting.county_id,
                    focus_area_id=line.focus_area_id,
                    application_id=line.application_id,
                    title=line.title,
                    amount=line.amount,
                    responsible_organisation_id=line.responsible_organisation_id,
                    handling_organisation_id=line.handling_organisation_id,
                    handling_note=line.handling_note,
                    project_code=old_grant.project_code if old_grant else "",
                )
            )
    return grants


def minutes_approve(*, meeting: DecisionMeeting, user: AbstractBaseUser) -> DecisionMeeting:
    """The chair and the approver each approve the minutes (justering); when both have,
    the decisions are released to the applicants and they are notified."""
    from ..tasks import decision_notify

    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.state != MeetingState.CLOSED:
            raise TransitionRefused(_("Only the minutes of a closed meeting can be approved."))
        now = timezone.now()
        if user.pk == meeting.chair_id and meeting.chair_approved_at is None:
            meeting.chair_approved_at = now
        elif user.pk == meeting.minutes_approver_id and meeting.approver_approved_at is None:
            meeting.approver_approved_at = now
        else:
            raise TransitionRefused(
                _("Only the chair and the approver of the minutes approve them, once each.")
            )
        released: list[int] = []
        if meeting.chair_approved_at and meeting.approver_approved_at:
            _move(meeting, MeetingState.MINUTES_APPROVED)
            released = _release(meeting, user)
        meeting.save()
        for decision_id in released:
            transaction.on_commit(lambda pk=decision_id: decision_notify.delay(pk))
    return meeting


def _release(meeting: DecisionMeeting, user: AbstractBaseUser) -> list[int]:
    """Give each decided application the status of its decision; return the decisions to
    notify applicants of."""
    lines = Decision.objects.filter(item__meeting=meeting, application__isnull=False)
    notify = []
    for line in lines.select_related("application"):
        application = Application.objects.select_for_update().get(pk=line.application_id)
        to = OUTCOME_STATUS[Outcome(line.outcome)]
        if application.status != to:
            transition(
                application=application,
                to=to,
                by=user,
                comment=_("Decided in §%(number)s, %(body)s %(date)s")
                % {
                    "number": line.item.number,
                    "body": meeting.county.decision_body_name,
                    "date": meeting.held_on.isoformat(),
                },
            )
        notify.append(line.pk)
    return notify


def rejection_reason_save(
    *, county: County, user: AbstractBaseUser, text: str, reason: RejectionReason | None = None
) -> RejectionReason:
    _require(user, county.pk, {Role.COORDINATOR})
    if not text.strip():
        raise ApplicationIncomplete({"text": [_("This field is required.")]})
    if reason is None:
        position = (county.rejection_reasons.aggregate(p=Max("position"))["p"] or 0) + 1
        reason = RejectionReason(county=county, position=position)
    elif reason.county_id != county.pk:
        raise TransitionRefused(_("Your role does not allow this step."))
    reason.text = text.strip()
    reason.save()
    return reason


# --- reasons for rejection (helper A: appended) ---------------------------------------------

# Swedish county data, not interface text: the county edits them afterwards.
DEFAULT_REJECTION_REASONS = (
    "Insatsen är inte länsgemensam.",
    "Insatsen ryms inte inom ramen för länets tilldelning.",
    "Ansökan uppfyller inte överenskommelsens villkor.",
    "Insatsen motsvarar inte länets prioriteringar för året.",
)


def rejection_reason_set_active(
    *, reason: RejectionReason, user: AbstractBaseUser, active: bool
) -> RejectionReason:
    """Take a reason out of use (or back); decisions that gave it keep it."""
    _require(user, reason.county_id, {Role.COORDINATOR})
    reason.active = active
    reason.save(update_fields=["active"])
    return reason


def rejection_reasons_add_defaults(*, county: County, user: AbstractBaseUser) -> int:
    """Give a county without reasons a few common ones; returns how many were added (0 when
    the county already has reasons, so pressing twice adds nothing)."""
    _require(user, county.pk, {Role.COORDINATOR})
    with transaction.atomic():
        County.objects.select_for_update().filter(pk=county.pk).first()
        if county.rejection_reasons.exists():
            return 0
        RejectionReason.objects.bulk_create(
            RejectionReason(county=county, text=text, position=position)
            for position, text in enumerate(DEFAULT_REJECTION_REASONS, start=1)
        )
    return len(DEFAULT_REJECTION_REASONS)
