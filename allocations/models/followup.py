"""Follow-up of granted money: the county-editable list of grant statuses, what the county
requisitioned from Kammarkollegiet, what each grant has invoiced or used, each grant's report
back (återredovisning) with its money per sub-area and attachments, and what the county
repaid. Amounts are whole kronor, as everywhere.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.agreement import FocusArea
from allocations.models.audit import audited
from allocations.models.county import County
from allocations.storage import private_storage

USER = settings.AUTH_USER_MODEL


class GrantStatusOption(models.Model):
    """One entry of a county's list of follow-up statuses for a grant (e.g. *Medlen
    rekvirerade*, *Ej tillsatt*). `money_at_risk` marks the statuses whose money may not be
    used in time: the status report sums them."""

    county = models.ForeignKey(
        County,
        on_delete=models.CASCADE,
        related_name="grant_status_options",
        verbose_name=_("county"),
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    money_at_risk = models.BooleanField(
        _("money at risk"),
        default=False,
        help_text=_("The money of a grant with this status may not be used in time."),
    )
    active = models.BooleanField(_("in use"), default=True)

    audit_log = audited()

    class Meta:
        ordering = ["county", "position", "pk"]
        verbose_name = _("grant status")
        verbose_name_plural = _("grant statuses")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="grant_status_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


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
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    ACCEPTED = "accepted", _("Accepted")


# The allowed moves of a report back, read as: from state -> states it may go to.
REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportState.DRAFT: frozenset({ReportState.SUBMITTED}),
    ReportState.SUBMITTED: frozenset({ReportState.RETURNED, ReportState.ACCEPTED}),
    ReportState.RETURNED: frozenset({ReportState.SUBMITTED}),
    ReportState.ACCEPTED: frozenset(),
}


class GrantReport(models.Model):
    """A grant's report back (återredovisning), written by the recipient and accepted or
    returned by the coordinator. An accepted report settles the grant's follow-up: what it
    did not use is then to be repaid. One report per grant; a returned report is completed
    and submitted again."""

    grant = models.ForeignKey(
        "applications.Grant",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("grant"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    implementation = models.TextField(_("how the work was carried out"), blank=True)
    results = models.TextField(_("results and effects"), blank=True)
    actors = models.TextField(_("actors who took part, and how"), blank=True)
    note = models.TextField(_("note"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    review_comment = models.TextField(_("coordinator's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    audit_log = audited()

    class Meta:
        ordering = ["grant", "pk"]
        verbose_name = _("report back")
        verbose_name_plural = _("reports back")
        constraints = [models.UniqueConstraint(fields=["grant"], name="grant_report_one_per_grant")]

    def __str__(self) -> str:
        return f"{self.grant_id}: {self.get_state_display()}"


class GrantReportLine(models.Model):
    """Money of a grant used within one sub-area (or the focus area as a whole), as its
    report back states."""

    report = models.ForeignKey(
        GrantReport, on_delete=models.CASCADE, related_name="lines", verbose_name=_("report back")
    )
    sub_area = models.ForeignKey(
        "allocations.SubArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sub-area"),
    )
    amount = models.PositiveBigIntegerField(_("used (kr)"))
    comment = models.CharField(_("what the money was used for"), max_length=500, blank=True)

    audit_log = audited()

    class Meta:
        ordering = ["report", "sub_area__position", "pk"]
        verbose_name = _("money used per sub-area")
        verbose_name_plural = _("money used per sub-area")

    def __str__(self) -> str:
        return f"{self.report_id} {self.sub_area_id}: {self.amount} kr"


def report_attachment_path(instance: "GrantReportAttachment", filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class GrantReportAttachment(models.Model):
    """A file attached to a report back (private, served only to who may read the report)."""

    report = models.ForeignKey(
        GrantReport,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("report back"),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=report_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at", "pk"]
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    def __str__(self) -> str:
        return self.original_name


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
