from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import County
from allocations.models.audit import audited
from applications.models.application import Application
from applications.models.status import Status


class StatusChange(models.Model):
    """Every transition of an application: who, when, from, to, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="history", verbose_name=_("application")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=24, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=24, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CompletionRequest(models.Model):
    """A request for completion (komplettering) of a submitted application."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="completion_requests",
        verbose_name=_("application"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    message = models.TextField(_("what needs completing"))
    due_date = models.DateField(_("complete by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["application", "-requested_at"]
        verbose_name = _("completion request")
        verbose_name_plural = _("completion requests")

    def __str__(self) -> str:
        return f"{self.application}: {self.message[:50]}"


class RegisterEntryKind(models.TextChoices):
    APPLICATION = "application", _("Application received")
    COMPLETION_REQUEST = "completion_request", _("Request for completion sent")
    COMPLETION = "completion", _("Completion received")
    WITHDRAWAL = "withdrawal", _("Withdrawal received")
    DECISION = "decision", _("Decision")
    REPORT_BACK = "report_back", _("Report-back received")


class RegisterEntry(models.Model):
    """The county's register (diarium): every document received or drawn up in a case."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="register", verbose_name=_("county")
    )
    case_number = models.CharField(_("case number"), max_length=40, db_index=True)
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_entries",
        verbose_name=_("application"),
    )
    date = models.DateTimeField(_("date"), auto_now_add=True)
    kind = models.CharField(_("document"), max_length=24, choices=RegisterEntryKind.choices)
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    description = models.CharField(_("description"), max_length=500, blank=True)

    audit_log = audited()  # who assigned the officer, and when

    class Meta:
        ordering = ["county", "-date", "-pk"]
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        indexes = [models.Index(fields=["county", "-date"])]

    def __str__(self) -> str:
        return f"{self.case_number} {self.get_kind_display()}"
