"""Reads of the messages to applicants: who a message would go to, the county's messages
with their progress, and one message's recipients with the state of each e-mail."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from allocations.models import County
from applications.models import Application, Call
from reporting.models import BulkMessage, BulkRecipient, BulkState, MailState


@dataclass(frozen=True)
class Addressee:
    email: str
    organisation_id: int | None


def county_calls(*, county: County) -> QuerySet[Call]:
    return Call.objects.filter(county=county).select_related("agreement").order_by("-closes_at")


def call_addressees(*, call: Call, status: str = "") -> list[Addressee]:
    """One address per person to write to: each application's contact person and its
    author, once each, with the organisation of the first application found for them."""
    applications = Application.objects.filter(call=call)
    if status:
        applications = applications.filter(status=status)
    rows = applications.order_by("pk").values_list(
        "contact_email", "created_by__email", "organisation_id"
    )
    found: dict[str, Addressee] = {}
    for contact, author, organisation in rows:
        for address in (contact, author):
            key = (address or "").strip().lower()
            if key and key not in found:
                found[key] = Addressee(key, organisation)
    return sorted(found.values(), key=lambda a: a.email)


def _with_progress(messages: QuerySet[BulkMessage]) -> QuerySet[BulkMessage]:
    state = "recipients__outgoing__state"
    return messages.annotate(
        recipient_count=Count("recipients", distinct=True),
        sent_count=Count("recipients", filter=Q(**{state: MailState.SENT}), distinct=True),
        failed_count=Count("recipients", filter=Q(**{state: MailState.FAILED}), distinct=True),
    )


def county_bulk_messages(*, county: County) -> QuerySet[BulkMessage]:
    """The county's messages, newest first, each with its counts (one query)."""
    messages = BulkMessage.objects.filter(county=county).select_related("call", "created_by")
    return _with_progress(messages).order_by("-created_at", "-pk")


def bulk_message_for_county(*, county: County, pk: int) -> BulkMessage:
    """The county's message with its counts; 404 for another county's."""
    messages = BulkMessage.objects.filter(county=county).select_related(
        "call", "county", "created_by", "sent_by"
    )
    return get_object_or_404(_with_progress(messages), pk=pk)


# E-mails that are still on their way to the mail server.
BUSY_MAIL = frozenset({MailState.PENDING, MailState.SENDING})


def bulk_in_progress(*, message: BulkMessage, recipients: list[BulkRecipient]) -> bool:
    """Whether the message is still being sent: queued, or an e-mail still on its way."""
    return message.state == BulkState.QUEUED or any(
        r.outgoing is not None and r.outgoing.state in BUSY_MAIL for r in recipients
    )


def bulk_recipients(*, message: BulkMessage) -> QuerySet[BulkRecipient]:
    """The message's recipients, by address, with their organisation and e-mail."""
    return message.recipients.select_related("organisation", "outgoing").order_by("email", "pk")
