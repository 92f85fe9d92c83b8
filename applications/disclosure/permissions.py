"""Who handles requests for public records: the county's coordinators only. Another
county answers 404 (its existence is not revealed), other roles of the county 403."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from allocations.agreements.selectors import county_for_user
from allocations.models import County, Role
from applications.applying.permissions import roles_in_county


def disclosure_county(request: HttpRequest, slug: str) -> County:
    county = county_for_user(user=request.user, slug=slug)
    if Role.COORDINATOR not in roles_in_county(request.user, county):
        raise PermissionDenied
    return county
