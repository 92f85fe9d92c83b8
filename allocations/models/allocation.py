from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.agreement import FocusArea
from allocations.models.audit import audited
from allocations.models.county import County


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

    audit_log = audited()

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


class CountyYearTotal(models.Model):
    """A county's county-joint total for a year as a source states (or lets one derive) it.

    Used where the split per focus area is unknown (Jämtland Härjedalen 2024, known only as
    "a reduction of 605 130 kr" in 2025), and kept beside the allocations per area where a
    source gives both, so a total that does not match its own areas is shown, not hidden.
    """

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="year_totals", verbose_name=_("county")
    )
    agreement = models.ForeignKey(
        "Agreement",
        on_delete=models.PROTECT,
        related_name="county_year_totals",
        verbose_name=_("agreement"),
    )
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    source_note = models.TextField(
        _("source"), help_text=_("Where the figure comes from and how it was derived.")
    )

    class Meta:
        ordering = ["county", "agreement__year"]
        verbose_name = _("stated county total")
        verbose_name_plural = _("stated county totals")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "agreement"], name="year_total_unique_per_county_and_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.agreement.year}: {self.amount} kr"
