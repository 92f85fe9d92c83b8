"""Who may see and do what at the decision forum's meetings.

The county's coordinator and its decision forum members see the meetings; everybody else
gets 403 in a county where they hold another role and 404 in any other county. What a
viewer may do on a meeting page is decided here, so the pages and the views agree.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from allocations.agreements.selectors import county_for_user
from allocations.models import County, Role
from applications.applying.permissions import roles_in_county
from applications.models import Decision, DecisionMeeting, MeetingState

User = AbstractBaseUser | AnonymousUser

DECISION_STAFF = frozenset({Role.COORDINATOR, Role.FORUM})


def decision_county(request: HttpRequest, slug: str, *, coordinator: bool = False) -> County:
    """The county for its coordinator and forum members (only the coordinator when
    `coordinator`): 404 in a county the user holds no role in, 403 for other roles."""
    county = county_for_user(user=request.user, slug=slug)
    roles = roles_in_county(request.user, county)
    wanted = {Role.COORDINATOR} if coordinator else DECISION_STAFF
    if not roles & wanted:
        raise PermissionDenied
    return county


def is_coordinator(user: User, county_id: int) -> bool:
    return Role.COORDINATOR in roles_in_county(user, county_id)


def may_decide(user: User, meeting: DecisionMeeting) -> bool:
    """Members of the forum and the coordinator decide while the meeting is open."""
    return meeting.is_open and bool(roles_in_county(user, meeting.county_id) & DECISION_STAFF)


def may_manage(user: User, meeting: DecisionMeeting) -> bool:
    """The coordinator prepares the agenda, edits and closes an open meeting."""
    return meeting.is_open and is_coordinator(user, meeting.county_id)


def takes_no_part(user: User, decision: Decision) -> bool:
    """The viewer has recorded a conflict of interest on the line (prefetched)."""
    return any(member.pk == user.pk for member in decision.not_participating.all())


def approvals_due(user: User, meeting: DecisionMeeting) -> list[str]:
    """What the user still has to approve of the minutes: "chair", "approver" or nothing."""
    if meeting.state != MeetingState.CLOSED or not user.is_authenticated:
        return []
    due = []
    if meeting.chair_id == user.pk and meeting.chair_approved_at is None:
        due.append("chair")
    if meeting.minutes_approver_id == user.pk and meeting.approver_approved_at is None:
        due.append("approver")
    return due
