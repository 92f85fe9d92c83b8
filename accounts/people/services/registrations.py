"""Organisations asking to be registered in a county, and the coordinator's decision."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.people.services.common import (
    PeopleError,
    refused,
)
from accounts.people.services.invitations import invitation_create
from allocations.agreements.selectors import user_has_role
from allocations.models import (
    County,
    Organisation,
    OrganisationRegistration,
    RegistrationState,
    Role,
)


def _registration_conflict(
    *, county: County, name: str, organisation_number: str, other_than: int | None = None
) -> None:
    pending = OrganisationRegistration.objects.filter(
        county=county, organisation_number=organisation_number, state=RegistrationState.PENDING
    ).exclude(pk=other_than)
    registered = Organisation.objects.filter(county=county, organisation_number=organisation_number)
    if registered.exists() or pending.exists():
        raise PeopleError(
            _("An organisation with this number is registered in the county already."),
            field="organisation_number",
        )
    if Organisation.objects.filter(county=county, name__iexact=name.strip()).exists():
        raise PeopleError(
            _("An organisation of this name is registered in the county already."),
            field="name",
        )


def organisation_registration_submit(
    *,
    county: County,
    name: str,
    organisation_number: str,
    kind: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    message: str = "",
) -> OrganisationRegistration:
    """A request, waiting for the county's coordinator. Refused (`PeopleError` on the field)
    when an organisation with the number or the name is registered in the county already,
    or asks to be."""
    _registration_conflict(county=county, name=name, organisation_number=organisation_number)
    try:
        with transaction.atomic():
            return OrganisationRegistration.objects.create(
                county=county,
                name=name.strip(),
                organisation_number=organisation_number,
                kind=kind,
                contact_name=contact_name.strip(),
                contact_email=contact_email.strip().lower(),
                contact_phone=contact_phone.strip(),
                message=message.strip(),
            )
    except IntegrityError as exc:  # the same number sent twice at once
        raise PeopleError(
            _("An organisation with this number is registered in the county already."),
            field="organisation_number",
        ) from exc


APPROVE, REJECT = "approve", "reject"


@transaction.atomic
def organisation_registration_decide(
    *,
    registration: OrganisationRegistration,
    decision: str,
    by: AbstractBaseUser,
    base_url: str = "",
) -> OrganisationRegistration:
    """Approve (the organisation is created in the county and its contact person invited as
    its applicant) or reject a waiting request. Refused for one decided already."""
    registration = OrganisationRegistration.objects.select_for_update().get(pk=registration.pk)
    county = registration.county
    if not user_has_role(user=by, county=county, roles={Role.COORDINATOR}):
        raise refused()
    if registration.state != RegistrationState.PENDING:
        raise PeopleError(_("The request has been decided already."))
    if decision not in (APPROVE, REJECT):
        raise PeopleError(_("Approve or reject the request."), field="decision")
    if decision == APPROVE:
        _registration_conflict(
            county=county,
            name=registration.name,
            organisation_number=registration.organisation_number,
            other_than=registration.pk,
        )
        registration.organisation = Organisation.objects.create(
            county=county,
            name=registration.name,
            kind=registration.kind,
            organisation_number=registration.organisation_number,
        )
        invitation_create(
            county=county,
            email=registration.contact_email,
            role=Role.APPLICANT,
            organisation=registration.organisation,
            by=by,
            base_url=base_url,
        )
    registration.state = (
        RegistrationState.APPROVED if decision == APPROVE else RegistrationState.REJECTED
    )
    registration.decided_by, registration.decided_at = by, timezone.now()
    registration.save()
    return registration
