"""Telling people what happened: `notify` honours each person's choice per kind, and
`digest_send` sends each person one e-mail with what waited for their daily digest.

Both write in the caller's transaction and send after it commits (the mail outbox,
`reporting.messaging.mail`): a broker or worker that is down never fails the write that
caused the notification; the mail outbox's sweep sends what is stored.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reporting.messaging.mail import mail_build, mail_deliver_after_commit, mail_queue
from reporting.models import Delivery, DigestItem, MailKind, NotificationKind, OutgoingEmail
from reporting.notifications.selectors import deliveries_of, digest_pending

# The outbox's kind of an e-mail sent at once: the older kinds keep their names, so the
# county's failed e-mails read as before.
MAIL_KINDS = {
    NotificationKind.DECIDED: MailKind.DECISION,
    NotificationKind.COMPLETION_ASKED: MailKind.COMPLETION,
    NotificationKind.REPORT_DUE: MailKind.REMINDER,
}
# A stable namespace: the same event told twice to the same person is one e-mail.
EVENT_NAMESPACE = uuid.UUID("0b6f4c1e-6a43-4d7e-9a55-3c1d2b8e7f10")


def absolute_link(link: str) -> str:
    """A path made into an address the reader can open from the e-mail."""
    if not link or "://" in link:
        return link
    return settings.SITE_URL.rstrip("/") + link


def _with_link(body: str, link: str) -> str:
    link = absolute_link(link)
    return f"{body.rstrip()}\n\n{link}\n" if link else body


def _event_id(key: str, kind: str, user_id: int) -> uuid.UUID | None:
    return uuid.uuid5(EVENT_NAMESPACE, f"{kind}:{key}:{user_id}") if key else None


def notify(
    *,
    kind: NotificationKind | str,
    users: Iterable[AbstractBaseUser],
    subject: str,
    body: str,
    link: str = "",
    county=None,
    related=None,
    key: str = "",
    case_addresses: Iterable[str] | None = None,
) -> dict[str, int]:
    """Tell each of `users` of one event as they chose for `kind`: e-mail at once (stored in
    the mail outbox now, sent after commit), a digest item for the daily digest, or nothing.
    Inactive users and users without an address get nothing. With `key` (naming the event,
    e.g. "decision:12"), telling the same event again stores nothing new. Returns how many
    people got each delivery.

    With `case_addresses` (an application's own addresses, its contact person's, who may
    have no account), the case's e-mail goes as one message to those addresses and to the
    users who chose e-mail at once; an address of a user told here follows that user's
    choice instead."""
    kind = NotificationKind(kind)
    people = {u.pk: u for u in users if u is not None and u.is_active and u.email}
    chosen = deliveries_of(kind=kind, user_ids=people)
    counts = {value: 0 for value in Delivery.values}
    shared: set[str] | None = None
    if case_addresses is not None:
        known = {user.email.lower() for user in people.values()}
        shared = {a for a in case_addresses if a and a.lower() not in known}
    for user_id in sorted(people):
        delivery = chosen[user_id]
        counts[delivery] += 1
        if delivery == Delivery.NOW and shared is not None:
            shared.add(people[user_id].email)
        elif delivery == Delivery.NOW:
            mail_queue(
                kind=MAIL_KINDS.get(kind, MailKind.NOTIFICATION),
                to=[people[user_id].email],
                subject=subject,
                body=_with_link(body, link),
                county=county,
                related=related,
                source_task_id=_event_id(key, kind, user_id),
            )
        elif delivery == Delivery.DIGEST:
            digest_add(
                user_id=user_id,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                county=county,
                key=key,
            )
    if shared:
        mail_queue(
            kind=MAIL_KINDS.get(kind, MailKind.NOTIFICATION),
            to=sorted(shared),
            subject=subject,
            body=_with_link(body, link),
            county=county,
            related=related,
            source_task_id=_event_id(key, kind, 0),
        )
    return counts


def digest_add(
    *, user_id: int, kind: str, subject: str, body: str, link: str = "", county=None, key: str = ""
) -> None:
    """Keep one notification for the person's next digest (their choice already read)."""
    item = DigestItem(
        user_id=user_id,
        kind=kind,
        subject=" ".join(subject.split())[:998],
        body=body,
        link=link[:500],
        county=county,
        key=key[:200],
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        if not key:
            raise  # only the event's key may be told twice


def _digest_email(user, items: list[DigestItem]) -> OutgoingEmail:
    context = {
        "items": [
            {"item": item, "kind": item.get_kind_display(), "link": absolute_link(item.link)}
            for item in items
        ],
        "count": len(items),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("reporting/notifications/digest_subject.txt", context)
        body = render_to_string("reporting/notifications/digest.txt", context)
    counties = {item.county_id for item in items}
    return mail_build(
        kind=MailKind.DIGEST,
        to=[user.email],
        subject=subject,
        body=body,
        county=items[0].county if len(counties) == 1 else None,
    )


def digest_send(*, user_ids: Iterable[int] | None = None) -> int:
    """Send each person one e-mail listing their pending digest items, and mark the items
    sent with that e-mail; how many e-mails. Run again, it sends nothing new (the items
    are sent); a person whose e-mail cannot be stored keeps their items pending. The
    e-mail then goes through the mail outbox, with its retries."""
    pending: dict[int, list[DigestItem]] = defaultdict(list)
    for item in digest_pending(user_ids=user_ids):
        pending[item.user_id].append(item)
    sent = 0
    for items in pending.values():
        user = items[0].user
        if not user.is_active or not user.email:
            continue
        with transaction.atomic():
            # Locked and re-read: a second digest run at the same time sends nothing twice.
            ids = list(
                DigestItem.objects.select_for_update()
                .filter(pk__in=[i.pk for i in items], sent_at__isnull=True)
                .values_list("pk", flat=True)
            )
            items = [i for i in items if i.pk in set(ids)]
            if not items:
                continue
            email = _digest_email(user, items)
            email.save()
            DigestItem.objects.filter(pk__in=ids).update(sent_at=timezone.now(), email=email)
            mail_deliver_after_commit(email_ids=[email.pk])
        sent += 1
    return sent


@transaction.atomic
def choices_save(*, user: AbstractBaseUser, deliveries: dict[str, str]) -> None:
    """Store the person's delivery per kind; a delivery not allowed for a kind (none for a
    decision) is refused with ValueError, and nothing is stored."""
    from reporting.models import NotificationChoice
    from reporting.notifications.selectors import deliveries_allowed

    for kind, delivery in deliveries.items():
        if delivery not in deliveries_allowed(NotificationKind(kind)):
            raise ValueError(f"{kind}: {delivery} is not a choice")
    for kind, delivery in deliveries.items():
        NotificationChoice.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
