from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import County


class CaseNumberSequence(models.Model):
    """The last case number given in a county and year; locked while the next is taken."""

    county = models.ForeignKey(County, on_delete=models.CASCADE, verbose_name=_("county"))
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="one_sequence_per_county_year")
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.year}: {self.last_number}"
