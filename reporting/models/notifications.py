"""What a person is told when something happens to a case, and how: e-mail at once, one
daily digest, or nothing. A choice is a row per (person, kind); no row means the kind's default
(`reporting.notifications.selectors`), e-mail at once for most kinds.
A notification chosen for the digest waits as a `DigestItem` until the daily digest sends it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("An application was submitted")
    COMPLETION_ASKED = "completion_asked", _("The review asked for a completion")
    DECIDED = "decided", _("Decisions were released")
    ADOPTION_PENDING = "adoption_pending", _("An adoption of a recommendation is pending")
    REPORT_DUE = "report_due", _("A report back is due")
    REPAYMENT_COMPUTED = "repayment_computed", _("A repayment was computed")


class Delivery(models.TextChoices):
    NOW = "now", _("E-mail at once")
    DIGEST = "digest", _("In a daily digest")
    NONE = "none", _("Do not notify me")


class NotificationChoice(models.Model):
    """How one person wants to hear of one kind of event."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_choices",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("notification"), max_length=24, choices=NotificationKind.choices)
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.NOW
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_choice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.delivery}"


class DigestItem(models.Model):
    """One notification waiting for the person's daily digest; `sent_at` once the digest
    carrying it is in the mail outbox (`email`). A `key` names the event, so that an event
    told twice (a task delivered twice) is stored once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_items",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("notification"), max_length=24, choices=NotificationKind.choices)
    county = models.ForeignKey(
        "allocations.County",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
    )
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(_("event"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    email = models.ForeignKey(
        "reporting.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_items",
        verbose_name=_("digest e-mail"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key"],
                condition=~Q(key=""),
                name="digest_item_once_per_event",
            )
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="digest_item_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
