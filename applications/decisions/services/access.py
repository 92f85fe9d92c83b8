"""Who may act on a county's decision meetings, and the meeting lock every change takes."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from allocations.models import Role
from applications.applying.permissions import roles_in_county
from applications.errors import DecisionFinal, TransitionRefused
from applications.models import DecisionMeeting, MeetingState

DECIDERS = {Role.FORUM, Role.COORDINATOR}


def require_role(user: AbstractBaseUser, county_id: int, roles: set[Role]) -> None:
    if not (roles_in_county(user, county_id) & roles):
        raise TransitionRefused(_("Your role does not allow this step."))


def require_open(meeting: DecisionMeeting) -> None:
    if meeting.state != MeetingState.OPEN:
        raise DecisionFinal(_("The meeting is closed: its decisions can no longer change."))


def locked_meeting(meeting: DecisionMeeting) -> DecisionMeeting:
    return (
        DecisionMeeting.objects.select_for_update(of=("self",))
        .select_related("county")
        .get(pk=meeting.pk)
    )
