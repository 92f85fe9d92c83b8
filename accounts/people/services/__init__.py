"""Giving and ending roles: invitations by e-mail (in a county, or as a national
administrator), roles ended with a date, and organisations asking to be registered.

Roles are never deleted: ending one sets `ends_on` and `ended_by` (the role is held up to
the day before). An invitation gives its role when it is accepted, by the person of its
e-mail address: a new account is created with the password they choose, or an existing one
logs in first. The e-mail with the link goes through the mail outbox.
"""

from accounts.people.services.common import PeopleError, user_for_email
from accounts.people.services.invitations import (
    invitation_accept,
    invitation_accept_new_user,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    invitations_revoke_for_email,
)
from accounts.people.services.registrations import (
    APPROVE,
    REJECT,
    organisation_registration_decide,
    organisation_registration_submit,
)
from accounts.people.services.roles import (
    memberships_end_all,
    national_administrator_end,
    role_end,
)

__all__ = [
    "APPROVE",
    "REJECT",
    "PeopleError",
    "invitation_accept",
    "invitation_accept_new_user",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "invitations_revoke_for_email",
    "memberships_end_all",
    "national_administrator_end",
    "organisation_registration_decide",
    "organisation_registration_submit",
    "role_end",
    "user_for_email",
]
