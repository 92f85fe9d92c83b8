"""A mail server that refuses: the reminder is retried with back-off, the failure is
recorded where the coordinator sees it, and the reminder goes out once the server answers."""

import datetime
import socket
import threading
from contextlib import contextmanager

import pytest
from django.urls import reverse

from allocations.models import County
from reporting.deadlines.reminders import reminders_scan
from reporting.deadlines.services import deadlines_load
from reporting.messaging.mail import mail_sweep
from reporting.models import Deadline, DeadlineKind, Reminder, ReminderState

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks(monkeypatch):
    """Tasks run in-process even with REDIS_URL: delivery through a real worker is tested
    in test_reminders_services.py."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


COORDINATOR = "samordnare@jamtland.demo"


@contextmanager
def smtp_server(refuse_first: int = 0):
    """A local SMTP server: refuses (554) the first `refuse_first` connections, then
    accepts and keeps each message's recipients (the SMTP sink)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    state = {"connections": 0, "messages": []}
    stop = threading.Event()

    def session(conn) -> None:
        reader = conn.makefile("rb")
        conn.sendall(b"220 sink ESMTP\r\n")
        recipients: list[str] = []
        while line := reader.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                conn.sendall(b"250 sink\r\n")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                conn.sendall(b"250 ok\r\n")
            elif verb == "DATA":
                conn.sendall(b"354 go on\r\n")
                while reader.readline() not in {b".\r\n", b".\n", b""}:
                    pass
                state["messages"].append(recipients)
                recipients = []
                conn.sendall(b"250 queued\r\n")
            elif verb == "QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"250 ok\r\n")

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            state["connections"] += 1
            with conn:
                if state["connections"] <= refuse_first:
                    conn.sendall(b"554 5.3.2 Service refused\r\n")
                else:
                    session(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], state
    finally:
        stop.set()
        thread.join(2)
        server.close()


def smtp_to(settings, port: int) -> None:
    settings.MAILERS = {
        **settings.MAILERS,
        "transport": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        },
    }


@pytest.fixture
def requisition(seeded) -> Deadline:
    deadlines_load(agreement=seeded)
    jamtland = County.objects.get(slug="jamtland")
    Deadline.objects.exclude(county=jamtland, kind=DeadlineKind.REQUISITION).delete()
    return Deadline.objects.get()


def sweep_until_done(tries: int, django_capture_on_commit_callbacks) -> None:
    """The beat's sweep, `tries` times (the retry schedule is made 0 s by the test)."""
    for _ in range(tries):
        with django_capture_on_commit_callbacks(execute=True):
            mail_sweep(grace=datetime.timedelta(0))


def test_a_refused_reminder_is_retried_and_sent_once_the_server_answers(
    requisition, settings, eager_tasks, django_capture_on_commit_callbacks
):
    settings.MAIL_RETRY_SCHEDULE = [0, 0, 0]
    with smtp_server(refuse_first=2) as (port, state):
        smtp_to(settings, port)
        with django_capture_on_commit_callbacks(execute=True):
            assert reminders_scan(today=datetime.date(2025, 11, 17)) == 1
        sweep_until_done(2, django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()
    assert reminder.state == ReminderState.SENT
    assert reminder.attempts == 3
    assert "554" in reminder.last_error
    assert state["connections"] == 3
    assert state["messages"] == [[COORDINATOR]]


def test_a_reminder_refused_to_the_end_is_shown_to_the_coordinator_and_sent_again(
    requisition, settings, login, monkeypatch, eager_tasks, django_capture_on_commit_callbacks
):
    settings.MAIL_RETRY_SCHEDULE = [0, 0]
    with smtp_server(refuse_first=100) as (port, state):
        smtp_to(settings, port)
        with django_capture_on_commit_callbacks(execute=True):
            reminders_scan(today=datetime.date(2025, 11, 17))
        sweep_until_done(3, django_capture_on_commit_callbacks)
        assert state["connections"] == 3  # the first try and two retries
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts) == (ReminderState.FAILED, 3)

    client = login(COORDINATOR)
    page = client.get(reverse("reporting:deadlines", args=["jamtland"])).content.decode()
    assert "554 5.3.2 Service refused" in page
    # The next scan does not send it behind the coordinator's back.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_scan(today=datetime.date(2025, 11, 18)) == 0

    with smtp_server() as (port, state):
        smtp_to(settings, port)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("reporting:reminder_resend", args=["jamtland", reminder.pk]))
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.SENT
    assert state["messages"] == [[COORDINATOR]]
    page = client.get(reverse("reporting:deadlines", args=["jamtland"])).content.decode()
    assert "554 5.3.2" not in page


def test_a_deadline_done_before_the_reminder_is_sent_sends_nothing(
    requisition, settings, eager_tasks, django_capture_on_commit_callbacks
):
    from reporting.deadlines.tasks import reminder_send

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminders_scan(today=datetime.date(2025, 11, 17))
    requisition.done_at = requisition.created_at
    requisition.save()
    reminder = Reminder.objects.get()
    assert reminder_send.apply(args=[reminder.pk]).get() == "cancelled"
    assert callbacks  # the publish was waiting
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.PENDING and reminder.sent_at is None
