"""Who may open a county's year and work through its checklist: the county's coordinators
(and the superuser). A county the user has no part in is not found (404), another role of
the county is refused (403), an agreement year that does not exist is not found."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from allocations.agreements.selectors import agreement_get, county_for_coordinator
from allocations.models import Agreement, County


def county_year_for_coordinator(
    *, user: AbstractBaseUser | AnonymousUser, slug: str, year: int
) -> tuple[County, Agreement]:
    county = county_for_coordinator(user=user, slug=slug)
    return county, agreement_get(year=year)
