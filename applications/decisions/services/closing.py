# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""Closing a meeting (its decisions become final and grants) and approving its minutes
(justering), which releases the decisions to the applicants."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import (
    Role,
)
from applications.applying.services.transitions import transition
from applications.decisions.services.access import locked_meeting, require_role
from applications.decisions.signals import meeting_released
from applications.documents.services import minutes_request_on_release
from applications.errors import TransitionRefused
from applications.models import (
    MEETING_TRANSITIONS,
    Application,
    Decision,
    DecisionMeeting,
    Grant,
    MeetingState,
    Outcome,
    Status,
)
from reporting.messaging.outbox import enqueue

OUTCOME_STATUS = {
    Outcome.APPROVED: Status.APPROVED,
    Outcome.APPROVED_IN_PART: Status.APPROVED_IN_PART,
    Outcome.REJECTED: Status.REJECTED,
}


def _move(meeting: DecisionMeeting, to: MeetingState) -> None:
    if MEETING_TRANSITIONS.get(MeetingState(meeting.state)) != to:
        raise TransitionRefused(
            _("A meeting that is “%(from)s” cannot become “%(to)s”.")
            % {"from": MeetingState(meeting.state).label, "to": to.label}
        )
    meeting.state = to


def meeting_close(*, meeting: DecisionMeeting, user: AbstractBaseUser) -> DecisionMeeting:
    """Make the meeting's decisions final and turn every approved line into a grant."""
    require_role(user, meeting.county_id, {Role.COORDINATOR})
    with transaction.atomic():
        meeting = locked_meeting(meeting)
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
    from applications.applying.tasks import decision_notify

    with transaction.atomic():
        meeting = locked_meeting(meeting)
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
        if meeting.state == MeetingState.MINUTES_APPROVED:
            meeting_released.send(sender=type(meeting), meeting=meeting)
            # The approved minutes as a signed PDF, made after commit.
            minutes_request_on_release(meeting=meeting, user=user)
        for decision_id in released:
            enqueue(decision_notify, decision_id)
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
