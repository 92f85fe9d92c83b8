"""Sending e-mail through the mail outbox (`OutgoingEmail`): nothing the system sends is lost.

`mail_queue` writes the message in the caller's transaction and asks a worker to deliver it
once that commits. `mail_deliver` makes one try, at most once at a time: it locks the row
(`SKIP LOCKED`: a second delivery of the same task skips instead of waiting), takes it only
when it is pending and due, marks it SENDING and commits, and only then asks the mail server.
A refusal is recorded (the server's code and answer, on the message and as a `MailAttempt`)
and the next try is set by `settings.MAIL_RETRY_SCHEDULE` (minutes, then hours, about a day
in all); after the last one the message is FAILED. `mail_sweep` (beat, every minute) hands
the due messages to the workers, so a retry does not depend on a task waiting in the broker.

A worker dying between the server's answer and the last write leaves the row SENDING: it is
never sent again by itself (the server may have taken it); after
`settings.MAIL_SENDING_TIMEOUT` it shows as uncertain beside the failed ones, and a person
decides with `mail_resend`.

Delivery goes to the mailer `settings.MAIL_TRANSPORT` (SMTP in production, the console for
`make run`); Django's own e-mails (password reset) reach the outbox through
`reporting.messaging.backend.OutboxEmailBackend`, the default mailer.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from reporting.models import (
    MAIL_TRANSITIONS,
    MailAttempt,
    MailKind,
    MailState,
    OutgoingEmail,
    ReminderState,
)
from reporting.models.mail import SENSITIVE_KINDS

logger = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)
ERROR_LIMIT = 2000
# Messages younger than this are left to their own after-commit delivery by the sweep.
SWEEP_GRACE = datetime.timedelta(seconds=30)
SWEEP_BATCH = 200


class MailNotResendable(Exception):
    """The message is neither failed nor left uncertain: it is on its way or sent."""


def retry_schedule() -> list[int]:
    """Seconds to wait after each refused try; its length is the number of retries."""
    return [int(s) for s in settings.MAIL_RETRY_SCHEDULE]


def sending_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(settings.MAIL_SENDING_TIMEOUT))


def _move(email: OutgoingEmail, to: str) -> None:
    if (email.state, to) not in MAIL_TRANSITIONS:
        raise ValueError(f"E-mail {email.pk}: {email.state} → {to} is not an allowed move")
    email.state = to


def _text(answer) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)


def describe_error(exc: BaseException) -> str:
    """The error as a person reads it: the server's code and answer where it gave one."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(
            f"{address}: {code} {_text(answer)}"
            for address, (code, answer) in exc.recipients.items()
        )
        return f"{type(exc).__name__}: {answers}"[:ERROR_LIMIT]
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_text(exc.smtp_error)}"[:ERROR_LIMIT]
    return f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]


def mail_build(
    *,
    kind: str,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    county=None,
    related=None,
    reminder=None,
    from_email: str | None = None,
    cc: list[str] | tuple = (),
    bcc: list[str] | tuple = (),
    reply_to: list[str] | tuple = (),
    source_task_id=None,
) -> OutgoingEmail:
    """An unsaved message, due now (for `mail_queue` and bulk writers)."""
    return OutgoingEmail(
        kind=kind,
        to=sorted({a for a in to if a}),
        cc=list(cc),
        bcc=list(bcc),
        reply_to=list(reply_to),
        subject=" ".join(subject.split())[:998],
        body=body,
        html=html,
        county=county,
        related_type=related._meta.label_lower if related is not None else "",
        related_id=related.pk if related is not None else None,
        reminder=reminder,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        source_task_id=source_task_id,
        next_attempt_at=timezone.now(),
    )


def mail_queue(**fields) -> OutgoingEmail:
    """Store one e-mail in the current transaction and deliver it once that commits.
    Takes `mail_build`'s arguments. With `source_task_id` already used (a task delivered
    twice), the message stored the first time is returned and nothing new is sent."""
    task_id = fields.get("source_task_id")
    if task_id is not None:
        existing = OutgoingEmail.objects.filter(source_task_id=task_id).first()
        if existing is not None:
            return existing
    email = mail_build(**fields)
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if task_id is None:
            raise
        return OutgoingEmail.objects.get(source_task_id=task_id)  # the same task, at once
    mail_deliver_after_commit(email_ids=[email.pk])
    return email


def mail_deliver_after_commit(*, email_ids: list[int]) -> None:
    """Once the current transaction commits, hand these messages to the workers."""
    transaction.on_commit(lambda: mail_publish(email_ids=email_ids))


# The worker's task that makes one try at a stored e-mail (`reporting.messaging.tasks`).
DELIVER_TASK = "reporting.tasks_mail.mail_deliver_run"


def mail_publish(*, email_ids: list[int]) -> int:
    """Ask a worker to deliver each message; how many were handed over. A broker that
    cannot be reached (or any other failure here) leaves them for the sweep and raises
    nothing: the messages are stored, the caller's work is done."""
    from config.celery import app
    from reporting.messaging.outbox import BROKER_ERRORS

    task = app.tasks[DELIVER_TASK]

    handed = 0
    for pk in email_ids:
        try:
            task.apply_async(args=[pk], retry=False)
        except BROKER_ERRORS as exc:
            logger.warning("E-mail %s and later ones left for the sweep: %s", pk, exc)
            break  # the broker is down: the next ones would wait for it in vain
        except Exception:  # run in-process: stored, and the sweep tries again
            logger.exception("E-mail %s left for the sweep", pk)
            continue
        handed += 1
    return handed


def _mirror_reminder(email: OutgoingEmail) -> None:
    """A reminder's own row shows its e-mail's state (the deadlines page reads it)."""
    from reporting.models import Reminder

    if email.reminder_id is None:
        return
    state = {
        MailState.PENDING: ReminderState.PENDING,
        MailState.SENDING: ReminderState.SENDING,
        MailState.SENT: ReminderState.SENT,
        MailState.FAILED: ReminderState.FAILED,
        MailState.CANCELLED: ReminderState.PENDING,
    }[email.state]
    Reminder.objects.filter(pk=email.reminder_id).update(
        state=state,
        attempts=email.attempts,
        last_error=email.last_error,
        attempted_at=email.attempted_at,
        sent_at=email.sent_at,
    )


def _no_longer_needed(email: OutgoingEmail) -> bool:
    reminder = email.reminder
    return reminder is not None and reminder.deadline.done_at is not None


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email,
        to=email.to,
        cc=email.cc,
        bcc=email.bcc,
        reply_to=email.reply_to,
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    return message


def mail_deliver(*, email_id: int) -> str:
    """One try at sending a pending, due message; at most one worker at a time, and never
    again once the server may have taken it. Returns what happened: "sent", "retrying",
    "failed", "cancelled" or "skipped" (not pending, not due, or another worker has it)."""
    now = timezone.now()
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("reminder__deadline")
            .filter(pk=email_id, state=MailState.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .first()
        )
        if email is None:
            return "skipped"
        if _no_longer_needed(email):
            _move(email, MailState.CANCELLED)
            email.next_attempt_at = None
            email.save(update_fields=["state", "next_attempt_at"])
            return "cancelled"
        _move(email, MailState.SENDING)
        email.attempts += 1
        email.attempted_at = now
        email.save(update_fields=["state", "attempts", "attempted_at"])
        attempt = MailAttempt.objects.create(email=email, number=email.attempts, started_at=now)
        _mirror_reminder(email)
    # Committed as SENDING before the server is asked: a worker dying after the server took
    # the message leaves it SENDING (uncertain, for a person to decide), never PENDING.
    try:
        _message(email).send(using=settings.MAIL_TRANSPORT)
    except MAIL_ERRORS as exc:
        return _refused(email, attempt, describe_error(exc))
    return _sent(email, attempt)


def _sent(email: OutgoingEmail, attempt: MailAttempt) -> str:
    with transaction.atomic():
        _move(email, MailState.SENT)
        email.sent_at = timezone.now()
        email.next_attempt_at = None
        fields = ["state", "sent_at", "next_attempt_at"]
        if email.kind in SENSITIVE_KINDS:
            email.body, email.html, email.content_removed = "", "", True
            fields += ["body", "html", "content_removed"]
        email.save(update_fields=fields)
        MailAttempt.objects.filter(pk=attempt.pk).update(finished_at=email.sent_at)
        _mirror_reminder(email)
    return "sent"


def _refused(email: OutgoingEmail, attempt: MailAttempt, error: str) -> str:
    schedule = retry_schedule()
    now = timezone.now()
    with transaction.atomic():
        email.last_error = error
        if email.attempts > len(schedule):
            _move(email, MailState.FAILED)
            email.next_attempt_at = None
        else:
            _move(email, MailState.PENDING)
            email.next_attempt_at = now + datetime.timedelta(seconds=schedule[email.attempts - 1])
        email.save(update_fields=["state", "last_error", "next_attempt_at"])
        MailAttempt.objects.filter(pk=attempt.pk).update(finished_at=now, error=error)
        _mirror_reminder(email)
    if email.state == MailState.FAILED:
        logger.warning("E-mail %s failed after %s tries: %s", email.pk, email.attempts, error)
        return "failed"
    return "retrying"


def mail_sweep(*, grace: datetime.timedelta = SWEEP_GRACE) -> int:
    """Hand every pending message whose next try is due to the workers (beat, every
    minute); a first try younger than `grace` is left to its own after-commit delivery.
    Returns how many were handed over."""
    now = timezone.now()
    due = (
        OutgoingEmail.objects.filter(state=MailState.PENDING, next_attempt_at__lte=now)
        .exclude(attempts=0, created_at__gt=now - grace)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return mail_publish(email_ids=list(due))


def uncertain_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - sending_timeout()


def mail_resend(*, email: OutgoingEmail, by=None) -> None:
    """Send a failed message again, or one whose try never finished (the server may have
    taken it: the person asking accepts a possible second copy). A new round of tries
    starts now; the earlier tries stay recorded. Raises MailNotResendable otherwise."""
    with transaction.atomic():
        locked = (
            OutgoingEmail.objects.select_for_update(of=("self",))
            .filter(pk=email.pk)
            .filter(
                Q(state=MailState.FAILED)
                | Q(state=MailState.SENDING, attempted_at__lt=uncertain_cutoff())
            )
            .first()
        )
        if locked is None:
            raise MailNotResendable(email.pk)
        _move(locked, MailState.PENDING)
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.resent_by = by if by is not None and by.is_authenticated else None
        locked.save(update_fields=["state", "attempts", "next_attempt_at", "resent_by"])
        _mirror_reminder(locked)
        mail_deliver_after_commit(email_ids=[locked.pk])
    email.refresh_from_db()


__all__ = ["MailKind", "mail_deliver", "mail_queue", "mail_resend", "mail_sweep"]
