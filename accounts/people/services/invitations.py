"""Invitations by e-mail to a role in a county or to be a national administrator: made,
sent (again), revoked and accepted. Only the digest of the link's token is stored."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.people.services.common import (
    PeopleError,
    holds_role_already,
    may_invite,
    refused,
    user_for_email,
)
from allocations.models import (
    NATIONAL_ADMINISTRATOR,
    County,
    ForumFunction,
    Invitation,
    Membership,
    NationalAdministrator,
    Organisation,
    Role,
)
from allocations.models.invitation import (
    invitation_token_digest,
    invitation_token_new,
    invitation_valid_for,
)
from allocations.models.membership import ORGANISATION_ROLES
from reporting.messaging.mail import mail_queue
from reporting.models import MailKind


def _same_invitation(*, email, county, role, organisation):
    return Invitation.objects.open().filter(
        email__iexact=email, county=county, role=role, organisation=organisation
    )


def _send(invitation: Invitation, *, token: str, base_url: str) -> None:
    """Queue the e-mail with the link (a secret of the recipient: its text is removed from
    the outbox once sent)."""
    link = base_url.rstrip("/") + reverse("invitation_accept", args=[token])
    context = {"invitation": invitation, "link": link}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("account/people/email/invitation_subject.txt", context)
        body = render_to_string("account/people/email/invitation.txt", context)
    mail_queue(
        kind=MailKind.SYSTEM,
        to=[invitation.email],
        subject=subject,
        body=body,
        county=invitation.county,
        related=invitation,
    )
    invitation.sent_count += 1
    invitation.last_sent_at = timezone.now()


@transaction.atomic
def invitation_create(
    *,
    county: County | None,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    forum_function: str = "",
    by: AbstractBaseUser,
    base_url: str = "",
) -> Invitation:
    """Invite the person of `email` to `role` in `county` (None and `NATIONAL_ADMINISTRATOR`:
    to be a national administrator) and queue the e-mail with the link (`base_url`: the
    site's address, before the link's path). The new invitation carries its token as
    `invitation.token` (only its digest is stored).

    Refused (`PeopleError` on the field `email`) when the person holds that role there
    today (for the same organisation, an applicant), or an open invitation for the same is
    waiting; refused when `by` may not give the role."""
    email = email.strip().lower()
    if not may_invite(by=by, county=county, role=role):
        raise refused()
    if role == NATIONAL_ADMINISTRATOR:
        county = organisation = None
        forum_function = ""
    if role not in ORGANISATION_ROLES:
        organisation = None
    elif organisation is None or organisation.county_id != county.pk:
        raise PeopleError(_("Choose one of the county's organisations."), field="organisation")
    if role != Role.FORUM:
        forum_function = ""
    person = user_for_email(email)
    if person is not None and holds_role_already(
        user=person, county=county, role=role, organisation=organisation
    ):
        raise PeopleError(_("%(email)s already has this role.") % {"email": email}, field="email")
    if _same_invitation(email=email, county=county, role=role, organisation=organisation).exists():
        raise PeopleError(
            _("%(email)s has already been invited to this role; send that invitation again.")
            % {"email": email},
            field="email",
        )
    token = invitation_token_new()
    invitation = Invitation.objects.create(
        county=county,
        email=email,
        role=role,
        organisation=organisation,
        forum_function=forum_function or ForumFunction.MEMBER,
        token_digest=invitation_token_digest(token),
        invited_by=by,
    )
    _send(invitation, token=token, base_url=base_url)
    invitation.save(update_fields=["sent_count", "last_sent_at"])
    invitation.token = token
    return invitation


def _may_manage(*, invitation: Invitation, by) -> None:
    if not may_invite(by=by, county=invitation.county, role=invitation.role):
        raise refused()
    if invitation.accepted_at is not None:
        raise PeopleError(_("The invitation has been accepted: end the role instead."))


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: AbstractBaseUser) -> Invitation:
    """The link stops working. Refused for an accepted invitation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _may_manage(invitation=invitation, by=by)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


@transaction.atomic
def invitation_resend(
    *, invitation: Invitation, by: AbstractBaseUser, base_url: str = ""
) -> Invitation:
    """A new link, valid for the whole period again, sent again; the earlier link stops
    working. A revoked invitation becomes valid again. Refused for an accepted one."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _may_manage(invitation=invitation, by=by)
    token = invitation_token_new()
    invitation.token_digest = invitation_token_digest(token)
    invitation.expires_at = timezone.now() + invitation_valid_for()
    invitation.revoked_at, invitation.revoked_by = None, None
    _send(invitation, token=token, base_url=base_url)
    invitation.save()
    invitation.token = token
    return invitation


def _grant(invitation: Invitation, user) -> None:
    today = timezone.localdate()
    if invitation.is_national:
        if not NationalAdministrator.objects.filter(user=user).exists():
            NationalAdministrator.objects.create(
                user=user, starts_on=today, appointed_by=invitation.invited_by
            )
        return
    if holds_role_already(
        user=user,
        county=invitation.county,
        role=invitation.role,
        organisation=invitation.organisation,
    ):
        return
    Membership.objects.create(
        user=user,
        county=invitation.county,
        role=invitation.role,
        organisation=invitation.organisation,
        forum_function=invitation.forum_function,
        starts_on=today,
    )


def _open_for_update(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open():
        raise PeopleError(_("The invitation is no longer valid."))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: AbstractBaseUser) -> Invitation:
    """The logged-in person of the invitation's address takes the role (from today)."""
    invitation = _open_for_update(invitation)
    if (user.email or "").strip().lower() != invitation.email:
        raise PeopleError(
            _("The invitation is for %(email)s: log in with that address.")
            % {"email": invitation.email}
        )
    _grant(invitation, user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation


@transaction.atomic
def invitation_accept_new_user(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> AbstractBaseUser:
    """An account for the invitation's address with the chosen password, holding the role
    from today. Refused when the address has an account already (log in instead)."""
    invitation = _open_for_update(invitation)
    if user_for_email(invitation.email) is not None:
        raise PeopleError(_("The address has an account already: log in to accept."))
    user = get_user_model().objects.create_user(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        password=password,
    )
    _grant(invitation, user)
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def invitations_revoke_for_email(*, email: str, by: AbstractBaseUser) -> int:
    """Revokes every open invitation to the address (a person who is anonymised); how many.
    Runs inside the caller's transaction."""
    if not email:
        return 0
    invitations = list(Invitation.objects.open().filter(email__iexact=email.strip()))
    for invitation in invitations:
        invitation.revoked_at, invitation.revoked_by = timezone.now(), by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
    return len(invitations)
