"""Who may do what with an application. Every view asks here, object by object."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from allocations.models import County, Membership, Organisation, Role
from applications.models import Application, ConflictDeclaration
from applications.models.status import TRANSITIONS, VISIBLE_TO_STAFF, Status

User = AbstractBaseUser | AnonymousUser


def _memberships(user: User) -> tuple[dict[int, set[Role]], set[int]]:
    """The user's roles per county and applicant organisations, read once per request (the
    request's user object carries them)."""
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        roles: dict[int, set[Role]] = {}
        organisations: set[int] = set()
        for county_id, role, organisation_id in Membership.objects.filter(user=user).values_list(
            "county_id", "role", "organisation_id"
        ):
            roles.setdefault(county_id, set()).add(Role(role))
            if role == Role.APPLICANT and organisation_id is not None:
                organisations.add(organisation_id)
        cached = user._memberships_cache = (roles, organisations)
    return cached


def roles_in_county(user: User, county: County) -> set[Role]:
    if not user.is_authenticated:
        return set()
    roles, _organisations = _memberships(user)
    return roles.get(county.pk if isinstance(county, County) else county, set())


def applicant_organisation_ids(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return _memberships(user)[1]


def may_apply_for(user: User, organisation: Organisation) -> bool:
    return organisation.pk in applicant_organisation_ids(user)


def is_applicant_of(user: User, application: Application) -> bool:
    return application.organisation_id in applicant_organisation_ids(user)


def is_staff_of(user: User, application: Application) -> bool:
    """Coordinators, review group and forum members of the county see submitted applications."""
    staff = {Role.COORDINATOR, Role.REVIEWER, Role.FORUM}
    return bool(roles_in_county(user, application.county_id) & staff)


def may_view(user: User, application: Application) -> bool:
    """The applicant's organisation always; the county's coordinator and forum once it is
    submitted; a review-group member only after declaring no conflict of interest on it."""
    if is_applicant_of(user, application):
        return True
    if application.status not in VISIBLE_TO_STAFF:
        return False
    if getattr(user, "is_superuser", False):
        return True
    roles = roles_in_county(user, application.county_id)
    if roles & {Role.COORDINATOR, Role.FORUM}:
        return True
    if Role.REVIEWER in roles:
        return ConflictDeclaration.objects.filter(
            application=application, member=user, has_conflict=False
        ).exists()
    return False


def may_edit(user: User, application: Application) -> bool:
    return is_applicant_of(user, application) and application.is_editable_by_applicant


def _may_move(user: User, application: Application, to: Status, roles: set[Role]) -> bool:
    """The transition table allows the move from the current status for one of `roles`."""
    allowed = TRANSITIONS.get((Status(application.status), to), frozenset())
    return bool(allowed & roles)


def may_request_completion(user: User, application: Application) -> bool:
    roles = roles_in_county(user, application.county_id) & {Role.COORDINATOR, Role.REVIEWER}
    return _may_move(user, application, Status.COMPLETION_REQUESTED, roles)


def may_withdraw(user: User, application: Application) -> bool:
    return is_applicant_of(user, application) and _may_move(
        user, application, Status.WITHDRAWN, {Role.APPLICANT}
    )


def may_open_in_review(user: User, application: Application) -> bool:
    """Review pages load a submitted application for the county's staff; what they then
    show (only the facts needed to declare a conflict, before a declaration) is decided
    by the review views."""
    if is_applicant_of(user, application):
        return True  # the review pages then answer 403: they may see it, not review it
    return application.status in VISIBLE_TO_STAFF and (
        is_staff_of(user, application) or getattr(user, "is_superuser", False)
    )
