"""Follow-up facts the budget needs: what the county requisitioned from Kammarkollegiet,
what each grant has invoiced or used, whether its report back is accepted, and what the
county repaid.

Kept minimal on purpose: the follow-up workflow (who records what, reminders, the report
form) builds on these rows later. Amounts are whole kronor, as everywhere.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agreement import FocusArea
from .audit import audited
from .county import County

USER = settings.AUTH_USER_MODEL


class Requisition(models.Model):
    """The county's requisition (rekvisition) to Kammarkollegiet for one focus area."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="requisitions", verbose_name=_("county")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="requisitions",
        verbose_name=_("focus area"),
    )
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    requisitioned_on = models.DateField(_("requisitioned on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["county", "focus_area__number", "requisitioned_on", "pk"]
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")

    def __str__(self) -> str:
        return f"{self.county} {self.focus_area.number}: {self.amount} kr"


class UsageKind(models.TextChoices):
    INVOICED = "invoiced", _("Invoiced")
    USED = "used", _("Used")


class GrantUsage(models.Model):
    """Money of a grant that has gone out: an external party's invoice to the administering
    organisation, or a cost booked by the organisation's own unit."""

    grant = models.ForeignKey(
        "applications.Grant",
        on_delete=models.PROTECT,
        related_name="usages",
        verbose_name=_("grant"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UsageKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["grant", "occurred_on", "pk"]
        verbose_name = _("invoiced or used amount")
        verbose_name_plural = _("invoiced or used amounts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}: {self.amount} kr"


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    ACCEPTED = "accepted", _("Accepted")


class GrantReport(models.Model):
    """A grant's report back (återredovisning). An accepted report settles the grant's
    follow-up: what it did not use is then to be repaid."""

    grant = models.ForeignKey(
        "applications.Grant",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("grant"),
    )
    reported_on = models.DateField(_("reported on"))
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.SUBMITTED
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["grant", "reported_on", "pk"]
        verbose_name = _("report back")
        verbose_name_plural = _("reports back")

    def __str__(self) -> str:
        return f"{self.grant_id} {self.reported_on:%Y-%m-%d}: {self.get_state_display()}"


class Repayment(models.Model):
    """Money the county repaid to Kammarkollegiet in one focus area (by 31 March)."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("county")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="repayments",
        verbose_name=_("focus area"),
    )
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    repaid_on = models.DateField(_("repaid on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["county", "focus_area__number", "repaid_on", "pk"]
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")

    def __str__(self) -> str:
        return f"{self.county} {self.focus_area.number}: {self.amount} kr"
