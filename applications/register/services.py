"""Writes to the county's register (diarium) beyond the entries the workflow records."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from allocations.models import Membership, Role
from applications.models import RegisterEntry

OFFICER_ROLES = (Role.COORDINATOR, Role.REVIEWER)


def register_officers(*, county_id: int) -> list[AbstractBaseUser]:
    """Who may handle a case: the county's coordinators and review-group members."""
    memberships = (
        Membership.objects.filter(county_id=county_id, role__in=OFFICER_ROLES)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )
    seen: dict[int, AbstractBaseUser] = {}
    for membership in memberships:
        seen.setdefault(membership.user_id, membership.user)
    return list(seen.values())


@transaction.atomic
def register_officer_assign(
    *, entry: RegisterEntry, officer: AbstractBaseUser, by: AbstractBaseUser
) -> int:
    """Make `officer` the one handling the entry's case: the entry and every entry of the
    same case that has no officer yet. Returns how many entries changed."""
    if not Membership.objects.filter(
        county_id=entry.county_id, user=officer, role__in=OFFICER_ROLES
    ).exists():
        raise ValidationError(
            {
                "officer": _(
                    "The officer must be a coordinator or review-group member of the county."
                )
            }
        )
    same_case = RegisterEntry.objects.filter(county_id=entry.county_id, officer__isnull=True)
    if entry.case_number:
        same_case = same_case.filter(case_number=entry.case_number)
    else:
        same_case = same_case.filter(pk=entry.pk)
    changing = list(same_case.select_for_update())
    if entry.officer_id != officer.pk and entry.pk not in {e.pk for e in changing}:
        changing.append(RegisterEntry.objects.select_for_update().get(pk=entry.pk))
    for changed in changing:  # one by one: each change is in the audit trail, with its author
        changed.officer = officer
        changed._history_user = by
        changed.save(update_fields=["officer"])
    return len(changing)
