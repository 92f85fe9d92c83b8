from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .agreement import FocusArea
from .county import County


class CountyAllocation(models.Model):
    """A county's county-joint funds in one focus area of one agreement year, in whole kronor."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("county")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("focus area"),
    )
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    basis = models.CharField(
        _("basis"),
        max_length=300,
        blank=True,
        help_text=_("How the amount was set, e.g. 5 mkr per county, the rest by population."),
    )

    class Meta:
        ordering = ["county", "focus_area__agreement", "focus_area__number"]
        verbose_name = _("county allocation")
        verbose_name_plural = _("county allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "focus_area"], name="allocation_unique_per_county_and_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county} – {self.focus_area}: {self.amount} kr"

    def clean(self) -> None:
        if self.focus_area_id and not self.focus_area.has_county_joint_funds:
            raise ValidationError(
                {"focus_area": _("This focus area carries no county-joint funds this year.")}
            )
