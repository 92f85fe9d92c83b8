"""Roles end with a date and are never deleted: the row stays, with who ended it."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.people.services.common import (
    PeopleError,
    refused,
)
from allocations.agreements.selectors import is_national_administrator, user_has_role
from allocations.models import (
    County,
    Membership,
    NationalAdministrator,
    Role,
)


def _check_end(role, *, ends_on: datetime.date) -> None:
    if role.ends_on is not None and role.ends_on <= timezone.localdate():
        raise PeopleError(_("The role has ended already."))
    if role.starts_on and ends_on < role.starts_on:
        raise PeopleError(
            _("A role cannot end before it starts (%(date)s).")
            % {"date": f"{role.starts_on:%Y-%m-%d}"},
            field="ends_on",
        )


@transaction.atomic
def role_end(*, membership: Membership, ends_on: datetime.date, by: AbstractBaseUser) -> Membership:
    """The role is held up to the day before `ends_on`; the row stays. Refused for a role
    that has ended, a date before it started, and a coordinator's own coordinator role
    (another coordinator ends it, so a county is never left without one by mistake)."""
    membership = Membership.all_objects.select_for_update().get(pk=membership.pk)
    if not user_has_role(user=by, county=membership.county, roles={Role.COORDINATOR}):
        raise refused()
    if membership.user_id == by.pk and membership.role == Role.COORDINATOR:
        raise PeopleError(_("Another coordinator ends your role as coordinator."))
    _check_end(membership, ends_on=ends_on)
    membership.ends_on, membership.ended_by = ends_on, by
    membership.save(update_fields=["ends_on", "ended_by"])
    return membership


@transaction.atomic
def national_administrator_end(
    *, role: NationalAdministrator, ends_on: datetime.date, by: AbstractBaseUser
) -> NationalAdministrator:
    """Ends a national administrator's role with a date. Refused when no other national
    administrator would hold the role after it (one must always remain)."""
    if not is_national_administrator(user=by):
        raise refused()
    role = NationalAdministrator.all_objects.select_for_update().get(pk=role.pk)
    _check_end(role, ends_on=ends_on)
    remaining = (
        NationalAdministrator.objects.exclude(pk=role.pk)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=ends_on))
        .exists()
    )
    if not remaining:
        raise PeopleError(_("At least one national administrator must remain."))
    role.ends_on, role.ended_by = ends_on, by
    role.save(update_fields=["ends_on", "ended_by"])
    return role


def memberships_end_all(*, user, county: County, by) -> int:
    """Ends (today) every role the user holds or will hold in the county; for anonymising.
    A role that has not started yet ends the day it would have started."""
    today = timezone.localdate()
    ended = 0
    for membership in Membership.all_objects.filter(user=user, county=county).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today)
    ):
        membership.ends_on = max(today, membership.starts_on or today)
        membership.ended_by = by
        membership.save(update_fields=["ends_on", "ended_by"])
        ended += 1
    return ended
