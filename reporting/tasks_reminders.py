"""Sending the reminders the scan recorded (`reporting.reminders`), and the daily scan.

`reminder_send` locks its row (`SKIP LOCKED`: a duplicate delivery of the same message
skips instead of waiting), takes only a pending reminder of an open deadline, marks it
SENDING and commits, then asks the mail server and marks it sent. A worker dying between
the mail server's answer and that last write leaves the row SENDING: it is never sent
again by itself, and after `selectors_deadlines.SENDING_TIMEOUT` the coordinator sees it
among the failed reminders (the e-mail may or may not have gone) and can send it again.

An SMTP error is recorded on the row (attempts, last error) and retried with exponential
back-off; after the last retry the row is FAILED, which the coordinator sees on the
county's deadlines page and can send again.
"""

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Reminder, ReminderKind, ReminderState
from .reminders import reminders_scan

logger = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)
ERROR_LIMIT = 2000
MAX_RETRIES = 5


def backoff(attempts: int) -> int:
    """Seconds before the next try: the base (REMINDER_RETRY_SECONDS, 60) doubled per try."""
    base = getattr(settings, "REMINDER_RETRY_SECONDS", 60)
    return int(base * 2 ** max(attempts - 1, 0))


def _describe(exc: BaseException) -> str:
    """The error as the coordinator reads it: the server's code and answer where it gave one."""
    if isinstance(exc, smtplib.SMTPResponseException):
        answer = exc.smtp_error
        if isinstance(answer, bytes):
            answer = answer.decode(errors="replace")
        return f"{type(exc).__name__}: {exc.smtp_code} {answer}"[:ERROR_LIMIT]
    return f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]


def _message(reminder: Reminder) -> tuple[str, str]:
    deadline = reminder.deadline
    context = {
        "deadline": deadline,
        "escalation": reminder.kind == ReminderKind.ESCALATION,
        "days_left": max((deadline.due_on - timezone.localdate()).days, 0),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("reporting/deadlines/email_subject.txt", context)
        body = render_to_string("reporting/deadlines/email.txt", context)
    return " ".join(subject.split()), body


@shared_task(bind=True, max_retries=MAX_RETRIES)
def reminder_send(self, reminder_id: int) -> str:
    """Send one recorded reminder, at most once."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("deadline__county", "recipient")
            .filter(pk=reminder_id, state=ReminderState.PENDING)
            .first()
        )
        if reminder is None:
            return "skipped"
        if reminder.deadline.done_at is not None:
            return "done"
        subject, body = _message(reminder)
        reminder.attempts += 1
        reminder.state = ReminderState.SENDING
        reminder.attempted_at = timezone.now()
        reminder.save(update_fields=["attempts", "state", "attempted_at"])
    # Committed as SENDING before the mail server is asked: a worker dying after the server
    # accepted leaves the row SENDING (shown to the coordinator as failed), never PENDING.
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[reminder.recipient.email],
        )
    except MAIL_ERRORS as exc:
        error = exc
        reminder.last_error = _describe(exc)
        failed = reminder.attempts > self.max_retries
        reminder.state = ReminderState.FAILED if failed else ReminderState.PENDING
        reminder.save(update_fields=["last_error", "state"])
    else:
        reminder.state = ReminderState.SENT
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["state", "sent_at"])
        return "sent"
    if reminder.state == ReminderState.FAILED:
        logger.warning("Reminder %s failed after %s attempts", reminder_id, reminder.attempts)
        return "failed"
    if self.request.is_eager:
        # In-process (no broker): try again at once, without raising into the caller.
        return reminder_send.apply(args=[reminder_id]).result
    raise self.retry(exc=error, countdown=backoff(reminder.attempts))


@shared_task(ignore_result=True)
def reminders_scan_daily(day: str | None = None) -> int:
    """Beat, once a day: record and send the reminders due today."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return reminders_scan(today=today)
