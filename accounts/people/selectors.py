"""Reads of the people pages: the county's roles today and ended, waiting invitations, the
national administrators, and organisations asking to be registered. One query each."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.selectors import county_people
from allocations.models import (
    NATIONAL_ADMINISTRATOR,
    County,
    Invitation,
    Membership,
    NationalAdministrator,
    Organisation,
    OrganisationRegistration,
    RegistrationState,
    Role,
)
from allocations.models.invitation import invitation_token_digest


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation the link's token belongs to, whatever its state; None if none."""
    return (
        Invitation.objects.select_related("county", "organisation", "invited_by")
        .filter(token_digest=invitation_token_digest(token))
        .first()
    )


def invitation_in_county(*, county: County, pk: int) -> Invitation | None:
    return Invitation.objects.filter(county=county, pk=pk).first()


def membership_in_county(*, county: County, pk: int) -> Membership | None:
    """A role of the county, held today or not."""
    return Membership.all_objects.select_related("county").filter(county=county, pk=pk).first()


def county_organisations(*, county: County) -> QuerySet[Organisation]:
    return Organisation.objects.filter(county=county).order_by("name")


@dataclass(frozen=True)
class PeoplePage:
    people: list  # users with `county_roles`, their roles today (`accounts.selectors`)
    ended: list[Membership]
    invitations: list[Invitation]


def county_people_page(*, county: County) -> PeoplePage:
    """The people holding a role today, the roles that have ended (latest first) and the
    invitations waiting to be accepted: three queries."""
    ended = (
        Membership.all_objects.ended()
        .filter(county=county)
        .select_related("user", "organisation", "ended_by")
        .order_by("-ends_on", "user__email", "role")
    )
    invitations = (
        Invitation.objects.open()
        .filter(county=county)
        .select_related("organisation", "invited_by")
        .order_by("expires_at", "email")
    )
    return PeoplePage(county_people(county=county), list(ended), list(invitations))


@dataclass(frozen=True)
class NationalAdministratorsPage:
    current: list[NationalAdministrator]
    ended: list[NationalAdministrator]
    invitations: list[Invitation]


def national_administrators_page() -> NationalAdministratorsPage:
    current = NationalAdministrator.objects.select_related("user", "appointed_by").order_by(
        "user__email"
    )
    ended = (
        NationalAdministrator.all_objects.ended()
        .select_related("user", "ended_by")
        .order_by("-ends_on", "user__email")
    )
    invitations = (
        Invitation.objects.open()
        .filter(role=NATIONAL_ADMINISTRATOR)
        .select_related("invited_by")
        .order_by("expires_at", "email")
    )
    return NationalAdministratorsPage(list(current), list(ended), list(invitations))


@dataclass(frozen=True)
class CountyCoordinatorsPage:
    coordinators: list[Membership]
    invitations: list[Invitation]


def county_coordinators_page(*, county: County) -> CountyCoordinatorsPage:
    """A county's coordinators today and the coordinator invitations waiting to be accepted,
    as a national administrator sees them when setting up a new county: two queries."""
    coordinators = (
        Membership.objects.filter(county=county, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("user__email")
    )
    invitations = (
        Invitation.objects.open()
        .filter(county=county, role=Role.COORDINATOR)
        .select_related("invited_by")
        .order_by("expires_at", "email")
    )
    return CountyCoordinatorsPage(list(coordinators), list(invitations))


def national_administrator_get(*, pk: int) -> NationalAdministrator | None:
    return NationalAdministrator.all_objects.filter(pk=pk).first()


@dataclass(frozen=True)
class RegistrationsPage:
    pending: list[OrganisationRegistration]
    decided: list[OrganisationRegistration]


def organisation_registrations(*, county: County) -> RegistrationsPage:
    """The county's requests: waiting ones (oldest first), then decided ones (latest
    first); one query."""
    rows = list(
        OrganisationRegistration.objects.filter(county=county).select_related(
            "decided_by", "organisation"
        )
    )
    pending = [r for r in rows if r.state == RegistrationState.PENDING]
    decided = [r for r in rows if r.state != RegistrationState.PENDING]
    pending.sort(key=lambda r: (r.created_at, r.pk))
    decided.sort(key=lambda r: (r.decided_at or r.created_at, r.pk), reverse=True)
    return RegistrationsPage(pending, decided)


def registration_in_county(*, county: County, pk: int) -> OrganisationRegistration | None:
    return OrganisationRegistration.objects.filter(county=county, pk=pk).first()
