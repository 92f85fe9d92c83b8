"""Who may see and do what in the review of an application (jäv and anchoring rules)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from allocations.models import Role
from applications.applying.permissions import roles_in_county
from applications.models import Application, Assessment, ConflictDeclaration, Status
from applications.review.services import round_for_member

User = AbstractBaseUser | AnonymousUser


def has_conflict(user: User, application: Application) -> bool:
    return ConflictDeclaration.objects.filter(
        application=application, member=user, has_conflict=True
    ).exists()


def is_review_staff(user: User, county_id: int) -> bool:
    return bool(roles_in_county(user, county_id) & {Role.COORDINATOR, Role.REVIEWER})


def may_assess(user: User, application: Application) -> bool:
    """A round member who assesses the application and has not declared a conflict."""
    return (
        user.is_authenticated
        and round_for_member(application, user) is not None
        and not has_conflict(user, application)
    )


def may_see_assessments(user: User, application: Application) -> bool:
    """The group's assessments: never with a conflict; a member only after submitting
    their own (so as not to be anchored); the coordinator always."""
    if not user.is_authenticated or has_conflict(user, application):
        return False
    roles = roles_in_county(user, application.county_id)
    if Role.COORDINATOR in roles:
        return True
    if Role.REVIEWER not in roles:
        return False
    return Assessment.objects.filter(
        application=application, member=user, submitted_at__isnull=False
    ).exists()


def may_formal_check(user: User, application: Application) -> bool:
    """The county's coordinator checks submitted (or resubmitted) applications."""
    return Role.COORDINATOR in roles_in_county(user, application.county_id) and (
        application.status in {Status.SUBMITTED, Status.RESUBMITTED}
    )
