"""What the steps on people and roles share: the refusal, and who a person is."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils.translation import gettext as _

from allocations.agreements.selectors import is_national_administrator, user_has_role
from allocations.models import (
    NATIONAL_ADMINISTRATOR,
    County,
    Membership,
    NationalAdministrator,
    Role,
)
from allocations.models.membership import ORGANISATION_ROLES


class PeopleError(Exception):
    """A refused step; the message is shown to the user, next to `field` when it names one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def refused() -> PeopleError:
    return PeopleError(_("Your role does not allow this step."))


def user_for_email(email: str) -> AbstractBaseUser | None:
    """The account of an e-mail address (log-ins are by e-mail, whatever its case)."""
    email = email.strip()
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
        .first()
    )


def may_invite(*, by, county: County | None, role: str) -> bool:
    """Coordinators invite to every role of their county; national administrators invite
    national administrators and the coordinators of any county (a new county has nobody
    else who could)."""
    if county is None:
        return is_national_administrator(user=by)
    if role == Role.COORDINATOR and is_national_administrator(user=by):
        return True
    return user_has_role(user=by, county=county, roles={Role.COORDINATOR})


def holds_role_already(*, user, county, role, organisation) -> bool:
    if role == NATIONAL_ADMINISTRATOR:
        return NationalAdministrator.objects.filter(user=user).exists()
    held = Membership.objects.filter(user=user, county=county, role=role)
    if role in ORGANISATION_ROLES:
        held = held.filter(organisation=organisation)
    return held.exists()
