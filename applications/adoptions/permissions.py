"""Who may prepare and record a member's adoption: the people who record adoptions for
that member organisation, and the county's coordinators; the coordinator sets due dates."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from allocations.models import Membership, Role
from applications.applying.permissions import roles_in_county
from applications.models import Adoption

User = AbstractBaseUser | AnonymousUser


def is_adopter_for(user: User, adoption: Adoption) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, role=Role.ADOPTER, organisation_id=adoption.member_id
    ).exists()


def may_set_due_date(user: User, county_id: int) -> bool:
    return Role.COORDINATOR in roles_in_county(user, county_id)


def may_prepare(user: User, adoption: Adoption) -> bool:
    return is_adopter_for(user, adoption) or may_set_due_date(user, adoption.meeting.county_id)


def may_record(user: User, adoption: Adoption) -> bool:
    return may_prepare(user, adoption)
