"""Faults of the real services: a task asked for is never lost, and the service recovers.

Run with REDIS_URL (and DATABASE_URL for the database test); without them these skip, and
fail under REQUIRE_SERVICES=1."""

import datetime
import os
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reporting.models import OutboxMessage, ProblemReport
from tests.services import need, wait_until

pytestmark = pytest.mark.services

ACCESSIBILITY = reverse("reporting:accessibility")
CLOSED_PORT_BROKER = "redis://127.0.0.1:6390/0"
REPORT = {"description": "Knappen går inte att nå med tangentbordet.", "page_url": "/lan/"}


def need_redis() -> None:
    need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")


@contextmanager
def worker():
    """A real worker on the real broker, started when the test says so."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10) as w:
        yield w


def _drop_broker_pools(app) -> None:
    # kombu keeps the pools per connection in a registry; the app forgets which it uses.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str):
    """Point the app's publishing at `url` (a closed port: Redis unreachable), then back."""
    from config.celery import app

    saved = app.conf.broker_url
    _drop_broker_pools(app)
    app.conf.broker_url = url
    try:
        yield
    finally:
        _drop_broker_pools(app)
        app.conf.broker_url = saved


@pytest.fixture
def empty_queue(transactional_db):
    need_redis()
    from config.celery import app

    app.control.purge()  # tasks left by earlier tests that ran without a worker
    mail.outbox.clear()


def test_a_pdf_asked_for_while_no_worker_runs_waits_and_is_made_when_one_starts(
    empty_queue, seeded
):
    from django.contrib.auth import get_user_model

    from allocations.models import County
    from applications.documents.services import document_request
    from applications.models import DocumentKind, JobState
    from tests.applications.decision_helpers import open_meeting

    coordinator = get_user_model().objects.get(username="samordnare@jamtland.demo")
    meeting = open_meeting(County.objects.get(slug="jamtland"), seeded, coordinator)
    document = document_request(
        meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator
    )
    message = OutboxMessage.objects.get(task="applications.tasks_documents.document_generate")
    assert message.enqueued_at is not None  # on the broker, waiting for a worker
    time.sleep(1)
    document.refresh_from_db()
    assert document.state == JobState.QUEUED

    with worker():

        def finished() -> bool:
            document.refresh_from_db()
            return document.is_finished

        wait_until(finished, seconds=60)
    assert document.state == JobState.DONE, document.error
    assert document.size > 0


def test_redis_unreachable_when_a_task_is_enqueued_the_request_succeeds_and_nothing_is_lost(
    empty_queue, client
):
    with broker_at(CLOSED_PORT_BROKER):
        started = time.monotonic()
        response = client.post(ACCESSIBILITY, REPORT, follow=True)
        took = time.monotonic() - started
    assert response.status_code == 200
    assert "Tack! Din rapport har skickats." in response.content.decode()
    assert took < 10, f"a down broker held the request for {took:.1f} s"
    report = ProblemReport.objects.get()
    message = OutboxMessage.objects.get()
    assert message.task == "reporting.tasks.problem_report_forward"
    assert message.args == [report.pk]
    assert message.enqueued_at is None
    assert message.attempts == 1
    assert message.last_error  # why it is still waiting

    with worker():
        call_command("outbox_sweep", older_than=0)
        wait_until(lambda: len(mail.outbox) == 1, seconds=30)
    message.refresh_from_db()
    assert message.enqueued_at is not None
    assert "tangentbordet" in mail.outbox[0].body
    report.refresh_from_db()
    assert report.forwarded_at is not None


def test_the_sweeper_leaves_messages_pending_while_redis_is_still_down(empty_queue, client):
    with broker_at(CLOSED_PORT_BROKER):
        client.post(ACCESSIBILITY, REPORT)
        call_command("outbox_sweep", older_than=0)
    message = OutboxMessage.objects.get()
    assert message.enqueued_at is None
    assert message.attempts == 2  # the request's try and the sweeper's


@contextmanager
def refusing_smtp_server():
    """A mail server that answers every connection with 554 (service refused)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    connections: list[float] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            connections.append(time.monotonic())
            with conn:
                conn.sendall(b"554 5.3.2 Service refused\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], connections
    finally:
        stop.set()
        thread.join(2)
        server.close()


def test_a_refusing_mail_server_is_retried_the_failure_is_visible_and_the_mail_not_lost(
    empty_queue, client, settings
):
    from reporting.messaging.mail import mail_resend, mail_sweep
    from reporting.models import MailState, OutgoingEmail

    settings.MAIL_RETRY_SCHEDULE = [0, 0]  # three tries, as fast as the sweep runs
    transport = settings.MAILERS["transport"]
    with refusing_smtp_server() as (port, connections):
        settings.MAILERS = {
            **settings.MAILERS,
            "transport": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
            },
        }
        with worker():
            client.post(ACCESSIBILITY, REPORT)
            wait_until(lambda: OutgoingEmail.objects.filter(attempts__gte=1).exists(), 30)
            email = OutgoingEmail.objects.get()

            def failed() -> bool:
                mail_sweep(grace=datetime.timedelta(0))  # what beat does every minute
                email.refresh_from_db()
                return email.state == MailState.FAILED

            wait_until(failed, seconds=30)
    assert len(connections) == 3  # the first try and two retries
    assert "554 5.3.2 Service refused" in email.last_error
    assert email.tries.count() == 3
    # Handed to the mail outbox once; the task itself succeeded.
    assert ProblemReport.objects.get().forwarded_at is not None
    assert OutboxMessage.objects.get().failed_at is None

    # The administrator sees it in the admin (Outgoing e-mails, failed) and sends it again.
    settings.MAILERS = {**settings.MAILERS, "transport": transport}
    with worker():
        mail_resend(email=email)
        wait_until(lambda: len(mail.outbox) == 1, seconds=30)
    email.refresh_from_db()
    assert email.state == MailState.SENT
    assert "tangentbordet" in mail.outbox[0].body


def _wsgi_get(path: str, cookies: dict) -> int:
    """A request through the real WSGI handler, which (unlike the test client) runs
    Django's request_started/finished connection housekeeping."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in cookies.items())
    environ = RequestFactory().get(path, HTTP_COOKIE=cookie).environ
    status: list[str] = []
    body = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    body.close()
    return int(status[0].split()[0])


def test_the_next_request_succeeds_after_the_database_dropped_the_connection(
    transactional_db, client, seeded
):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    import psycopg
    from django.db import connection

    client.login(username="sokande@ostersund.demo", password="lansmedel-demo")
    assert _wsgi_get(reverse("start"), client.cookies) == 200
    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid

    # What a PostgreSQL restart does to a kept connection: the server ends it.
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [old_pid])

    assert _wsgi_get(reverse("start"), client.cookies) == 200
    connection.ensure_connection()
    assert connection.connection.info.backend_pid != old_pid
