"""A coordinator invites a person by e-mail; the person takes the role with the link, as a
new account or by logging in to the one they have; a link that is revoked, expired, used or
sent again in a new form gives no role."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.people.services import PeopleError, invitation_create
from allocations.agreements.services import DEMO_PASSWORD
from allocations.models import Invitation, Membership, Role
from tests.accounts.people.people import invitation_mail, invite, link_in

pytestmark = pytest.mark.django_db

User = get_user_model()
PEOPLE = reverse("county_people", args=["jamtland"])
NEW = "ny.granskare@ostersund.se"
PASSWORD = "Sommarang-i-Jamtland-42"


def accept_as_new(link: str, client=None):
    client = client or Client()
    account = {"first_name": "Nora", "last_name": "Nyström"}
    response = client.post(link, {**account, "password1": PASSWORD, "password2": PASSWORD})
    return client, response


def test_an_invited_reviewer_creates_an_account_and_holds_the_role(login, jamtland):
    coordinator = login("samordnare@jamtland.demo")
    assert coordinator.get(reverse("invitation_create", args=["jamtland"])).status_code == 200
    response = invite(coordinator, email="Ny.Granskare@Ostersund.se", role=Role.REVIEWER)
    assert response.status_code == 302 and response["Location"] == PEOPLE
    people = coordinator.get(PEOPLE).content.decode()
    assert NEW in people and "Inbjudningar som väntar på svar" in people

    mail = invitation_mail(NEW)
    assert mail.subject == "Inbjudan till Länsmedel"
    assert "i Jämtland Härjedalen" in mail.body
    link = link_in(mail)
    assert mail.body.count("http://testserver/inbjudan/") == 1

    guest = Client()
    page = guest.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jämtland Härjedalen" in html and "Skapa kontot och ta rollen" in html

    guest, response = accept_as_new(link, guest)
    assert response.status_code == 302
    user = User.objects.get(email=NEW)
    assert user.get_full_name() == "Nora Nyström"
    membership = Membership.objects.get(user=user, county=jamtland)
    assert membership.role == Role.REVIEWER
    assert membership.starts_on == timezone.localdate()
    # Logged in; a reviewer is held to set up two-factor before anything else.
    assert guest.get(reverse("start")).status_code == 302
    assert reverse("two_factor_enrol") in guest.get(reverse("start"))["Location"]
    assert Client().login(username=NEW, password=PASSWORD)
    # Used: the link gives nothing more.
    again = Client().get(link)
    assert again.status_code == 410 and "Inbjudan har redan använts" in again.content.decode()
    assert Invitation.objects.get(email=NEW).accepted_by == user


def test_a_weak_password_is_refused_and_the_name_kept(seeded, jamtland, coordinator):
    invitation = invitation_create(
        county=jamtland, email=NEW, role=Role.FORUM, by=coordinator, base_url="http://x"
    )
    link = reverse("invitation_accept", args=[invitation.token])
    response = Client().post(
        link, {"first_name": "Nora", "last_name": "Nyström", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Nyström"' in html and "is-invalid" in html
    assert not User.objects.filter(email=NEW).exists()


def test_a_person_with_an_account_logs_in_and_confirms(login, jamtland, ostersund, client):
    reviewer = User.objects.get(username="beredning1@jamtland.demo")
    coordinator = login("samordnare@jamtland.demo")
    assert invite(coordinator, email=reviewer.email, role=Role.FORUM).status_code == 302
    link = link_in(invitation_mail(reviewer.email))
    client.post(reverse("logout"))

    page = client.get(link).content.decode()
    assert f"{reverse('login')}?next={link}" in page
    assert client.post(link).status_code == 400  # not logged in: nothing given
    assert not Membership.objects.filter(user=reviewer, role=Role.FORUM).exists()

    assert client.login(username=reviewer.email, password=DEMO_PASSWORD)
    assert "Ta rollen" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.filter(user=reviewer, county=jamtland, role=Role.FORUM).exists()


def test_someone_else_logged_in_cannot_take_the_role(login, jamtland, coordinator):
    invitation = invitation_create(county=jamtland, email=NEW, role=Role.REVIEWER, by=coordinator)
    link = reverse("invitation_accept", args=[invitation.token])
    client = login("sokande@ostersund.demo")
    assert "Logga ut och öppna sedan länken igen" in client.get(link).content.decode()
    response = client.post(
        link, {"first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert not User.objects.filter(email=NEW).exists()


def test_an_address_that_has_the_role_is_refused_in_swedish_with_the_values_kept(login):
    coordinator = login("samordnare@jamtland.demo")
    response = invite(coordinator, email="beredning1@jamtland.demo", role=Role.REVIEWER)
    assert response.status_code == 400
    html = response.content.decode()
    assert "beredning1@jamtland.demo har redan den här rollen." in html
    assert 'value="beredning1@jamtland.demo"' in html
    assert '<option value="reviewer" selected>' in html
    assert not Invitation.objects.exists()


def test_an_applicant_needs_an_organisation_of_the_county(login, ostersund):
    coordinator = login("samordnare@jamtland.demo")
    response = invite(coordinator, email=NEW, role=Role.APPLICANT)
    assert response.status_code == 400
    assert "Välj den organisation som personen företräder." in response.content.decode()
    from allocations.models import Organisation

    other = Organisation.objects.exclude(county=ostersund.county).first()
    response = invite(coordinator, email=NEW, role=Role.APPLICANT, organisation=other.pk)
    assert response.status_code == 400
    # The applicant of Östersund is one already; of another organisation they may be invited.
    response = invite(
        coordinator, email="sokande@ostersund.demo", role=Role.APPLICANT, organisation=ostersund.pk
    )
    assert "har redan den här rollen" in response.content.decode()


def test_an_open_invitation_for_the_same_is_not_made_twice(seeded, jamtland, coordinator):
    invitation_create(county=jamtland, email=NEW, role=Role.REVIEWER, by=coordinator)
    with pytest.raises(PeopleError) as refused:
        invitation_create(county=jamtland, email=NEW.upper(), role=Role.REVIEWER, by=coordinator)
    assert refused.value.field == "email"
    # Another role is another invitation.
    invitation_create(county=jamtland, email=NEW, role=Role.FORUM, by=coordinator)


def test_a_revoked_link_gives_no_role(login, jamtland):
    coordinator = login("samordnare@jamtland.demo")
    invite(coordinator, email=NEW, role=Role.REVIEWER)
    link = link_in(invitation_mail(NEW))
    invitation = Invitation.objects.get(email=NEW)
    revoke = reverse("invitation_revoke", args=["jamtland", invitation.pk])
    done = coordinator.post(revoke, follow=True).content.decode()
    assert f"Inbjudan till {NEW} återkallades." in done
    assert NEW not in coordinator.get(PEOPLE).content.decode()

    page = Client().get(link)
    assert page.status_code == 410 and "Inbjudan har återkallats." in page.content.decode()
    _client, response = accept_as_new(link)
    assert response.status_code == 410
    assert not User.objects.filter(email=NEW).exists()


def test_an_expired_link_gives_no_role(seeded, jamtland, coordinator):
    invitation = invitation_create(county=jamtland, email=NEW, role=Role.REVIEWER, by=coordinator)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    link = reverse("invitation_accept", args=[invitation.token])
    page = Client().get(link)
    assert page.status_code == 410 and "Inbjudan gick ut den" in page.content.decode()
    _client, response = accept_as_new(link)
    assert response.status_code == 410
    assert not User.objects.filter(email=NEW).exists()
    assert Client().get(reverse("invitation_accept", args=["fel-nyckel"])).status_code == 404


def test_sending_again_renews_the_link_and_its_expiry(login, jamtland, settings):
    settings.INVITATION_VALID_DAYS = 3
    coordinator = login("samordnare@jamtland.demo")
    invite(coordinator, email=NEW, role=Role.REVIEWER)
    first_link = link_in(invitation_mail(NEW))
    invitation = Invitation.objects.get(email=NEW)
    assert invitation.expires_at.date() == (timezone.now() + datetime.timedelta(days=3)).date()
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + datetime.timedelta(hours=1)
    )

    resend = reverse("invitation_resend", args=["jamtland", invitation.pk])
    assert coordinator.post(resend).status_code == 302
    invitation.refresh_from_db()
    assert invitation.sent_count == 2
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=2)
    second_link = link_in(invitation_mail(NEW))
    assert second_link != first_link
    assert Client().get(first_link).status_code == 404  # the earlier link no longer works
    assert Client().get(second_link).status_code == 200
    people = coordinator.get(PEOPLE).content.decode()
    assert f"{invitation.expires_at:%Y-%m-%d}" in people


def test_an_accepted_invitation_is_neither_revoked_nor_sent_again(login, jamtland, coordinator):
    invitation = invitation_create(county=jamtland, email=NEW, role=Role.REVIEWER, by=coordinator)
    accept_as_new(reverse("invitation_accept", args=[invitation.token]))
    client = login("samordnare@jamtland.demo")
    for name in ("invitation_revoke", "invitation_resend"):
        response = client.post(reverse(name, args=["jamtland", invitation.pk]), follow=True)
        assert "Inbjudan har godtagits: avsluta rollen i stället." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.sent_count == 1


def test_only_the_countys_coordinator_invites(login, jamtland, coordinator):
    invitation = invitation_create(county=jamtland, email=NEW, role=Role.REVIEWER, by=coordinator)
    urls = [
        reverse("invitation_create", args=["jamtland"]),
        reverse("invitation_revoke", args=["jamtland", invitation.pk]),
        reverse("invitation_resend", args=["jamtland", invitation.pk]),
    ]
    other = login("samordnare@vastmanland.demo")
    assert other.get(urls[0]).status_code == 404
    for url in urls:
        assert other.post(url, {"email": "x@example.se", "role": "reviewer"}).status_code == 404
    # Västmanland's coordinator does not reach Jämtland's invitation through Västmanland.
    own = reverse("invitation_revoke", args=["vastmanland", invitation.pk])
    assert other.post(own).status_code == 404
    reviewer = login("beredning1@jamtland.demo")
    assert reviewer.get(urls[0]).status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.sent_count == 1
