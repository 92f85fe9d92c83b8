from django.conf import settings
from django.http import HttpRequest

from allocations.agreements.selectors import is_national_administrator_given, memberships_for_user
from allocations.models import Role


def navigation(request: HttpRequest) -> dict:
    """The user's roles per county, for the navigation. One query per request."""
    memberships = memberships_for_user(user=request.user)
    counties = {m.county.slug: m.county for m in memberships}
    roles = {m.role for m in memberships}
    staff_counties = {m.county.slug: m.county for m in memberships if m.role != Role.APPLICANT}
    deciding = {Role.FORUM, Role.COORDINATOR}
    decision_counties = {m.county.slug: m.county for m in memberships if m.role in deciding}
    return {
        "nav_memberships": memberships,
        "nav_counties": list(counties.values()),
        "nav_roles": roles,
        "nav_staff_counties": list(staff_counties.values()),
        "nav_decision_counties": list(decision_counties.values()),
        "nav_national": lambda: is_national_administrator_given(
            user=request.user, memberships=memberships
        ),
        "Role": Role,
        "demo_mode": settings.DEMO_MODE,
    }
