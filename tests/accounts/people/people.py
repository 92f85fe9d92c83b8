"""Helpers of the people tests: the invitation e-mail as it waits in the mail outbox, and
its link."""

import re

from django.urls import reverse

from reporting.models import MailKind, OutgoingEmail

LINK = re.compile(r"https?://\S+/inbjudan/(?P<token>[\w-]+)/")


def invitation_mail(email: str) -> OutgoingEmail:
    """The latest invitation e-mail to the address (stored until its delivery after commit,
    which a test's rolled-back transaction never reaches)."""
    mails = OutgoingEmail.objects.filter(
        kind=MailKind.SYSTEM, related_type="allocations.invitation"
    ).order_by("-pk")
    return next(m for m in mails if email.lower() in m.to)


def link_in(mail: OutgoingEmail) -> str:
    match = LINK.search(mail.body)
    assert match, mail.body
    return reverse("invitation_accept", args=[match.group("token")])


def invite(client, *, email: str, role: str, slug: str = "jamtland", **fields):
    return client.post(
        reverse("invitation_create", args=[slug]), {"email": email, "role": role, **fields}
    )
