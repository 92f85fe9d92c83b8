"""The mail outbox: every e-mail the system sends is a row here before it goes.

A message is written in the transaction of whatever asked for it and delivered after
commit (`reporting.messaging.mail`). Its state moves only along `MAIL_TRANSITIONS`; each try at the
mail server is a `MailAttempt` with the server's answer.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt of an application")
    COMPLETION = "completion", _("Request for completion")
    DECISION = "decision", _("Decision notice")
    REMINDER = "reminder", _("Deadline reminder")
    NOTIFICATION = "notification", _("Notification of an event")
    DIGEST = "digest", _("Daily digest of notifications")
    PROBLEM_REPORT = "problem_report", _("Accessibility problem report")
    BULK = "bulk", _("Message to the applicants of a call")
    SYSTEM = "system", _("Account e-mail (password reset and others)")


class MailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    CANCELLED = "cancelled", _("Not sent: no longer needed")


# The allowed moves, and why each is made.
MAIL_TRANSITIONS: dict[tuple[str, str], str] = {
    (MailState.PENDING, MailState.SENDING): "a try starts (committed before the server is asked)",
    (MailState.SENDING, MailState.SENT): "the mail server accepted the message",
    (MailState.SENDING, MailState.PENDING): "refused: tried again later, or sent again by hand "
    "after the try never finished",
    (MailState.SENDING, MailState.FAILED): "refused on the last try of the schedule",
    (MailState.FAILED, MailState.PENDING): "sent again by the coordinator or an administrator",
    (MailState.PENDING, MailState.CANCELLED): "what it was about is done (a reminder's deadline)",
}

# Kinds whose content is a secret of the recipient (a password-reset link): blanked once sent.
SENSITIVE_KINDS = frozenset({MailKind.SYSTEM})


class OutgoingEmail(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=MailKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=MailState.choices, default=MailState.PENDING
    )
    county = models.ForeignKey(
        "allocations.County",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outgoing_emails",
        verbose_name=_("county"),
    )
    from_email = models.CharField(_("from"), max_length=300)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    content_removed = models.BooleanField(
        _("content removed after sending"),
        default=False,
        help_text=_("The text carried a secret of the recipient (a link to set a password)."),
    )
    # What the message is about, for the reader of the outbox ("applications.application", 12).
    related_type = models.CharField(_("about (type)"), max_length=60, blank=True)
    related_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    reminder = models.OneToOneField(
        "reporting.Reminder",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="email",
        verbose_name=_("reminder"),
    )
    # The background task that wrote the message: a task delivered twice writes it once.
    source_task_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("last try"), null=True, blank=True)
    last_error = models.TextField(_("mail server's last answer"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent again by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="mail_due"),
            models.Index(fields=["county", "state"], name="mail_county_state"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]


class MailAttempt(models.Model):
    """One try at the mail server: when, and what it answered (empty: accepted)."""

    email = models.ForeignKey(
        OutgoingEmail, on_delete=models.CASCADE, related_name="tries", verbose_name=_("e-mail")
    )
    number = models.PositiveSmallIntegerField(_("try"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("mail server's answer"), blank=True)

    class Meta:
        ordering = ["email", "started_at", "pk"]
        verbose_name = _("try")
        verbose_name_plural = _("tries")

    def __str__(self) -> str:
        return f"{self.email_id} #{self.number}"
