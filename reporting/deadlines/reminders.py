"""The daily reminder scan: which reminders are due today, recorded once, then sent.

Each reminder is a row (deadline, recipient, kind, offset, the deadline's date) under a
unique constraint: a deadline moved to another date is reminded of again. The
scan INSERTs the rows it finds due with `ON CONFLICT DO NOTHING … RETURNING id` and sends
only the rows this run inserted: a second run, a concurrent run or a rerun after a crash
inserts nothing and so sends nothing twice. The rows and their e-mails in the mail outbox
commit together (`reporting.messaging.mail`), so a reminder recorded is never lost either.

Which reminder is due: the deadline's smallest offset that is not smaller than the days
left. Run daily, that is each offset on its own day (30, 14, 7, 1 days before); a day the
scan did not run is caught up the next day with the reminder then current, not with every
one missed. A deadline past its date and not done gets one notice to the county's
coordinators (kind escalation, offset -1), from the day after (within ESCALATION_WINDOW),
once per date: a deadline reopened or moved may escalate again for its new date. The
report-back deadline of a grant whose decision is not released yet (minutes not
approved) is never reminded of.
A call's closing needs no notice: the call closes by itself. Optional reminders honour
the recipients' choices (`reporting.deadlines.notifications`). A report back's reminders
also honour the recipient's choice for "a report back is due" (`reporting.notifications`):
the earlier ones may come in the daily digest or not at all; the last one is always
e-mailed at once.

The scan runs a fixed number of queries, whatever the number of deadlines and reminders.
"""

import datetime
from itertools import batched

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from reporting.deadlines.notifications import is_mandatory, opted_out, reminder_kind
from reporting.deadlines.selectors import RECIPIENT_FIELDS, coordinators_of, recipients_of, released
from reporting.models import (
    Deadline,
    DeadlineKind,
    Delivery,
    NotificationKind,
    Reminder,
    ReminderKind,
    ReminderState,
)
from reporting.notifications.selectors import deliveries_of

# Offsets are validated to at most this many days; no reminder is due earlier.
MAX_OFFSET = 365
ESCALATION_OFFSET = -1
# Deadlines overdue longer than this get no notice (old years loaded afterwards, a scan
# that did not run for a month): the coordinator sees them on the county's page.
ESCALATION_WINDOW = 30
BATCH = 500


def current_offset(offsets: list, days_left: int) -> int | None:
    """The reminder due `days_left` before a deadline with these offsets, or None."""
    ahead = [o for o in offsets or [] if isinstance(o, int) and o >= days_left]
    return min(ahead) if ahead else None


Row = tuple[int, int, str, int, datetime.date]


def _due_reminders(today: datetime.date) -> list[Row]:
    rows = Deadline.objects.filter(
        released(),
        done_at__isnull=True,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=MAX_OFFSET),
    ).values(*RECIPIENT_FIELDS, "due_on", "reminder_offsets")
    due = []
    for row in rows:
        offset = current_offset(row["reminder_offsets"], (row["due_on"] - today).days)
        if offset is not None:
            due.append((row, offset))
    recipients = recipients_of(row for row, _ in due)
    users = set().union(*recipients.values()) if recipients else set()
    refused = opted_out(user_ids=users) if users else set()
    reports = report_deliveries(
        user_ids={u for row, _ in due if _is_report(row) for u in recipients.get(row["pk"], ())}
    )
    found = []
    for row, offset in due:
        kind = reminder_kind(offset)
        for user_id in sorted(recipients.get(row["pk"], ())):
            if _is_report(row) and not is_mandatory(kind) and reports[user_id] == Delivery.NONE:
                continue
            if (user_id, kind) not in refused:
                found.append(
                    (row["pk"], user_id, ReminderKind.REMINDER.value, offset, row["due_on"])
                )
    return found


def _is_report(row: dict) -> bool:
    return row["kind"] == DeadlineKind.REPORT_BACK


def report_deliveries(*, user_ids: set[int]) -> dict[int, str]:
    """User id → how they want to hear that a report back is due (one query, none if empty)."""
    return deliveries_of(kind=NotificationKind.REPORT_DUE, user_ids=user_ids) if user_ids else {}


def _to_digest(reminder: Reminder, deliveries: dict[int, str]) -> bool:
    """Whether the reminder goes to the recipient's daily digest instead of an e-mail."""
    return (
        reminder.kind == ReminderKind.REMINDER
        and reminder.deadline.kind == DeadlineKind.REPORT_BACK
        and not is_mandatory(reminder_kind(reminder.offset_days))
        and deliveries.get(reminder.recipient_id) == Delivery.DIGEST
    )


def _due_escalations(today: datetime.date) -> list[Row]:
    escalated = Reminder.objects.filter(
        deadline=OuterRef("pk"), kind=ReminderKind.ESCALATION, due_on=OuterRef("due_on")
    )
    overdue = list(
        Deadline.objects.filter(
            released(),
            ~Exists(escalated),
            done_at__isnull=True,
            due_on__lt=today,
            due_on__gte=today - datetime.timedelta(days=ESCALATION_WINDOW),
        )
        .exclude(kind=DeadlineKind.CALL_CLOSING)
        .values_list("pk", "county_id", "due_on")
    )
    if not overdue:
        return []
    coordinators = coordinators_of(county_ids={county for _, county, _ in overdue})
    return [
        (pk, user_id, ReminderKind.ESCALATION.value, ESCALATION_OFFSET, due_on)
        for pk, county, due_on in overdue
        for user_id in sorted(coordinators.get(county, ()))
    ]


def _insert_new(rows: list[Row]) -> list[int]:
    """Insert the reminders not yet recorded; the ids of those this call inserted."""
    meta = Reminder._meta
    columns = [
        meta.get_field(name).column
        for name in ("deadline", "recipient", "kind", "offset_days", "due_on", "state", "attempts")
    ] + [meta.get_field("last_error").column, meta.get_field("created_at").column]
    quote = connection.ops.quote_name
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    inserted: list[int] = []
    with connection.cursor() as cursor:
        for chunk in batched(rows, BATCH):
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            params: list = []
            for deadline_id, user_id, kind, offset, due_on in chunk:
                due = connection.ops.adapt_datefield_value(due_on)
                params += [deadline_id, user_id, kind, offset, due, ReminderState.PENDING, 0, ""]
                params.append(created)
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "
                f"VALUES {placeholders} ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}",
                params,
            )
            inserted += [row[0] for row in cursor.fetchall()]
    return inserted


def _enqueue_all(reminder_ids: list[int], today: datetime.date) -> None:
    """One e-mail in the mail outbox per reminder, written in the scan's transaction and
    delivered after commit (`reporting.messaging.mail`); a few statements per batch."""
    from reporting.deadlines.emails import reminder_email
    from reporting.messaging.mail import mail_deliver_after_commit
    from reporting.models import OutgoingEmail

    email_ids: list[int] = []
    for chunk in batched(reminder_ids, BATCH):
        reminders = list(
            Reminder.objects.filter(pk__in=chunk).select_related("deadline__county", "recipient")
        )
        deliveries = report_deliveries(
            user_ids={
                r.recipient_id for r in reminders if r.deadline.kind == DeadlineKind.REPORT_BACK
            }
        )
        digested = [r for r in reminders if _to_digest(r, deliveries)]
        if digested:
            _digest_all(digested, today)
        emails = OutgoingEmail.objects.bulk_create(
            [
                reminder_email(reminder, today=today)
                for reminder in reminders
                if not _to_digest(reminder, deliveries)
            ]
        )
        email_ids += [email.pk for email in emails]
    mail_deliver_after_commit(email_ids=email_ids)


def _digest_all(reminders: list[Reminder], today: datetime.date) -> None:
    """The reminders for the recipients' daily digests: kept there, and shown as sent."""
    from django.urls import reverse

    from reporting.deadlines.emails import reminder_email
    from reporting.notifications.services import digest_add

    for reminder in reminders:
        email = reminder_email(reminder, today=today)
        grant_id = reminder.deadline.grant_id
        digest_add(
            user_id=reminder.recipient_id,
            kind=NotificationKind.REPORT_DUE,
            subject=email.subject,
            body=email.body,
            link=reverse("allocations:grant_report", args=[grant_id]) if grant_id else "",
            county=reminder.deadline.county,
            key=f"reminder:{reminder.pk}",
        )
    now = timezone.now()
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
        state=ReminderState.SENT, sent_at=now, attempted_at=now
    )


@transaction.atomic
def reminders_scan(*, today: datetime.date) -> int:
    """Record and send the reminders and overdue notices due on `today`; how many."""
    inserted = _insert_new(_due_reminders(today) + _due_escalations(today))
    if inserted:
        _enqueue_all(inserted, today)
    return len(inserted)
