from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.agreement import Agreement
from allocations.models.audit import audited
from allocations.models.county import County


class PriorityCriterion(models.Model):
    """One of a county's ranked priority criteria for an agreement year (1 = highest)."""

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("county")
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("agreement")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the highest priority."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("How much the quality score counts (1 = normal).")
    )

    audit_log = audited()

    class Meta:
        ordering = ["county", "agreement", "rank"]
        verbose_name = _("priority criterion")
        verbose_name_plural = _("priority criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "agreement", "rank"], name="criterion_rank_unique_per_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.title}"
