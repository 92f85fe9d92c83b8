"""The county's deadlines page, the start page's coming deadlines and the notification
choices, as the coordinator and the other users meet them."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocations.models import County, Organisation, Role
from reporting.deadlines.notifications import REMINDER_EARLY, REMINDER_LAST, wants
from reporting.deadlines.reminders import reminders_scan
from reporting.deadlines.services import deadline_create, deadlines_load
from reporting.models import (
    Deadline,
    DeadlineKind,
    NotificationPreference,
    Reminder,
    ReminderState,
)
from tests.services import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks(monkeypatch):
    """Tasks run in-process even with REDIS_URL: delivery through a real worker is tested
    in test_reminders_services.py."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


COORDINATOR = "samordnare@jamtland.demo"
NOON = datetime.datetime(2025, 11, 20, 12, tzinfo=datetime.UTC)


@pytest.fixture
def jamtland(seeded) -> County:
    deadlines_load(agreement=seeded)
    return County.objects.get(slug="jamtland")


def url(county, name="deadlines", *args):
    return reverse(f"reporting:{name}", args=[county.slug, *args])


def _add(county, n: int) -> None:
    org = Organisation.objects.get(name="Östersunds kommun")
    for i in range(n):
        deadline_create(
            county=county,
            kind=DeadlineKind.REPORT_BACK,
            title=f"Återredovisning {i}",
            due_on=datetime.date(2025, 12, 31),
            responsible_role=Role.APPLICANT,
            responsible_organisation=org,
        )


def test_the_coordinator_sees_the_county_deadlines_in_a_fixed_number_of_queries(jamtland, login):
    client = login(COORDINATOR)
    with CaptureQueriesContext(connection) as few:
        page = client.get(url(jamtland))
    assert page.status_code == 200
    text = page.content.decode()
    assert "2025-12-01" in text and "2026-03-31" in text and "2025-08-30" in text
    rows = text.count('id="frist-')
    _add(jamtland, 15)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(jamtland))
    assert page.content.decode().count('id="frist-') == rows + 15
    assert len(many) == len(few)


def test_other_counties_and_other_roles_are_refused(jamtland, login, client):
    assert login("samordnare@vastmanland.demo").get(url(jamtland)).status_code == 404
    client.logout()
    assert login("beredning1@jamtland.demo").get(url(jamtland)).status_code == 403
    deadline = Deadline.objects.filter(county=jamtland).first()
    response = client.post(url(jamtland, "deadline_done", deadline.pk))
    assert response.status_code == 403
    deadline.refresh_from_db()
    assert deadline.done_at is None


def test_the_coordinator_edits_a_deadline_and_a_wrong_offset_is_explained(jamtland, login):
    client = in_english(login(COORDINATOR))
    deadline = Deadline.objects.get(county=jamtland, kind=DeadlineKind.REQUISITION)
    edit = url(jamtland, "deadline_edit", deadline.pk)
    form = {
        "title": deadline.title,
        "due_on": "2025-12-05",
        "responsible_role": Role.COORDINATOR,
        "reminder_offsets": "30, fjorton",
    }
    response = client.post(edit, form)
    assert response.status_code == 400
    assert "Write whole days separated by commas" in response.content.decode()
    assert 'value="30, fjorton"' in response.content.decode()
    response = client.post(edit, {**form, "reminder_offsets": "7 ,30, 1"})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due_on == datetime.date(2025, 12, 5)
    assert deadline.reminder_offsets == [30, 7, 1]


def test_the_coordinator_adds_a_deadline_and_marks_it_done(jamtland, login):
    client = login(COORDINATOR)
    response = client.post(
        url(jamtland),
        {
            "kind": DeadlineKind.INVOICING,
            "title": "Fakturera Region JH",
            "due_on": "2025-10-15",
            "responsible_role": Role.COORDINATOR,
            "reminder_offsets": "14, 1",
        },
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(title="Fakturera Region JH")
    assert deadline.reminder_offsets == [14, 1]
    client.post(url(jamtland, "deadline_done", deadline.pk))
    deadline.refresh_from_db()
    assert deadline.done_at is not None
    assert (
        reminders_scan(today=datetime.date(2025, 10, 14)) == 0
        or not Reminder.objects.filter(deadline=deadline).exists()
    )


def test_the_start_page_lists_coming_deadlines_and_says_which_are_overdue(jamtland, login):
    client = in_english(login(COORDINATOR))
    with time_machine.travel(NOON, tick=False):
        text = client.get(reverse("start")).content.decode()
    assert "2025-12-01" in text  # requisition, within 60 days
    assert "2026-03-31" not in text  # repayment, later
    assert "Overdue" not in text
    with time_machine.travel(NOON + datetime.timedelta(days=14), tick=False):
        text = client.get(reverse("start")).content.decode()
    assert "Overdue" in text


def test_the_start_page_of_an_applicant_shows_their_organisation_only(jamtland, login, client):
    _add(jamtland, 1)
    with time_machine.travel(NOON, tick=False):
        assert "Återredovisning 0" in login("sokande@ostersund.demo").get("/").content.decode()
        client.logout()
        assert "Återredovisning 0" not in login("sokande@kfjh.demo").get("/").content.decode()


def test_optional_reminders_can_be_switched_off_mandatory_ones_cannot(
    jamtland, login, eager_tasks, django_capture_on_commit_callbacks
):
    client = login(COORDINATOR)
    page = client.get(reverse("reporting:notifications")).content.decode()
    assert 'name="reminder_last"' in page and "disabled" in page
    # Unchecked boxes: the optional kinds off; the mandatory one cannot be turned off.
    assert client.post(reverse("reporting:notifications"), {}).status_code == 302
    user = client.get(reverse("start")).wsgi_request.user
    assert not wants(user, REMINDER_EARLY)
    assert wants(user, REMINDER_LAST)
    assert not NotificationPreference.objects.filter(user=user, kind=REMINDER_LAST).exists()
    Deadline.objects.filter(kind=DeadlineKind.INVOICING).delete()  # not overdue, no notice
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=datetime.date(2025, 11, 1))  # 30 days before 1 December
    assert len(mail.outbox) == 3  # the other counties' coordinators
    assert COORDINATOR not in [m.to[0] for m in mail.outbox]
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=datetime.date(2025, 11, 30))  # the last reminder
    assert COORDINATOR in [m.to[0] for m in mail.outbox]


def test_a_failed_reminder_is_shown_to_the_coordinator_and_sent_again(
    jamtland, login, eager_tasks, django_capture_on_commit_callbacks
):
    deadline = Deadline.objects.get(county=jamtland, kind=DeadlineKind.REQUISITION)
    user = deadline.county.memberships.filter(role=Role.COORDINATOR).first().user
    reminder = Reminder.objects.create(
        deadline=deadline,
        recipient=user,
        kind="reminder",
        offset_days=14,
        state=ReminderState.FAILED,
        attempts=6,
        last_error="SMTPDataError: 554 refused",
    )
    client = login(COORDINATOR)
    assert "554 refused" in client.get(url(jamtland)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(jamtland, "reminder_resend", reminder.pk))
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SENT
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "554 refused" not in client.get(url(jamtland)).content.decode()


def test_the_start_page_takes_the_same_queries_for_one_or_many_deadlines(jamtland, login):
    client = login("sokande@ostersund.demo")
    with time_machine.travel(NOON, tick=False):
        _add(jamtland, 1)
        client.get("/")
        with CaptureQueriesContext(connection) as one:
            assert "Återredovisning 0" in client.get("/").content.decode()
        _add(jamtland, 12)
        with CaptureQueriesContext(connection) as many:
            assert client.get("/").content.decode().count("Återredovisning ") == 13
    assert len(one) == len(many)
