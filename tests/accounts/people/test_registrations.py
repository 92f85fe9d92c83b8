"""An organisation asks to be registered (organisation number checked); the county's
coordinator approves it: the organisation exists and its contact person is invited."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from allocations.models import (
    Invitation,
    Organisation,
    OrganisationKind,
    OrganisationRegistration,
    RegistrationState,
    Role,
)
from allocations.validators import (
    luhn_valid,
    normalise_organisation_number,
    validate_organisation_number,
)
from tests.accounts.people.people import invitation_mail

pytestmark = pytest.mark.django_db

REGISTER = reverse("organisation_register")
REQUESTS = reverse("organisation_registrations", args=["jamtland"])


def form(jamtland, **changes) -> dict:
    return {
        "county": jamtland.pk,
        "name": "Föreningen Psykisk Hälsa Jämtland",
        "organisation_number": "802001-1238",
        "kind": OrganisationKind.CIVIL_SOCIETY,
        "contact_name": "Kim Karlsson",
        "contact_email": "kim@forening.se",
        "contact_phone": "063-12 34 56",
        "message": "Vi vill söka för suicidprevention.",
        **changes,
    }


@pytest.mark.parametrize(
    "number", ["212000-2411", "2120002411", "556016-0680", "212000-0142", " 802001-1238 "]
)
def test_valid_organisation_numbers(number):
    validate_organisation_number(number)
    assert normalise_organisation_number(number)[6] == "-"


def test_the_check_digit_and_the_shape():
    assert normalise_organisation_number("2120002411") == "212000-2411"
    assert luhn_valid("2120002411") and not luhn_valid("2120002412")
    for number, code in [
        ("212000-2412", "checksum"),
        ("556016-0681", "checksum"),
        ("21200-02411", "format"),
        ("212000 2411", "format"),
        ("abc", "format"),
        ("", "format"),
    ]:
        with pytest.raises(ValidationError) as refused:
            validate_organisation_number(number)
        assert refused.value.code == code, number


def test_a_wrong_check_digit_is_shown_with_the_typed_values_kept(seeded, jamtland):
    response = Client().post(REGISTER, form(jamtland, organisation_number="802001-1234"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Organisationsnumret stämmer inte (kontrollsiffran är fel)." in html
    assert 'value="802001-1234"' in html and 'value="Kim Karlsson"' in html
    assert "Vi vill söka för suicidprevention." in html
    shape = Client().post(REGISTER, form(jamtland, organisation_number="80200112"))
    assert "Skriv organisationsnumret som NNNNNN-NNNN." in shape.content.decode()
    assert not OrganisationRegistration.objects.exists()


def test_a_request_is_approved_and_the_contact_invited(seeded, jamtland, login):
    page = Client().get(REGISTER)
    assert page.status_code == 200 and "Registrera en organisation" in page.content.decode()
    response = Client().post(REGISTER, form(jamtland, organisation_number="8020011238"))
    assert response.status_code == 200 and "Tack" in response.content.decode()
    registration = OrganisationRegistration.objects.get()
    assert registration.organisation_number == "802001-1238"
    assert registration.state == RegistrationState.PENDING

    again = Client().post(REGISTER, form(jamtland, name="Annat namn"))
    assert again.status_code == 400
    assert "En organisation med det här numret är redan registrerad i länet." in (
        again.content.decode()
    )

    coordinator = login("samordnare@jamtland.demo")
    html = coordinator.get(REQUESTS).content.decode()
    assert "Föreningen Psykisk Hälsa Jämtland" in html and "kim@forening.se" in html
    decide = reverse("organisation_registration_decide", args=["jamtland", registration.pk])
    assert coordinator.post(decide, {"decision": "approve"}).status_code == 302

    organisation = Organisation.objects.get(county=jamtland, name=registration.name)
    assert organisation.organisation_number == "802001-1238"
    assert organisation.kind == OrganisationKind.CIVIL_SOCIETY
    registration.refresh_from_db()
    assert registration.state == RegistrationState.APPROVED
    assert registration.organisation == organisation
    invitation = Invitation.objects.get(email="kim@forening.se")
    assert (invitation.role, invitation.organisation) == (Role.APPLICANT, organisation)
    assert "/inbjudan/" in invitation_mail("kim@forening.se").body
    decided = coordinator.get(REQUESTS).content.decode().split("Avgjorda ansökningar", 1)[1]
    assert registration.name in decided
    # Decided once: a second decision is refused.
    coordinator.post(decide, {"decision": "reject"})
    registration.refresh_from_db()
    assert registration.state == RegistrationState.APPROVED


def test_a_rejected_request_creates_nothing(seeded, jamtland, login):
    Client().post(REGISTER, form(jamtland))
    registration = OrganisationRegistration.objects.get()
    decide = reverse("organisation_registration_decide", args=["jamtland", registration.pk])
    coordinator = login("samordnare@jamtland.demo")
    assert coordinator.post(decide, {"decision": "nej"}).status_code == 302
    assert OrganisationRegistration.objects.get().state == RegistrationState.PENDING
    coordinator.post(decide, {"decision": "reject"})
    assert OrganisationRegistration.objects.get().state == RegistrationState.REJECTED
    assert not Organisation.objects.filter(name=registration.name).exists()
    assert not Invitation.objects.exists()


def test_another_countys_coordinator_gets_404(seeded, jamtland, login):
    Client().post(REGISTER, form(jamtland))
    registration = OrganisationRegistration.objects.get()
    decide = reverse("organisation_registration_decide", args=["jamtland", registration.pk])
    other = login("samordnare@vastmanland.demo")
    assert other.get(REQUESTS).status_code == 404
    assert other.post(decide, {"decision": "approve"}).status_code == 404
    own = reverse("organisation_registration_decide", args=["vastmanland", registration.pk])
    assert other.post(own, {"decision": "approve"}).status_code == 404
    assert login("sokande@ostersund.demo").get(REQUESTS).status_code == 403
    assert OrganisationRegistration.objects.get().state == RegistrationState.PENDING
