"""A reminder's e-mail, built for the mail outbox: by the daily scan and by a resend alike."""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from reporting.messaging.mail import mail_build
from reporting.models import MailKind, OutgoingEmail, Reminder, ReminderKind


def reminder_email(reminder: Reminder, *, today: datetime.date) -> OutgoingEmail:
    """The reminder's e-mail, unsaved, as of `today` (the days left are counted from it)."""
    deadline = reminder.deadline
    context = {
        "deadline": deadline,
        "escalation": reminder.kind == ReminderKind.ESCALATION,
        "days_left": max((deadline.due_on - today).days, 0),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("reporting/deadlines/email_subject.txt", context)
        body = render_to_string("reporting/deadlines/email.txt", context)
    return mail_build(
        kind=MailKind.REMINDER,
        to=[reminder.recipient.email],
        subject=subject,
        body=body,
        county=deadline.county,
        related=deadline,
        reminder=reminder,
    )
