"""The private calendar feed: created and revoked by its owner, read by calendar programs
with the token alone, parsed as iCalendar."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from allocations.models import County
from reporting.deadlines.services import deadline_update, deadlines_load
from reporting.models import CalendarFeed, Deadline, DeadlineKind

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"


@pytest.fixture
def jamtland(seeded) -> County:
    deadlines_load(agreement=seeded)
    return County.objects.get(slug="jamtland")


@pytest.fixture(autouse=True)
def _autumn_2025():
    with time_machine.travel(datetime.datetime(2025, 11, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


def _feed_url(client) -> str:
    client.post(reverse("reporting:calendar_feed"), {"action": "create"})
    feed = CalendarFeed.objects.get(revoked_at__isnull=True)
    return reverse("reporting:calendar_ics", kwargs={"token": feed.token})


def _events(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_lists_the_users_deadlines_as_all_day_events_with_stable_uids(
    jamtland, login, client
):
    url = _feed_url(login(COORDINATOR))
    page = client.get(reverse("reporting:calendar_feed")).content.decode()
    assert url in page
    client.logout()  # calendar programs have no session
    requisition = Deadline.objects.get(county=jamtland, kind=DeadlineKind.REQUISITION)
    events = _events(client, url)
    event = events[f"deadline-{requisition.pk}@lansmedel"]
    assert event.decoded("DTSTART") == datetime.date(2025, 12, 1)
    assert str(event["SUMMARY"]) == requisition.title
    assert "Jämtland" in str(event["DESCRIPTION"])
    assert str(event["URL"]).startswith("http")
    # Other counties' deadlines are not in it.
    assert Deadline.objects.exclude(county=jamtland).exists()
    assert all(
        int(uid.split("-")[1].split("@")[0]) in set(jamtland.deadlines.values_list("pk", flat=True))
        for uid in events
    )
    # Moved: the same event at its new date.
    deadline_update(deadline=requisition, due_on=datetime.date(2025, 12, 3))
    moved = _events(client, url)[f"deadline-{requisition.pk}@lansmedel"]
    assert moved.decoded("DTSTART") == datetime.date(2025, 12, 3)
    assert CalendarFeed.objects.get(revoked_at__isnull=True).last_used_at is not None


def test_a_revoked_or_unknown_address_answers_404(jamtland, login, client):
    owner = login(COORDINATOR)
    url = _feed_url(owner)
    owner.post(reverse("reporting:calendar_feed"), {"action": "revoke"})
    owner.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("reporting:calendar_ics", args=["inte-en-nyckel"])).status_code == 404


def test_a_new_address_replaces_the_old_one(jamtland, login):
    client = login(COORDINATOR)
    first = _feed_url(client)
    client.post(reverse("reporting:calendar_feed"), {"action": "create"})
    assert client.get(first).status_code == 404
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


def test_an_applicant_feed_holds_only_their_organisation(jamtland, login, seeded):
    from allocations.models import Organisation, Role
    from reporting.deadlines.services import deadline_create

    for name in ["Östersunds kommun", "Kommunförbundet Jämtlands län"]:
        organisation = Organisation.objects.filter(name__startswith=name[:12]).first()
        deadline_create(
            county=jamtland,
            kind=DeadlineKind.REPORT_BACK,
            title=f"Återredovisning {organisation.name}",
            due_on=datetime.date(2025, 12, 31),
            responsible_role=Role.APPLICANT,
            responsible_organisation=organisation,
        )
    client = login("sokande@ostersund.demo")
    url = _feed_url(client)
    summaries = {str(e["SUMMARY"]) for e in _events(client, url).values()}
    assert "Återredovisning Östersunds kommun" in summaries
    assert not any("Kommunförbundet" in s for s in summaries)
