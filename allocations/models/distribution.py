from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.distribution.arithmetic import DistributionError, Step, steps_from_json
from allocations.models.agreement import Agreement, FocusArea
from allocations.models.audit import audited
from allocations.models.county import County, Organisation


class DistributionKey(models.Model):
    """A distribution key (fördelningsnyckel): a total split in steps, kept with its inputs.

    `steps` holds the documented JSON shape of `allocations.distribution.arithmetic` (a list of
    `{"kind": "fixed" | "shares" | "population", "parts": {...}, "nested": {...}}`), with the
    populations and shares as they were used, so the result can always be recomputed.
    A key without a county is national: its recipients are counties.
    """

    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distribution_keys",
        verbose_name=_("county"),
        help_text=_("Empty for a national key whose recipients are counties."),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="distribution_keys",
        verbose_name=_("agreement"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="distribution_keys",
        verbose_name=_("focus area"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    total_amount = models.PositiveBigIntegerField(_("amount to distribute (kr)"))
    steps = models.JSONField(
        _("steps"),
        default=list,
        help_text=_(
            'A list of steps: {"kind": "fixed", "shares" or "population", "parts": '
            '{recipient: amount, share such as "1/3" or population}}.'
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    result_saved_at = models.DateTimeField(_("result saved"), null=True, blank=True)
    result_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result saved by"),
    )

    audit_log = audited()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("distribution key")
        verbose_name_plural = _("distribution keys")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.focus_area_id
            and self.agreement_id
            and self.focus_area.agreement_id != self.agreement_id
        ):
            raise ValidationError(
                {"focus_area": _("The focus area belongs to another agreement year.")}
            )
        try:
            self.step_list()
        except DistributionError as exc:
            raise ValidationError({"steps": str(exc)}) from exc

    def step_list(self) -> list[Step]:
        return steps_from_json(self.steps)


class DistributionResultLine(models.Model):
    """One recipient's whole kronor from a key: a county's allocation for a national key,
    a sub-allocation inside the county for a county's key."""

    key = models.ForeignKey(
        DistributionKey,
        on_delete=models.CASCADE,
        related_name="result_lines",
        verbose_name=_("distribution key"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    recipient = models.CharField(_("recipient"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distribution_lines",
        verbose_name=_("organisation"),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distribution_lines",
        verbose_name=_("county"),
        help_text=_("The recipient county of a national key."),
    )
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    trace = models.JSONField(
        _("how it was reached"),
        default=list,
        blank=True,
        help_text=_("The recipient's part from each step: step, kind, exact share, kronor."),
    )

    class Meta:
        ordering = ["key", "position"]
        verbose_name = _("sub-allocation")
        verbose_name_plural = _("sub-allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient"], name="distribution_line_recipient_unique_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.amount} kr"
