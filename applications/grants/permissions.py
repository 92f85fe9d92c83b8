"""Who may see and follow up a grant. Every grant view asks here, object by object.

The responsible organisation's applicants follow up their grant (status, forecast, usage,
report back); the county's coordinator sees and may record everything for the county; the
decision forum reads. Nobody else learns that the grant exists (404).
"""

from django.http import Http404

from allocations.models import Role
from applications.applying.permissions import User, applicant_organisation_ids, roles_in_county
from applications.models import Grant
from applications.models.decisions import MeetingState

READERS = frozenset({Role.COORDINATOR, Role.FORUM})


def is_recipient_of(user: User, grant: Grant) -> bool:
    """The responsible organisation's applicants, once the minutes are approved (until then
    the decision is not released to them)."""
    return (
        grant.responsible_organisation_id in applicant_organisation_ids(user)
        and grant.decision.item.meeting.state == MeetingState.MINUTES_APPROVED
    )


def is_coordinator_of(user: User, grant: Grant) -> bool:
    return Role.COORDINATOR in roles_in_county(user, grant.county_id)


def may_view_grant(user: User, grant: Grant) -> bool:
    if getattr(user, "is_superuser", False) or is_recipient_of(user, grant):
        return True
    return bool(roles_in_county(user, grant.county_id) & READERS)


def may_follow_up_grant(user: User, grant: Grant) -> bool:
    """Update status, forecast, usage and write the report back."""
    return is_recipient_of(user, grant) or is_coordinator_of(user, grant)


def grant_for_user(user: User, pk: int, *, follow_up: bool = False) -> Grant:
    """The grant if the user may see it (and, with `follow_up`, update it); else 404."""
    grant = (
        Grant.objects.select_related(
            "county",
            "focus_area",
            "responsible_organisation",
            "handling_organisation",
            "decision__item__meeting",
        )
        .filter(pk=pk)
        .first()
    )
    if grant is None or not may_view_grant(user, grant):
        raise Http404
    if follow_up and not may_follow_up_grant(user, grant):
        raise Http404
    return grant
