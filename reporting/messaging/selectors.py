"""Reads of the mail outbox."""

import datetime

from django.db.models import Q, QuerySet

from allocations.models import County
from reporting.messaging.mail import uncertain_cutoff
from reporting.models import MailState, OutgoingEmail


def county_mail_problems(
    *, county: County, now: datetime.datetime | None = None
) -> QuerySet[OutgoingEmail]:
    """The county's e-mails that could not be sent, and those whose try never finished
    (the server may or may not have taken them): newest first."""
    return OutgoingEmail.objects.filter(
        Q(state=MailState.FAILED)
        | Q(state=MailState.SENDING, attempted_at__lt=uncertain_cutoff(now)),
        county=county,
    ).order_by("-created_at", "-pk")
