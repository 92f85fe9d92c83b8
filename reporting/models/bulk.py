"""A message from the county's coordinator to every applicant of a call (or of its
applications in one status): written once, previewed with its recipients, then one e-mail per
address through the mail outbox, each recipient's e-mail followed on the message's page.

The recipients are fixed when the message is written (what the preview shows is who gets it);
each one's state is its e-mail's (`OutgoingEmail.state`). The message itself moves only along
`BULK_TRANSITIONS`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.status import Status


class BulkState(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    QUEUED = "queued", _("Being sent")
    SENT = "sent", _("Handed to the mail outbox")


BULK_TRANSITIONS: dict[tuple[str, str], str] = {
    (BulkState.DRAFT, BulkState.QUEUED): "the coordinator sends it (after the preview)",
    (BulkState.QUEUED, BulkState.SENT): "every recipient's e-mail is in the mail outbox",
}


class BulkMessage(models.Model):
    county = models.ForeignKey(
        "allocations.County",
        on_delete=models.PROTECT,
        related_name="bulk_messages",
        verbose_name=_("county"),
    )
    call = models.ForeignKey(
        "applications.Call",
        on_delete=models.PROTECT,
        related_name="bulk_messages",
        verbose_name=_("call"),
    )
    status = models.CharField(
        _("applications in status"),
        max_length=30,
        choices=Status.choices,
        blank=True,
        help_text=_("Empty: the applicants of every application of the call."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    state = models.CharField(
        _("state"), max_length=10, choices=BulkState.choices, default=BulkState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to applicants")
        verbose_name_plural = _("messages to applicants")
        indexes = [models.Index(fields=["county", "-created_at"], name="bulk_county_created")]

    def __str__(self) -> str:
        return self.subject


class BulkRecipient(models.Model):
    """One address the message goes to, with the organisation it was found through."""

    message = models.ForeignKey(
        BulkMessage,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("message"),
    )
    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        "allocations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    outgoing = models.OneToOneField(
        "reporting.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bulk_recipient",
        verbose_name=_("e-mail"),
    )

    class Meta:
        ordering = ["email", "pk"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["message", "email"], name="bulk_recipient_once")
        ]

    def __str__(self) -> str:
        return self.email
