# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""The decision forum's meetings and their agenda: paragraphs (§), the proposal list, lines
without an application, and corrections of final decisions. Deciding is in `rulings`,
closing and releasing in `decisions.services.closing`.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from allocations.models import (
    Agreement,
    County,
    FocusArea,
    Organisation,
    Role,
    SubArea,
)
from applications.applying.permissions import roles_in_county
from applications.decisions.selectors.meetings import proposals_awaiting_decision
from applications.decisions.services.access import (
    DECIDERS,
    locked_meeting,
    require_open,
    require_role,
)
from applications.errors import ApplicationIncomplete, TransitionRefused
from applications.models import AgendaItem, Decision, DecisionMeeting, MeetingState

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
    require_role(user, county.pk, {Role.COORDINATOR})
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
    require_role(user, meeting.county_id, {Role.COORDINATOR})
    allowed = {"held_on", "place", "first_paragraph", "chair", "minutes_approver"}
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        require_open(meeting)
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


def agenda_add_proposals(
    *, meeting: DecisionMeeting, user: AbstractBaseUser, heading: str = ""
) -> AgendaItem | None:
    """Put every adopted proposal still undecided on the agenda as one paragraph: the
    proposal list, to be adopted as a whole with exceptions. None when there is nothing."""
    require_role(user, meeting.county_id, {Role.COORDINATOR})
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        require_open(meeting)
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
    require_role(user, meeting.county_id, {Role.COORDINATOR})
    if not heading.strip():
        raise ApplicationIncomplete({"heading": [_("This field is required.")]})
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        require_open(meeting)
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
    require_role(user, meeting.county_id, {Role.COORDINATOR})
    _check_line(meeting, focus_area, sub_area, responsible_organisation, handling_organisation)
    if not title.strip():
        raise ApplicationIncomplete({"title": [_("This field is required.")]})
    with transaction.atomic():
        meeting = locked_meeting(meeting)
        require_open(meeting)
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
    require_role(user, meeting.county_id, DECIDERS)
    _check_line(meeting, decision.focus_area, None, responsible_organisation, handling_organisation)
    with transaction.atomic():
        require_open(locked_meeting(meeting))
        decision.responsible_organisation = responsible_organisation
        decision.handling_organisation = handling_organisation
        decision.handling_note = handling_note
        decision.save()
    return decision


def correction_add(
    *, meeting: DecisionMeeting, user: AbstractBaseUser, corrected: Decision, heading: str = ""
) -> Decision:
    """A new, undecided line in an open meeting that will replace a final decision."""
    require_role(user, meeting.county_id, {Role.COORDINATOR})
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
        meeting = locked_meeting(meeting)
        require_open(meeting)
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
