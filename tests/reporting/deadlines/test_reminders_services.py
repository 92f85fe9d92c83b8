"""Exactly once on the real services: concurrent scans on PostgreSQL, delivery and retries
through a real Celery worker on Redis. Without DATABASE_URL / REDIS_URL these skip (and
fail under REQUIRE_SERVICES=1); the worker tests run in-process without REDIS_URL too."""

import datetime
import os
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections

from allocations.models import County, Organisation, Role
from reporting.deadlines.reminders import reminders_scan
from reporting.deadlines.services import deadline_create, deadlines_load
from reporting.messaging.mail import mail_sweep
from reporting.models import Deadline, DeadlineKind, OutgoingEmail, Reminder, ReminderState
from tests.reporting.deadlines.test_reminders_smtp import smtp_server, smtp_to
from tests.services import need, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

PARALLEL = 4
DAY = datetime.date(2025, 11, 17)  # 14 days before the requisition


def _world(agreement) -> int:
    """Deadlines of every county, plus many report-backs due 14 days ahead; how many
    reminders are due on DAY."""
    deadlines_load(agreement=agreement)
    jamtland = County.objects.get(slug="jamtland")
    ostersund = Organisation.objects.get(name="Östersunds kommun")
    for n in range(30):
        deadline_create(
            county=jamtland,
            kind=DeadlineKind.REPORT_BACK,
            title=f"Återredovisning {n}",
            due_on=DAY + datetime.timedelta(days=14),
            responsible_role=Role.APPLICANT,
            responsible_organisation=ostersund,
        )
    Deadline.objects.filter(due_on__lt=DAY).update(done_at=datetime.datetime.now(datetime.UTC))
    due = DAY + datetime.timedelta(days=14)
    return Deadline.objects.filter(done_at__isnull=True, due_on=due).count()


def _in_parallel(calls) -> tuple[list, list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except BaseException as exc:  # noqa: BLE001 - inspected by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_concurrent_scans_record_and_send_each_reminder_once(seeded, celery_worker_if_broker):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    _world(seeded)
    mail.outbox.clear()

    results, errors = _in_parallel([lambda: reminders_scan(today=DAY)] * PARALLEL)

    assert errors == []
    recorded = Reminder.objects.count()
    assert recorded > 30 and sum(results) == recorded  # each row inserted by one run only
    wait_until(lambda: Reminder.objects.filter(state=ReminderState.SENT).count() == recorded, 60)
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(mail.outbox) == recorded
    assert max(sent.values()) == 1
    assert OutgoingEmail.objects.count() == recorded


def test_a_reminder_delivered_twice_by_the_broker_is_sent_once(seeded, celery_worker_if_broker):
    _world(seeded)
    mail.outbox.clear()
    reminders_scan(today=DAY)
    recorded = Reminder.objects.count()
    wait_until(lambda: len(mail.outbox) == recorded, 60)
    from reporting.deadlines.tasks import reminder_send

    # The broker delivers every message again (at-least-once): each is skipped.
    again = [reminder_send.apply_async(args=[e.reminder_id]) for e in OutgoingEmail.objects.all()]
    assert [result.get(timeout=30) for result in again] == ["skipped"] * recorded
    assert len(mail.outbox) == recorded
    assert Reminder.objects.filter(state=ReminderState.SENT).count() == recorded


def test_a_worker_retries_a_refused_reminder_with_back_off_and_sends_it_once(
    seeded, settings, celery_worker_if_broker
):
    need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    settings.MAIL_RETRY_SCHEDULE = [1, 1]
    deadlines_load(agreement=seeded)
    jamtland = County.objects.get(slug="jamtland")
    Deadline.objects.exclude(county=jamtland, kind=DeadlineKind.REQUISITION).delete()
    with smtp_server(refuse_first=2) as (port, state):
        smtp_to(settings, port)
        assert reminders_scan(today=DAY) == 1
        reminder = Reminder.objects.get()

        def sent() -> bool:
            mail_sweep(grace=datetime.timedelta(0))  # what beat does every minute
            reminder.refresh_from_db()
            return reminder.state == ReminderState.SENT

        wait_until(sent, 60)
    assert reminder.attempts == 3 and "554" in reminder.last_error
    assert state["connections"] == 3
    assert state["messages"] == [["samordnare@jamtland.demo"]]
