"""The reminders' e-mails and the daily scan.

The scan (`reporting.deadlines.reminders`) records each reminder once per (deadline, recipient,
offset, date) and, in the same transaction, stores its e-mail in the mail outbox
(`reporting.messaging.mail`), linked to the reminder. The outbox sends it like every other e-mail:
marked SENDING and committed before the mail server is asked, retried over about a day
when refused, FAILED after the last try; a try that never finished is shown as uncertain
and never sent again by itself. The reminder's own state, tries and last error follow its
e-mail's, so the county's deadlines page lists the reminders that failed and sends them
again (`deadlines.services.reminder_resend`). A deadline marked done before its reminder
went sends nothing: the e-mail is cancelled at its next try.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from reporting.deadlines.emails import reminder_email
from reporting.deadlines.reminders import reminders_scan
from reporting.messaging.mail import mail_deliver
from reporting.models import (
    MailState,
    OutgoingEmail,
    Reminder,
    ReminderState,
)


def reminder_email_ensure(reminder: Reminder) -> OutgoingEmail:
    """The reminder's e-mail, stored now if it has none (a reminder recorded before the
    mail outbox existed)."""
    email = OutgoingEmail.objects.filter(reminder=reminder).first()
    if email is None:
        reminder = Reminder.objects.select_related("deadline__county", "recipient").get(
            pk=reminder.pk
        )
        email = reminder_email(reminder, today=timezone.localdate())
        email.attempts = reminder.attempts
        email.last_error = reminder.last_error
        email.attempted_at = reminder.attempted_at
        email.state = {
            ReminderState.SENDING: MailState.SENDING,
            ReminderState.FAILED: MailState.FAILED,
            ReminderState.SENT: MailState.SENT,
        }.get(reminder.state, MailState.PENDING)
        email.save()
    return email


@shared_task(name="reporting.tasks_reminders.reminder_send")
def reminder_send(reminder_id: int) -> str:
    """Send one recorded reminder through the mail outbox (for messages of the task outbox
    written before reminders went through the mail outbox), at most once."""
    reminder = Reminder.objects.filter(pk=reminder_id).first()
    if reminder is None:
        return "skipped"
    return mail_deliver(email_id=reminder_email_ensure(reminder).pk)


@shared_task(name="reporting.tasks_reminders.reminders_scan_daily", ignore_result=True)
def reminders_scan_daily(day: str | None = None) -> int:
    """Beat, once a day: record and send the reminders due today."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return reminders_scan(today=today)
