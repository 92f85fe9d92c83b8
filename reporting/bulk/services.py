"""Writing and sending a message to the applicants of a call.

`bulk_message_create` fixes the recipients (the preview shows them); `bulk_message_send`
moves the message to QUEUED and asks, through the task outbox, for `bulk_message_deliver`,
which stores one e-mail per recipient in the mail outbox and hands them to the workers. Both
outboxes keep what is asked for when Redis or the mail server is down; the mail outbox tries a
refused e-mail again for about a day.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import County
from applications.models import Call
from reporting.bulk.selectors import call_addressees
from reporting.messaging.mail import mail_build, mail_deliver_after_commit
from reporting.messaging.outbox import enqueue
from reporting.models import (
    BULK_TRANSITIONS,
    BulkMessage,
    BulkRecipient,
    BulkState,
    MailKind,
    OutgoingEmail,
)

DELIVER_TASK = "reporting.tasks_bulk.bulk_message_deliver"


class BulkRefused(Exception):
    """The message cannot be written or sent; the text says why, for the coordinator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _move(message: BulkMessage, to: str) -> None:
    if (message.state, to) not in BULK_TRANSITIONS:
        raise BulkRefused(_("The message has already been sent."))
    message.state = to


def bulk_message_create(
    *,
    county: County,
    call: Call,
    status: str,
    subject: str,
    body: str,
    user: AbstractBaseUser,
) -> BulkMessage:
    """A message not yet sent, with its recipients fixed now. Refused when the call (in that
    status) has no applicant to write to."""
    if call.county_id != county.pk:
        raise BulkRefused(_("Choose one of the county's calls."))
    addressees = call_addressees(call=call, status=status)
    if not addressees:
        raise BulkRefused(_("The call has no applicants to write to."))
    with transaction.atomic():
        message = BulkMessage.objects.create(
            county=county, call=call, status=status, subject=subject, body=body, created_by=user
        )
        BulkRecipient.objects.bulk_create(
            BulkRecipient(message=message, email=a.email, organisation_id=a.organisation_id)
            for a in addressees
        )
    return message


def bulk_message_send(*, message: BulkMessage, user: AbstractBaseUser) -> BulkMessage:
    """Send the previewed message: it goes once, whoever presses the button twice."""
    with transaction.atomic():
        message = BulkMessage.objects.select_for_update().get(pk=message.pk)
        _move(message, BulkState.QUEUED)
        message.sent_by, message.sent_at = user, timezone.now()
        message.save(update_fields=["state", "sent_by", "sent_at"])
        enqueue(DELIVER_TASK, message.pk)
    return message


def bulk_message_deliver(*, message_id: int) -> int:
    """Store one e-mail per recipient in the mail outbox and hand them to the workers once
    committed; a second run (the task delivered twice) stores nothing more. Returns how
    many e-mails were stored."""
    with transaction.atomic():
        message = (
            BulkMessage.objects.select_for_update().select_related("county").get(pk=message_id)
        )
        if message.state != BulkState.QUEUED:
            return 0
        waiting = list(message.recipients.filter(outgoing__isnull=True).order_by("pk"))
        emails = OutgoingEmail.objects.bulk_create(
            mail_build(
                kind=MailKind.BULK,
                to=[recipient.email],
                subject=message.subject,
                body=message.body,
                county=message.county,
                related=message,
            )
            for recipient in waiting
        )
        for recipient, email in zip(waiting, emails, strict=True):
            recipient.outgoing = email
        BulkRecipient.objects.bulk_update(waiting, ["outgoing"])
        _move(message, BulkState.SENT)
        message.save(update_fields=["state"])
        mail_deliver_after_commit(email_ids=[e.pk for e in emails])
    return len(emails)
