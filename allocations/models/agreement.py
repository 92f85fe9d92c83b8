import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited


class Agreement(models.Model):
    """The yearly agreement (överenskommelse) between the state and SKR."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2012), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=300)
    national_total = models.PositiveBigIntegerField(
        _("national total (kr)"),
        null=True,
        blank=True,
        help_text=_(
            "The agreement's total amount in whole kronor; empty when the source does not say."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    requisition_deadline = models.DateField(
        _("requisition deadline"),
        blank=True,
        help_text=_("The county requisitions the funds by this date (default 1 December)."),
    )
    repayment_deadline = models.DateField(
        _("repayment deadline"),
        blank=True,
        help_text=_("Unused funds are repaid by this date (default 31 March the year after)."),
    )
    report_back_deadline = models.DateField(
        _("report-back deadline"),
        blank=True,
        help_text=_("Recipients report back by this date (default 31 December)."),
    )

    audit_log = audited()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def save(self, *args, **kwargs) -> None:
        self.fill_default_deadlines()
        super().save(*args, **kwargs)

    def fill_default_deadlines(self) -> None:
        if not self.year:
            return
        if self.requisition_deadline is None:
            self.requisition_deadline = datetime.date(self.year, 12, 1)
        if self.repayment_deadline is None:
            self.repayment_deadline = datetime.date(self.year + 1, 3, 31)
        if self.report_back_deadline is None:
            self.report_back_deadline = datetime.date(self.year, 12, 31)


class FocusArea(models.Model):
    """One of the agreement's focus areas (fokusområden), numbered as in the agreement."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(
        _("short name"),
        max_length=100,
        blank=True,
        help_text=_(
            "Areas of different years with the same short name are one row when the years "
            "are compared."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    recipients = models.CharField(
        _("recipients"), max_length=200, blank=True, help_text=_("For example: county, region.")
    )
    has_county_joint_funds = models.BooleanField(
        _("carries county-joint funds"),
        default=False,
        help_text=_("Whether counties receive county-joint funds (länsgemensamma medel) here."),
    )
    county_joint_total = models.PositiveBigIntegerField(
        _("county-joint total (kr)"),
        null=True,
        blank=True,
        help_text=_("County-joint funds in this area for all counties together."),
    )

    audit_log = audited()

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="focus_area_number_unique_per_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def row_name(self) -> str:
        return self.short_name or self.name


class FocusAreaCondition(models.Model):
    """A condition for the funds ("för att få ta del av medlen ska …"), in order."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="conditions", verbose_name=_("focus area")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["focus_area", "position"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return self.text[:80]


class SubArea(models.Model):
    """A part of a focus area, optionally with an earmarked amount per county."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="sub_areas", verbose_name=_("focus area")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    earmarked_amount = models.PositiveBigIntegerField(
        _("earmarked amount (kr)"), null=True, blank=True
    )

    class Meta:
        ordering = ["focus_area", "position"]
        verbose_name = _("sub-area")
        verbose_name_plural = _("sub-areas")
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area", "name"], name="sub_area_name_unique_per_focus_area"
            )
        ]

    def __str__(self) -> str:
        return self.name
