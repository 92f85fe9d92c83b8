"""Anonymising a person who has left the county.

Public records (applications, assessments, conflict declarations, status changes, decisions,
minutes) are kept: they refer to the user row, which stays and only loses the name, e-mail
address and means of logging in. Where a text names the person (the user row's history, an
application's contact, an e-mail sent to them), the name and address are replaced there too
(`anonymisation.py`).
"""

import logging

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from accounts.anonymisation import history_of_user_replace, personal_text_replace
from accounts.people.services import invitations_revoke_for_email, memberships_end_all
from allocations.agreements.selectors import user_has_role
from allocations.models import County, Membership, Role

log = logging.getLogger(__name__)

ANONYMISED_NAME = "Anonymiserad användare"


class AnonymiseRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def person_anonymise(*, county: County, person, by) -> None:
    """Removes the name, e-mail address and log-in of a person who has left the county.

    The user row stays, named "Anonymiserad användare <id>", so every record that refers to
    it is intact; the password becomes unusable, the account inactive, the person's roles
    end today (ended, not deleted), invitations to their address are revoked, their
    two-factor devices and log-in records are deleted.
    Refused for oneself, for staff and superusers, and for a person who still holds a role
    in another county (that county's coordinator or an administrator decides there).
    """
    if not user_has_role(user=by, county=county, roles={Role.COORDINATOR}):
        raise AnonymiseRefused(_("Your role does not allow this step."))
    if person.pk == by.pk:
        raise AnonymiseRefused(_("You cannot anonymise yourself."))
    if person.is_staff or person.is_superuser:
        raise AnonymiseRefused(_("Administrators are anonymised by another administrator."))
    held = set(Membership.objects.filter(user=person).values_list("county_id", flat=True))
    if county.pk not in held:
        raise AnonymiseRefused(_("This person holds no role in the county."))
    if held - {county.pk}:
        raise AnonymiseRefused(
            _(
                "This person still holds a role in another county; "
                "ask that county's coordinator to end it first."
            )
        )
    old_names = {person.get_username(), person.email} - {""}
    full_name = person.get_full_name().strip()
    name = f"{ANONYMISED_NAME} {person.pk}"
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=person.pk)
        user.username = name
        user.first_name = ANONYMISED_NAME
        user.last_name = str(user.pk)
        user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        # Roles end today (the rows stay, as every ended role does); waiting invitations
        # to the address can no longer be accepted.
        memberships_end_all(user=user, county=county, by=by)
        invitations_revoke_for_email(email=person.email, by=by)
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__in=old_names).delete()
        history_of_user_replace(
            user=user,
            values={
                "username": name,
                "first_name": ANONYMISED_NAME,
                "last_name": str(user.pk),
                "email": "",
            },
        )
        personal_text_replace(
            replacements={
                **dict.fromkeys(old_names - {person.email}, name),
                # A first name alone names many people; only the full name is replaced.
                **({full_name: name} if " " in full_name else {}),
                person.email: "",
            }
        )
    log.info("User %s anonymised by user %s (county %s)", person.pk, by.pk, county.slug)
