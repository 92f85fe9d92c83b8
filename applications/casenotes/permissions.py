"""Who reads and writes an application's case notes: the county's coordinator and the
review group member who may read the application (never the applicant, even one who also
holds a staff role in the county, so that nothing internal reaches the organisation)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from allocations.models import Role
from applications.applying.permissions import is_applicant_of, may_view, roles_in_county
from applications.models import Application

User = AbstractBaseUser | AnonymousUser

NOTE_WRITERS = frozenset({Role.COORDINATOR, Role.REVIEWER})


def may_keep_notes(user: User, application: Application) -> bool:
    if not user.is_authenticated or is_applicant_of(user, application):
        return False
    if not roles_in_county(user, application.county_id) & NOTE_WRITERS:
        return False
    return may_view(user, application)
