"""Personal data: a user downloads their data; a coordinator anonymises a person who left."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import AnonymiseRefused, person_anonymise
from accounts.two_factor.services import recovery_codes_replace
from allocations.agreements.services import DEMO_PASSWORD
from allocations.models import County, Membership, Role
from applications.models import Assessment, ConflictDeclaration, StatusChange
from tests.applications.review_helpers import assess
from tests.services import in_english

pytestmark = pytest.mark.django_db

# An application in review with a review round, as the application tests build them.

User = get_user_model()


@pytest.fixture
def assessed(review_round, in_review, reviewers):
    """The first reviewer declared no conflict and submitted an assessment."""
    assess(in_review, reviewers[0], category=2)
    return in_review


def download(client) -> dict:
    response = client.get(reverse("account_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="lansmedel-')
    return json.loads(response.content)


# ---------------------------------------------------------------------------
# The account page and the download
# ---------------------------------------------------------------------------
def test_the_account_page_links_the_download_and_the_people_page(login):
    client = login("samordnare@jamtland.demo")
    html = client.get(reverse("account")).content.decode()
    assert reverse("account_data") in html
    assert reverse("password_change") in html
    assert reverse("county_people", args=["jamtland"]) in html
    assert 'href="/konto/"' in client.get(reverse("start")).content.decode()  # from the menu


def test_an_applicant_downloads_their_account_roles_and_applications(login, assessed):
    data = download(login("sokande@ostersund.demo"))
    assert data["account"]["email"] == "sokande@ostersund.demo"
    assert data["account"]["date_joined"]
    assert data["memberships"] == [
        {"county": "Jämtland Härjedalen", "role": "applicant", "organisation": "Östersunds kommun"}
    ]
    [application] = data["applications_created"]
    assert application["title"] == assessed.title
    assert application["case_number"] == assessed.case_number
    assert application["submitted_at"] and application["created_at"]
    assert [c["to"] for c in data["status_changes"]] == ["submitted"]
    assert data["assessments"] == [] and data["conflict_declarations"] == []


def test_a_reviewer_downloads_their_assessments_and_declarations(login, assessed):
    data = download(login("beredning1@jamtland.demo"))
    [assessment] = data["assessments"]
    assert assessment["application_id"] == assessed.pk
    assert assessment["motivation"] == "Motiverat."
    assert assessment["submitted_at"]
    [declaration] = data["conflict_declarations"]
    assert declaration["has_conflict"] is False and declaration["declared_at"]
    assert data["applications_created"] == []


def test_the_download_lists_the_users_own_log_ins(client, seeded):
    client.post(reverse("login"), {"username": "sokande@ostersund.demo", "password": DEMO_PASSWORD})
    data = download(client)
    assert len(data["log_ins"]) == 1
    assert data["log_ins"][0]["ip_address"] == "127.0.0.1"


def test_the_download_needs_a_log_in(client, seeded):
    assert client.get(reverse("account_data"))["Location"].startswith(reverse("login"))


# ---------------------------------------------------------------------------
# Anonymising
# ---------------------------------------------------------------------------
def anonymise_url(person) -> str:
    return reverse("person_anonymise", args=["jamtland", person.pk])


def test_the_coordinator_sees_the_people_of_the_county(login, seeded):
    html = login("samordnare@jamtland.demo").get(reverse("county_people", args=["jamtland"]))
    assert html.status_code == 200
    text = html.content.decode()
    assert "beredning1@jamtland.demo" in text
    assert "sokande@ostersund.demo" in text
    assert "samordnare@vastmanland.demo" not in text


def test_a_coordinator_anonymises_a_reviewer_and_the_record_stays(login, assessed, reviewers):
    member = reviewers[0]
    TOTPDevice.objects.create(user=member, name="Authenticator", confirmed=True)
    recovery_codes_replace(user=member)
    client = login("samordnare@jamtland.demo")
    assert client.get(anonymise_url(member)).status_code == 200
    assert client.post(anonymise_url(member), {}).status_code == 400  # not confirmed
    response = client.post(anonymise_url(member), {"confirm": "on"})
    assert response.status_code == 302

    member.refresh_from_db()
    name = f"Anonymiserad användare {member.pk}"
    assert member.get_username() == name
    assert member.get_full_name() == name
    assert member.email == ""
    assert not member.has_usable_password()
    assert not member.is_active
    assert not Membership.objects.filter(user=member).exists()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    # The public record is intact and refers to the anonymised user.
    assessment = Assessment.objects.get(application=assessed, member=member)
    assert assessment.submitted_at and assessment.motivation == "Motiverat."
    assert ConflictDeclaration.objects.filter(application=assessed, member=member).exists()
    # The person can no longer log in.
    assert not client.login(username="beredning1@jamtland.demo", password=DEMO_PASSWORD)
    people = client.get(reverse("county_people", args=["jamtland"])).content.decode()
    assert "beredning1@jamtland.demo" not in people


def test_an_anonymised_applicant_still_shows_in_the_history(login, assessed, applicant):
    client = login("samordnare@jamtland.demo")
    assert client.post(anonymise_url(applicant), {"confirm": "on"}).status_code == 302
    change = StatusChange.objects.get(application=assessed, to_status="submitted")
    assert change.by_id == applicant.pk
    detail = client.get(reverse("applications:application_detail", args=[assessed.pk]))
    html = detail.content.decode()
    assert f"Anonymiserad användare {applicant.pk}" in html
    assert "sokande@ostersund.demo" not in html.replace(assessed.contact_email, "")
    assessed.refresh_from_db()
    assert assessed.created_by_id == applicant.pk
    assert assessed.title and assessed.case_number


def test_only_the_countys_coordinator_may_anonymise(client, seeded, login):
    person = User.objects.get(username="beredning1@jamtland.demo")
    reviewer = login("beredning2@jamtland.demo")
    assert reviewer.get(anonymise_url(person)).status_code == 403
    assert reviewer.post(anonymise_url(person), {"confirm": "on"}).status_code == 403
    client.post(reverse("logout"))
    other = login("samordnare@vastmanland.demo")
    assert other.get(anonymise_url(person)).status_code == 404
    assert other.get(reverse("county_people", args=["jamtland"])).status_code == 404
    person.refresh_from_db()
    assert person.email == "beredning1@jamtland.demo"


def test_a_person_of_another_county_is_not_found(login, seeded):
    stranger = User.objects.get(username="beredning1@vastmanland.demo")
    client = login("samordnare@jamtland.demo")
    assert client.get(anonymise_url(stranger)).status_code == 404


def test_refusals_are_explained(login, seeded):
    coordinator = User.objects.get(username="samordnare@jamtland.demo")
    jamtland = County.objects.get(slug="jamtland")
    with pytest.raises(AnonymiseRefused):
        person_anonymise(county=jamtland, person=coordinator, by=coordinator)
    both = User.objects.get(username="forum@jamtland.demo")
    Membership.objects.create(
        user=both, county=County.objects.get(slug="dalarna"), role=Role.REVIEWER
    )
    client = in_english(login("samordnare@jamtland.demo"))
    response = client.post(anonymise_url(both), {"confirm": "on"})
    assert response.status_code == 400
    assert "still holds a role in another county" in response.content.decode()
    both.refresh_from_db()
    assert both.email == "forum@jamtland.demo"


def test_only_a_coordinator_of_the_county_may_anonymise(seeded):
    from django.contrib.auth import get_user_model

    from accounts.services import AnonymiseRefused, person_anonymise
    from allocations.models import County

    users = get_user_model().objects
    jamtland = County.objects.get(slug="jamtland")
    person = users.get(username="beredning2@jamtland.demo")
    for outsider in ["forum@jamtland.demo", "samordnare@vastmanland.demo"]:
        with pytest.raises(AnonymiseRefused):
            person_anonymise(county=jamtland, person=person, by=users.get(username=outsider))
    person.refresh_from_db()
    assert person.username == "beredning2@jamtland.demo"
