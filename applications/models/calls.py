from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.models import Agreement, County, FocusArea, SubArea
from allocations.models.audit import audited


class Call(models.Model):
    """A county's call for applications (utlysning) in one agreement year."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="calls", verbose_name=_("county")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="calls", verbose_name=_("agreement")
    )
    title = models.CharField(_("title"), max_length=200)
    focus_areas = models.ManyToManyField(
        FocusArea, related_name="calls", verbose_name=_("open focus areas")
    )
    sub_areas = models.ManyToManyField(
        SubArea, blank=True, related_name="calls", verbose_name=_("open sub-areas")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    template_text = models.TextField(
        _("instructions to applicants"),
        blank=True,
        help_text=_("Shown at the top of the call and the application form."),
    )
    min_amount = models.PositiveBigIntegerField(_("smallest amount (kr)"), null=True, blank=True)
    max_amount = models.PositiveBigIntegerField(_("largest amount (kr)"), null=True, blank=True)
    is_draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_("A draft is seen only by the county's coordinators until it is published."),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )

    audit_log = audited()

    class Meta:
        ordering = ["-closes_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class NeedArea(models.Model):
    """One of the county's need areas (behovsområden) in a focus area, shown in a call."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="need_areas", verbose_name=_("call")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="+", verbose_name=_("focus area")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("need area"), max_length=500)

    class Meta:
        ordering = ["call", "focus_area__number", "position"]
        verbose_name = _("need area")
        verbose_name_plural = _("need areas")

    def __str__(self) -> str:
        return self.text
