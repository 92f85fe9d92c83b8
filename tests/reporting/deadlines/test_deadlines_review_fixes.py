"""Deadlines after review: a grant's report back is not told before the decision is
released, a returned report reopens it, a moved deadline is reminded of again, the
county's repayment and requisition are done only when done in full, far dates do not
break the calendar, follow-up saves of a grant cost nothing here, and a reminder is
committed as being sent before the mail server is asked."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from allocations.models import (
    County,
    GrantReport,
    GrantReportLine,
    Organisation,
    Repayment,
    Role,
)
from applications.models import Grant
from reporting.deadlines.reminders import reminders_scan
from reporting.deadlines.selectors import county_failed_reminders, user_deadlines
from reporting.deadlines.services import (
    deadline_create,
    deadline_reopen,
    deadline_update,
    deadlines_load,
    reminder_resend,
)
from reporting.models import CalendarFeed, Deadline, DeadlineKind, Reminder, ReminderState
from tests.applications.dossier.test_dossier import user
from tests.matrix_fixtures import grant_without_application

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"
APPLICANT = "sokande@ostersund.demo"


@pytest.fixture(autouse=True)
def eager_tasks(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def closed_grant(agreement, *, approve: bool) -> Grant:
    """A coordinator post decided in a closed meeting; its minutes approved if `approve`."""
    return grant_without_application(
        agreement, title="Hemlig satsning innan justering", approve=approve
    )


# 1. Not before the decision is released ------------------------------------------------------


def test_the_report_back_deadline_appears_only_when_the_minutes_are_approved(seeded):
    grant = closed_grant(seeded, approve=False)
    assert not Deadline.objects.filter(grant=grant).exists()
    deadlines_load(agreement=seeded)
    assert not Deadline.objects.filter(grant=grant).exists()
    applicant = user(APPLICANT)
    today = datetime.date(2025, 12, 20)
    assert not user_deadlines(user=applicant, today=today).filter(grant=grant).exists()

    from applications.decisions.services.closing import minutes_approve

    minutes_approve(meeting=grant.meeting, user=user("forum@jamtland.demo"))
    assert not Deadline.objects.filter(grant=grant).exists()  # one approval is not enough
    minutes_approve(meeting=grant.meeting, user=user("forum2@jamtland.demo"))
    deadline = Deadline.objects.get(grant=grant, kind=DeadlineKind.REPORT_BACK)
    assert deadline.responsible_organisation == grant.responsible_organisation
    assert user_deadlines(user=applicant, today=today).filter(pk=deadline.pk).exists()


def test_an_unreleased_grants_deadline_reaches_no_feed_page_or_reminder(seeded, client, login):
    grant = closed_grant(seeded, approve=False)
    ostersund = Organisation.objects.get(name="Östersunds kommun")
    # As the earlier code left it: made at the meeting's close.
    deadline = deadline_create(
        county=grant.county,
        kind=DeadlineKind.REPORT_BACK,
        title="Återredovisning: Hemlig satsning innan justering",
        due_on=datetime.date(2025, 12, 31),
        responsible_role=Role.APPLICANT,
        responsible_organisation=ostersund,
        grant=grant,
    )
    mail.outbox.clear()
    reminders_scan(today=datetime.date(2025, 12, 17))
    assert not Reminder.objects.filter(deadline=deadline).exists()
    reminders_scan(today=datetime.date(2026, 1, 2))  # overdue: no escalation either
    assert not Reminder.objects.filter(deadline=deadline).exists()
    assert not any("Hemlig" in m.subject + m.body for m in mail.outbox)
    applicant = login(APPLICANT)
    applicant.post(reverse("reporting:calendar_feed"), {"action": "create"})
    feed = CalendarFeed.objects.get(revoked_at__isnull=True)
    ics = client.get(reverse("reporting:calendar_ics", kwargs={"token": feed.token}))
    assert ics.status_code == 200 and b"Hemlig" not in ics.content


# 2. A returned report reopens the deadline ---------------------------------------------------


def test_a_returned_report_reopens_the_report_back_deadline(seeded):
    grant = closed_grant(seeded, approve=True)
    deadline = Deadline.objects.get(grant=grant, kind=DeadlineKind.REPORT_BACK)
    report = GrantReport.objects.create(grant=grant, state="submitted")
    deadline.refresh_from_db()
    assert deadline.done_at is not None
    report.state = "returned"
    report.save()
    deadline.refresh_from_db()
    assert deadline.done_at is None
    report.state = "submitted"
    report.save()
    deadline.refresh_from_db()
    assert deadline.done_at is not None


# 3. A moved or reopened deadline is reminded of again ----------------------------------------


def _own_deadline(seeded, due_on: datetime.date) -> Deadline:
    deadlines_load(agreement=seeded)
    Deadline.objects.update(done_at=timezone.now())  # only ours is open
    return deadline_create(
        county=County.objects.get(slug="jamtland"),
        kind=DeadlineKind.INVOICING,
        title="Fakturera Region JH",
        due_on=due_on,
        responsible_role=Role.COORDINATOR,
        reminder_offsets=[14],
    )


def test_a_moved_deadline_gets_reminders_for_its_new_date_and_never_twice(
    seeded, django_capture_on_commit_callbacks
):
    deadline = _own_deadline(seeded, datetime.date(2025, 12, 1))
    first = reminders_scan(today=datetime.date(2025, 11, 17))
    assert first > 0
    assert reminders_scan(today=datetime.date(2025, 11, 17)) == 0
    deadline_update(deadline=deadline, due_on=datetime.date(2025, 12, 15))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_scan(today=datetime.date(2025, 12, 1)) == first
    assert len(mail.outbox) == first
    assert "2025-12-15" in mail.outbox[0].body
    assert reminders_scan(today=datetime.date(2025, 12, 1)) == 0
    dates = set(Reminder.objects.filter(deadline=deadline).values_list("due_on", flat=True))
    assert dates == {datetime.date(2025, 12, 1), datetime.date(2025, 12, 15)}


def test_a_reopened_and_moved_deadline_escalates_again(seeded):
    deadline = _own_deadline(seeded, datetime.date(2025, 12, 1))
    assert reminders_scan(today=datetime.date(2025, 12, 2)) > 0  # overdue notice
    assert reminders_scan(today=datetime.date(2025, 12, 3)) == 0
    Deadline.objects.filter(pk=deadline.pk).update(done_at=timezone.now())
    deadline_reopen(deadline=deadline)
    deadline_update(deadline=deadline, due_on=datetime.date(2025, 12, 10))
    assert reminders_scan(today=datetime.date(2025, 12, 11)) > 0
    assert reminders_scan(today=datetime.date(2025, 12, 12)) == 0


# 4. Repayment and requisition done only in full ----------------------------------------------


def _repay(grant, amount: int) -> None:
    Repayment.objects.create(
        county=grant.county,
        focus_area=grant.focus_area,
        amount=amount,
        repaid_on=datetime.date(2026, 3, 2),
    )


def test_the_repayment_deadline_is_done_when_every_area_has_repaid_in_full(seeded):
    grant = closed_grant(seeded, approve=True)
    deadlines_load(agreement=seeded)
    repayment = Deadline.objects.get(county=grant.county, kind=DeadlineKind.REPAYMENT)
    _repay(grant, 1)
    repayment.refresh_from_db()
    assert repayment.done_at is None  # 1 kr is not the unused funds
    _repay(grant, 49_999)
    repayment.refresh_from_db()
    assert repayment.done_at is None  # the report back is not accepted: not settled yet
    GrantReport.objects.create(grant=grant, state="accepted")
    repayment.refresh_from_db()
    assert repayment.done_at is not None


def test_with_nothing_to_repay_the_repayment_is_done_once_the_reports_are_accepted(seeded):
    grant = closed_grant(seeded, approve=True)
    deadlines_load(agreement=seeded)
    repayment = Deadline.objects.get(county=grant.county, kind=DeadlineKind.REPAYMENT)
    report = GrantReport.objects.create(grant=grant, state="submitted")
    GrantReportLine.objects.create(report=report, amount=50_000)
    repayment.refresh_from_db()
    assert repayment.done_at is None
    report.state = "accepted"
    report.save()
    repayment.refresh_from_db()
    assert repayment.done_at is not None


def test_a_county_without_grants_leaves_the_repayment_to_the_coordinator(seeded):
    from allocations.models import CountyAllocation

    deadlines_load(agreement=seeded)
    jamtland = County.objects.get(slug="jamtland")
    area = CountyAllocation.objects.filter(county=jamtland).first().focus_area
    Repayment.objects.create(
        county=jamtland, focus_area=area, amount=1, repaid_on=datetime.date(2026, 3, 2)
    )
    deadline = Deadline.objects.get(county=jamtland, kind=DeadlineKind.REPAYMENT)
    assert deadline.done_at is None


# 5. Far dates --------------------------------------------------------------------------------


def test_a_date_far_away_is_refused_next_to_the_field_and_the_feed_survives_one(seeded, login):
    from tests.services import in_english

    deadlines_load(agreement=seeded)
    jamtland = County.objects.get(slug="jamtland")
    client = in_english(login(COORDINATOR))
    form = {
        "kind": DeadlineKind.INVOICING,
        "title": "Långt bort",
        "due_on": "9999-12-31",
        "responsible_role": Role.COORDINATOR,
        "reminder_offsets": "14",
    }
    response = client.post(reverse("reporting:deadlines", args=[jamtland.slug]), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a date between 2000-01-01 and 2100-12-31." in page
    assert 'value="9999-12-31"' in page
    assert not Deadline.objects.filter(title="Långt bort").exists()
    deadline_create(
        county=jamtland,
        kind=DeadlineKind.INVOICING,
        title="Långt bort",
        due_on=datetime.date(9999, 12, 31),
        responsible_role=Role.COORDINATOR,
    )
    client.post(reverse("reporting:calendar_feed"), {"action": "create"})
    feed = CalendarFeed.objects.get(revoked_at__isnull=True)
    ics = client.get(reverse("reporting:calendar_ics", kwargs={"token": feed.token}))
    assert ics.status_code == 200
    assert b"99991231" in ics.content


# 6. A follow-up save of a grant ----------------------------------------------------------------


def test_a_follow_up_save_of_a_grant_costs_no_deadline_queries(seeded):
    from reporting.deadlines import signals

    grant = closed_grant(seeded, approve=True)
    grant = Grant.objects.get(pk=grant.pk)

    def save_count(text: str) -> int:
        grant.followup_comment = text
        with CaptureQueriesContext(connection) as queries:
            grant.save()
        return len(queries)

    with_receiver = save_count("Uppdaterad")
    post_save.disconnect(sender=Grant, dispatch_uid="reporting.deadlines.grant")
    try:
        without = save_count("Uppdaterad igen")
    finally:
        post_save.connect(signals._grant, sender=Grant, dispatch_uid="reporting.deadlines.grant")
    assert with_receiver - without <= 1


# 7. Committed as being sent before the mail server is asked ---------------------------------


class PeekBackend(EmailBackend):
    """Notes on each message the reminders' stored states while the mail server is asked."""

    def send_messages(self, messages):
        states = ",".join(sorted(set(Reminder.objects.values_list("state", flat=True))))
        for message in messages:
            message.extra_headers["X-Reminder-States"] = states
        return super().send_messages(messages)


def test_a_reminder_is_marked_sending_before_the_mail_server_is_asked(
    seeded, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {**settings.MAILERS, "transport": {"BACKEND": f"{__name__}.PeekBackend"}}
    _own_deadline(seeded, datetime.date(2025, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders_scan(today=datetime.date(2025, 11, 17))
    assert sent > 0 and len(mail.outbox) == sent
    assert ReminderState.SENDING in mail.outbox[0].extra_headers["X-Reminder-States"]
    assert set(Reminder.objects.values_list("state", flat=True)) == {ReminderState.SENT}


def test_a_reminder_left_sending_is_shown_as_failed_and_can_be_sent_again(
    seeded, django_capture_on_commit_callbacks
):
    deadline = _own_deadline(seeded, datetime.date(2025, 12, 1))
    reminder = Reminder.objects.create(
        deadline=deadline,
        recipient=user(COORDINATOR),
        kind="reminder",
        offset_days=14,
        state=ReminderState.SENDING,
        attempts=1,
        attempted_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    assert reminder.due_on == deadline.due_on
    assert reminder not in county_failed_reminders(county=deadline.county)  # maybe still going
    later = timezone.now() + datetime.timedelta(hours=1)
    assert reminder in county_failed_reminders(county=deadline.county, now=later)
    Reminder.objects.filter(pk=reminder.pk).update(
        attempted_at=timezone.now() - datetime.timedelta(hours=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminder_resend(reminder=reminder)
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SENT
    assert len(mail.outbox) == 1
