"""Deadlines, the reminders sent about them, what each user wants to be told, and the
private calendar feed of a user's deadlines.

A deadline is a record, not a constant: the agreement's dates (requisition 1 December,
report back 31 December, repayment 31 March the year after) are seeded as deadlines a
coordinator can move, and each has its own reminder offsets.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import Agreement, County, Organisation, Role

DEFAULT_REMINDER_OFFSETS = [30, 14, 7, 1]


def default_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


class DeadlineKind(models.TextChoices):
    CALL_CLOSING = "call_closing", _("Call closes")
    COMPLETION = "completion", _("Completion due")
    REVIEW = "review", _("Assessments due")
    INVOICING = "invoicing", _("Invoicing deadline")
    REQUISITION = "requisition", _("Requisition to Kammarkollegiet")
    REPORT_BACK = "report_back", _("Report back")
    REPAYMENT = "repayment", _("Repayment of unused funds")


class Deadline(models.Model):
    """A date by which something must be done, who must do it, and when to remind them.

    Who is reminded: `responsible_user` if set, else the county's users holding
    `responsible_role` (for applicants: those acting for `responsible_organisation`). The
    optional links name what the deadline is about, so that doing it marks it done.
    """

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("county")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("agreement year"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    responsible_role = models.CharField(
        _("responsible role"), max_length=16, choices=Role.choices, blank=True
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("responsible person"),
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("responsible organisation"),
    )
    reminder_offsets = models.JSONField(
        _("reminders (days before)"),
        default=default_offsets,
        help_text=_("Days before the deadline on which a reminder is sent, e.g. 30, 14, 7, 1."),
    )
    call = models.ForeignKey(
        "applications.Call",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("call"),
    )
    completion_request = models.OneToOneField(
        "applications.CompletionRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadline",
        verbose_name=_("completion request"),
    )
    review_round = models.ForeignKey(
        "applications.ReviewRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("review round"),
    )
    grant = models.ForeignKey(
        "applications.Grant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("grant"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        indexes = [
            models.Index(fields=["county", "due_on"]),
            models.Index(
                fields=["due_on"],
                condition=models.Q(done_at__isnull=True),
                name="deadline_open_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.due_on:%Y-%m-%d}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    ESCALATION = "escalation", _("Overdue (to the coordinator)")


class ReminderState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class DeadlineDateField(models.DateField):
    """The date of the row's deadline when the row is first written, unless given."""

    def pre_save(self, model_instance, add):
        if add and getattr(model_instance, self.attname) is None and model_instance.deadline_id:
            setattr(model_instance, self.attname, model_instance.deadline.due_on)
        return super().pre_save(model_instance, add)


class Reminder(models.Model):
    """One reminder e-mail: a deadline, a recipient, an offset and the date the deadline had
    then (`due_on`). The row is written before the e-mail is sent, and its uniqueness is what
    makes a reminder go out at most once per date: a deadline moved to a new date is
    reminded of again, a rerun for the same date sends nothing."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("deadline")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReminderKind.choices)
    offset_days = models.IntegerField(
        _("days before the deadline"), help_text=_("Negative: days after, for an overdue notice.")
    )
    due_on = DeadlineDateField(_("deadline date reminded of"))
    state = models.CharField(
        _("state"), max_length=10, choices=ReminderState.choices, default=ReminderState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "recipient", "kind", "offset_days", "due_on"],
                name="reminder_once_per_deadline_date_recipient_offset",
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.recipient} ({self.offset_days})"


class NotificationPreference(models.Model):
    """Whether a user wants one kind of optional notification. No row: the default applies
    (see `reporting.deadlines.notifications.NOTIFICATIONS`); mandatory kinds ignore the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("notification"), max_length=40)
    enabled = models.BooleanField(_("send"), default=True)

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.enabled}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private iCalendar feed of a user's deadlines, reached by its secret token alone.
    Revoking sets `revoked_at`; a new feed gets a new token."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
