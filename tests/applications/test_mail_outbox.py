"""Every e-mail goes through the mail outbox: a mail server refusing loses nothing, the
coordinator sees what failed and sends it again, and the server gets each message once.

The mail server is a real SMTP server (aiosmtpd) on a free port; tasks run in-process."""

import datetime
import socket
from contextlib import contextmanager

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from applications.applying.services import application_submit
from reporting.messaging.mail import mail_sweep
from reporting.models import MailKind, MailState, OutgoingEmail

pytestmark = [pytest.mark.django_db, pytest.mark.services]

COORDINATOR = "samordnare@jamtland.demo"


class Refusing:
    """Answers 554 to the first `refuse` messages, then accepts and keeps them."""

    def __init__(self, refuse: int):
        self.refuse = refuse
        self.tries = 0
        self.received: list = []

    async def handle_DATA(self, server, session, envelope):
        self.tries += 1
        if self.tries <= self.refuse:
            return "554 5.7.1 Rejected for policy reasons"
        self.received.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(settings, refuse: int):
    handler = Refusing(refuse)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        **settings.MAILERS,
        "transport": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        },
    }
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def eager_tasks(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def later(minutes: float):
    return time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes), tick=True)


def test_a_refused_receipt_is_kept_shown_to_the_coordinator_and_delivered_once_accepted(
    complete_draft, applicant, settings, eager_tasks, login, django_capture_on_commit_callbacks
):
    with smtp_server(settings, refuse=2) as server:
        with django_capture_on_commit_callbacks(execute=True):
            application = application_submit(application=complete_draft, user=applicant)
        receipt = OutgoingEmail.objects.get(kind=MailKind.RECEIPT)
        assert receipt.state == MailState.PENDING and receipt.attempts == 1
        assert "554 5.7.1 Rejected for policy reasons" in receipt.last_error
        assert receipt.county.slug == "jamtland"
        assert server.received == []

        # Not yet due: the sweep leaves it.
        with django_capture_on_commit_callbacks(execute=True):
            assert mail_sweep() == 0
        with later(2), django_capture_on_commit_callbacks(execute=True):
            mail_sweep()
        receipt.refresh_from_db()
        assert (receipt.state, receipt.attempts) == (MailState.PENDING, 2)
        assert receipt.tries.count() == 2

        with later(2 + 6), django_capture_on_commit_callbacks(execute=True):
            mail_sweep()
        receipt.refresh_from_db()
        assert receipt.state == MailState.SENT and receipt.sent_at is not None
        assert len(server.received) == 1
        assert application.case_number in server.received[0].content.decode()
        with later(60 * 30), django_capture_on_commit_callbacks(execute=True):
            assert mail_sweep() == 0
        assert len(server.received) == 1


def test_a_message_refused_to_the_end_is_failed_shown_and_sent_again_by_the_coordinator(
    complete_draft,
    applicant,
    settings,
    eager_tasks,
    login,
    client,
    django_capture_on_commit_callbacks,
):
    settings.MAIL_RETRY_SCHEDULE = [60, 60]
    with smtp_server(settings, refuse=100) as server:
        with django_capture_on_commit_callbacks(execute=True):
            application_submit(application=complete_draft, user=applicant)
        for minutes in (2, 4):
            with later(minutes), django_capture_on_commit_callbacks(execute=True):
                mail_sweep()
        receipt = OutgoingEmail.objects.get(kind=MailKind.RECEIPT)
        assert (receipt.state, receipt.attempts) == (MailState.FAILED, 3)
        assert server.tries == 3

    page = reverse("reporting:county_mail", args=["jamtland"])
    coordinator = login(COORDINATOR)
    shown = coordinator.get(page).content.decode()
    assert receipt.subject in shown and "554 5.7.1" in shown and "anna@ostersund.se" in shown

    # Only the county's coordinators: another county's answers 404, another role 403.
    client.logout()
    client.login(username="samordnare@dalarna.demo", password="lansmedel-demo")
    assert client.get(page).status_code == 404
    assert (
        client.post(
            reverse("reporting:county_mail_resend", args=["jamtland", receipt.pk])
        ).status_code
        == 404
    )
    client.logout()
    client.login(username="beredning1@jamtland.demo", password="lansmedel-demo")
    assert client.get(page).status_code == 403
    client.logout()

    coordinator = login(COORDINATOR)
    with smtp_server(settings, refuse=0) as server:
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator.post(
                reverse("reporting:county_mail_resend", args=["jamtland", receipt.pk])
            )
        assert response.status_code == 302
        assert len(server.received) == 1
    receipt.refresh_from_db()
    assert receipt.state == MailState.SENT
    assert "554 5.7.1" not in coordinator.get(page).content.decode()


def test_a_password_reset_goes_through_the_outbox_and_its_text_is_removed_once_sent(
    seeded, client, settings, eager_tasks, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": COORDINATOR})
    assert len(mail.outbox) == 1 and "/" in mail.outbox[0].body
    email = OutgoingEmail.objects.get(kind=MailKind.SYSTEM)
    assert email.state == MailState.SENT and email.county is None
    assert (email.body, email.content_removed) == ("", True)


def test_a_try_that_never_finished_is_uncertain_never_sent_again_by_itself(
    complete_draft, applicant, settings, eager_tasks, login, django_capture_on_commit_callbacks
):
    """The worker died while talking to the mail server: the message may have gone out."""
    with smtp_server(settings, refuse=0) as server:
        with django_capture_on_commit_callbacks(execute=True):
            application_submit(application=complete_draft, user=applicant)
        receipt = OutgoingEmail.objects.get(kind=MailKind.RECEIPT)
        assert len(server.received) == 1
        # As the dead worker left it: the try started, nothing recorded after it.
        OutgoingEmail.objects.filter(pk=receipt.pk).update(
            state=MailState.SENDING, sent_at=None, next_attempt_at=timezone.now()
        )
        page = reverse("reporting:county_mail", args=["jamtland"])
        coordinator = login(COORDINATOR)
        assert receipt.subject not in coordinator.get(page).content.decode()  # still going

        with later(31), django_capture_on_commit_callbacks(execute=True):
            mail_sweep()
            shown = coordinator.get(page).content.decode()
        assert len(server.received) == 1  # the sweep never sends it again
        assert receipt.subject in shown and "Osäkert" in shown

        with later(32), django_capture_on_commit_callbacks(execute=True):
            response = coordinator.post(
                reverse("reporting:county_mail_resend", args=["jamtland", receipt.pk])
            )
        assert response.status_code == 302
        assert len(server.received) == 2  # the person chose a possible second copy
    receipt.refresh_from_db()
    assert receipt.state == MailState.SENT


def test_the_countys_mail_page_runs_the_same_queries_for_one_failed_email_or_many(login, seeded):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from allocations.models import County
    from reporting.messaging.mail import mail_build

    county = County.objects.get(slug="jamtland")
    page = reverse("reporting:county_mail", args=["jamtland"])
    coordinator = login(COORDINATOR)

    def failed(n: int) -> None:
        emails = [
            mail_build(
                kind=MailKind.RECEIPT,
                to=[f"x{i}@ostersund.se"],
                subject=f"Kvitto {i}",
                body="Tack.",
                county=county,
            )
            for i in range(n)
        ]
        for email in emails:
            email.state, email.attempts, email.last_error = MailState.FAILED, 9, "554 nej"
        OutgoingEmail.objects.bulk_create(emails)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            html = coordinator.get(page).content.decode()
        assert "554 nej" in html
        return len(captured)

    failed(1)
    one = queries()
    failed(9)
    assert queries() == one
