"""A whole year on a frozen clock: each reminder on its day, the overdue notice the day
after, nothing after a deadline is done, nothing twice."""

import datetime
import zoneinfo
from collections import defaultdict

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from allocations.models import County, Organisation, Role
from reporting.deadlines.reminders import reminders_scan
from reporting.deadlines.services import deadline_create, deadline_mark_done, deadlines_load
from reporting.models import Deadline, DeadlineKind, Reminder, ReminderState

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"
APPLICANT = "sokande@ostersund.demo"
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@pytest.fixture
def eager_tasks(monkeypatch):
    """Tasks run in-process even with REDIS_URL: delivery through a real worker is tested
    in test_reminders_services.py."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def _days(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def test_a_year_of_daily_scans_sends_each_reminder_on_its_day(
    seeded, eager_tasks, django_capture_on_commit_callbacks
):
    jamtland = County.objects.get(slug="jamtland")
    deadlines_load(agreement=seeded)
    Deadline.objects.exclude(county=jamtland).delete()
    deadline_create(
        county=jamtland,
        agreement=seeded,
        kind=DeadlineKind.REPORT_BACK,
        title="Återredovisning: Suicidprevention",
        due_on=seeded.report_back_deadline,
        responsible_role=Role.APPLICANT,
        responsible_organisation=Organisation.objects.get(name="Östersunds kommun"),
    )
    repayment = Deadline.objects.get(county=jamtland, kind=DeadlineKind.REPAYMENT)
    sent: dict[str, list[tuple[str, str]]] = defaultdict(list)

    for day in _days(datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)):
        morning = datetime.datetime.combine(day, datetime.time(6), tzinfo=STOCKHOLM)
        with time_machine.travel(morning, tick=False):
            if day == datetime.date(2026, 3, 25):
                deadline_mark_done(deadline=repayment, by=None)
            mail.outbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                reminders_scan(today=timezone.localdate())
            recorded = Reminder.objects.filter(sent_at__date=day).values_list(
                "recipient__email", "kind", "deadline__title"
            )
            assert sorted(m.to[0] for m in mail.outbox) == sorted(r[0] for r in recorded)
            for to, kind, title in recorded:
                assert any(title in m.subject for m in mail.outbox if m.to == [to])
                sent[f"{day:%Y-%m-%d}"].append((to, kind))

    def on(day: str, to: str, kind: str) -> None:
        assert (to, kind) in sent.pop(day), (day, to)

    # Invoicing (Jämtland Härjedalen 2025-08-30), undone: four reminders, then overdue.
    for day in ["2025-07-31", "2025-08-16", "2025-08-23", "2025-08-29"]:
        on(day, COORDINATOR, "reminder")
    on("2025-08-31", COORDINATOR, "escalation")
    # Requisition 1 December, then report back 31 December (the applicant's).
    for day in ["2025-11-01", "2025-11-17", "2025-11-24", "2025-11-30"]:
        on(day, COORDINATOR, "reminder")
    on("2025-12-02", COORDINATOR, "escalation")
    for day in ["2025-12-01", "2025-12-17", "2025-12-24", "2025-12-30"]:
        on(day, APPLICANT, "reminder")
    on("2026-01-01", COORDINATOR, "escalation")
    # Repayment 31 March, done on 25 March: the last reminder and the notice never go.
    for day in ["2026-03-01", "2026-03-17", "2026-03-24"]:
        on(day, COORDINATOR, "reminder")
    assert dict(sent) == {}
    assert not Reminder.objects.exclude(state=ReminderState.SENT).exists()


def test_a_second_scan_the_same_day_sends_nothing(
    seeded, eager_tasks, django_capture_on_commit_callbacks
):
    deadlines_load(agreement=seeded)
    day = datetime.date(2025, 11, 1)
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_scan(today=day)
    assert first == len(mail.outbox) > 0
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_scan(today=day) == 0
    assert len(mail.outbox) == first
