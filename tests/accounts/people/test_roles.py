"""Roles end with a date and stay in the history; anonymising a person ends their roles;
national administrators are listed, invited and ended, one always remaining."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.people.services import PeopleError, invitation_create, national_administrator_end
from accounts.services import person_anonymise
from allocations.models import (
    NATIONAL_ADMINISTRATOR,
    Invitation,
    Membership,
    NationalAdministrator,
    Role,
)
from tests.accounts.people.people import invitation_mail, link_in

pytestmark = pytest.mark.django_db

User = get_user_model()
PEOPLE = reverse("county_people", args=["jamtland"])
NATIONAL = reverse("national_administrators")


def reviewer_role(email: str = "beredning1@jamtland.demo") -> Membership:
    return Membership.objects.get(user__username=email, role=Role.REVIEWER)


def test_a_role_ended_with_a_date_is_not_held_the_next_day_and_is_in_the_history(login):
    membership = reviewer_role()
    client = login("samordnare@jamtland.demo")
    assert f'action="{reverse("role_end", args=["jamtland", membership.pk])}"' in (
        client.get(PEOPLE).content.decode()
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("role_end", args=["jamtland", membership.pk]), {"ends_on": f"{tomorrow}"}
    )
    assert response.status_code == 302
    membership = Membership.all_objects.get(pk=membership.pk)
    assert membership.ends_on == tomorrow
    assert membership.ended_by.username == "samordnare@jamtland.demo"
    assert membership.is_active()  # held today, up to the day before it ends
    assert not membership.is_active(on=tomorrow)
    assert not Membership.objects.active(on=tomorrow).filter(pk=membership.pk).exists()

    # Ended today: gone from the roles today, shown in the history, the row kept.
    today = timezone.localdate()
    Membership.all_objects.filter(pk=membership.pk).update(ends_on=today)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Membership.all_objects.filter(pk=membership.pk).exists()
    html = client.get(PEOPLE).content.decode()
    history = html.split("Avslutade roller", 1)[1]
    assert "beredning1@jamtland.demo" in history
    assert f"{today:%Y-%m-%d}" in history and "samordnare@jamtland.demo" in history


def test_a_role_cannot_end_before_it_started(login):
    membership = reviewer_role()
    membership.starts_on = datetime.date(2025, 3, 1)
    membership.save()
    client = login("samordnare@jamtland.demo")
    url = reverse("role_end", args=["jamtland", membership.pk])
    response = client.post(url, {"ends_on": "2025-02-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "En roll kan inte upphöra innan den börjar (2025-03-01)." in html
    assert 'value="2025-02-01"' in html and "is-invalid" in html
    assert client.post(url, {"ends_on": "inte ett datum"}).status_code == 400
    assert Membership.all_objects.get(pk=membership.pk).ends_on is None


def test_a_coordinator_does_not_end_their_own_coordinator_role(login, coordinator):
    own = Membership.objects.get(user=coordinator, role=Role.COORDINATOR)
    client = login("samordnare@jamtland.demo")
    response = client.post(
        reverse("role_end", args=["jamtland", own.pk]),
        {"ends_on": f"{timezone.localdate()}"},
        follow=True,
    )
    assert "Din roll som samordnare avslutas av en annan samordnare." in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_roles_of_another_county_are_not_found(login):
    other = Membership.objects.get(user__username="beredning1@vastmanland.demo")
    client = login("samordnare@jamtland.demo")
    url = reverse("role_end", args=["jamtland", other.pk])
    assert client.post(url, {"ends_on": f"{timezone.localdate()}"}).status_code == 404
    mine = reviewer_role()
    stranger = login("samordnare@vastmanland.demo")
    assert stranger.post(reverse("role_end", args=["jamtland", mine.pk])).status_code == 404
    assert stranger.get(PEOPLE).status_code == 404
    assert login("beredning1@jamtland.demo").get(PEOPLE).status_code == 403
    assert Membership.objects.filter(pk__in=[other.pk, mine.pk]).count() == 2


def test_anonymising_ends_the_persons_roles_instead_of_deleting_them(seeded, jamtland, coordinator):
    person = User.objects.get(username="beredning2@jamtland.demo")
    role = reviewer_role(person.username)
    invitation = invitation_create(
        county=jamtland, email=person.email, role=Role.FORUM, by=coordinator
    )
    person_anonymise(county=jamtland, person=person, by=coordinator)
    ended = Membership.all_objects.get(pk=role.pk)
    assert ended.ends_on == timezone.localdate() and ended.ended_by == coordinator
    assert not Membership.objects.filter(user=person).exists()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and invitation.email == ""


def test_the_people_page_runs_a_fixed_number_of_queries(
    login, jamtland, coordinator, django_assert_num_queries
):
    client = login("samordnare@jamtland.demo")
    client.get(PEOPLE)  # the session and caches warm

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(PEOPLE).status_code == 200
        return len(queries)

    small = count()
    for n in range(3):
        invitation_create(
            county=jamtland, email=f"ny{n}@example.se", role=Role.REVIEWER, by=coordinator
        )
    membership = reviewer_role()
    membership.ends_on, membership.ended_by = timezone.localdate(), coordinator
    membership.save()
    with django_assert_num_queries(small):
        assert client.get(PEOPLE).status_code == 200


def test_national_administrators_invite_and_end_one_always_remaining(login, settings):
    settings.DEMO_MODE = True
    national = User.objects.get(username="nationell@lansmedel.demo")
    client = login("nationell@lansmedel.demo")
    html = client.get(NATIONAL).content.decode()
    assert "Nationella administratörer i dag" in html and "nationell@lansmedel.demo" in html

    response = client.post(NATIONAL, {"email": "Ny.Nationell@Example.se"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(role=NATIONAL_ADMINISTRATOR)
    assert invitation.county is None and invitation.email == "ny.nationell@example.se"
    assert "ny.nationell@example.se" in client.get(NATIONAL).content.decode()
    twice = client.post(NATIONAL, {"email": "ny.nationell@example.se"})
    assert twice.status_code == 400 and "redan inbjuden" in twice.content.decode()
    assert client.post(NATIONAL, {"email": national.email}).status_code == 400

    # The only one cannot end their role.
    own = NationalAdministrator.objects.get(user=national)
    end = reverse("national_administrator_end", args=[own.pk])
    refused = client.post(end, {"ends_on": f"{timezone.localdate()}"}, follow=True)
    assert "Minst en nationell administratör måste finnas kvar." in refused.content.decode()
    assert NationalAdministrator.objects.filter(pk=own.pk).exists()

    # The invited one accepts (a new account); then the first may end their own role.
    from django.test import Client

    link = link_in(invitation_mail("ny.nationell@example.se"))
    password = "Nationellt-ansvar-2026"
    Client().post(
        link,
        dict(first_name="Ny", last_name="Nationell", password1=password, password2=password),
    )
    newcomer = NationalAdministrator.objects.get(user__email="ny.nationell@example.se")
    assert newcomer.appointed_by == national and newcomer.starts_on == timezone.localdate()
    assert client.post(end, {"ends_on": f"{timezone.localdate()}"}).status_code == 302
    assert not NationalAdministrator.objects.filter(pk=own.pk).exists()
    assert NationalAdministrator.all_objects.get(pk=own.pk).ended_by == national
    with pytest.raises(PeopleError):
        national_administrator_end(role=newcomer, ends_on=timezone.localdate(), by=newcomer.user)


def test_the_national_page_is_for_national_administrators(login, client):
    assert client.get(NATIONAL).status_code == 302  # to log in
    assert login("samordnare@jamtland.demo").get(NATIONAL).status_code == 403


def test_a_national_administrator_invites_a_new_countys_first_coordinator(login, settings):
    settings.DEMO_MODE = True
    from allocations.models import County

    county = County.objects.create(name="Gotlands län", code="09", slug="gotland")
    url = reverse("county_coordinator_invite", args=["gotland"])
    client = login("nationell@lansmedel.demo")
    assert "Länet har ännu ingen samordnare." in client.get(url).content.decode()

    bad = client.post(url, {"email": "inte-en-adress"})
    assert bad.status_code == 400 and 'value="inte-en-adress"' in bad.content.decode()
    assert client.post(url, {"email": "Samordnare@Gotland.se"}).status_code == 302
    invitation = Invitation.objects.get(county=county)
    assert invitation.role == Role.COORDINATOR and invitation.email == "samordnare@gotland.se"
    assert "samordnare@gotland.se" in client.get(url).content.decode()

    from django.test import Client

    password = "Gotlandssamordning-2026"
    Client().post(
        link_in(invitation_mail("samordnare@gotland.se")),
        dict(first_name="Gun", last_name="Gotland", password1=password, password2=password),
    )
    assert Membership.objects.filter(
        county=county, role=Role.COORDINATOR, user__email="samordnare@gotland.se"
    ).exists()
    html = client.get(url).content.decode()
    assert "Gun Gotland" in html and "Länet har ännu ingen samordnare." not in html
    # A coordinator of a county cannot appoint coordinators through this page.
    assert login("samordnare@jamtland.demo").get(url).status_code == 403
