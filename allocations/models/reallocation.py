from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.agreement import Agreement, FocusArea
from allocations.models.audit import audited
from allocations.models.county import County


class Reallocation(models.Model):
    """Money moved by a decision from one focus area's allocation to another's, within a
    county and agreement year (omfördelning). The allocation rows stay as the state gave
    them; what an area may decide is its allocation less what moved out plus what moved
    in (`allocations.budget.selectors.overview.effective_allocation`)."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="reallocations", verbose_name=_("county")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="reallocations",
        verbose_name=_("agreement year"),
    )
    from_focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="reallocations_out",
        verbose_name=_("from focus area"),
    )
    to_focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        related_name="reallocations_in",
        verbose_name=_("to focus area"),
    )
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    decided_in = models.ForeignKey(
        "applications.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reallocations",
        verbose_name=_("decided in paragraph"),
    )
    reference = models.CharField(
        _("decision reference"),
        max_length=200,
        blank=True,
        help_text=_("Where it was decided when not in a meeting recorded here, e.g. §12 SVOM."),
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["county", "agreement", "created_at", "pk"]
        verbose_name = _("reallocation")
        verbose_name_plural = _("reallocations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_focus_area=models.F("to_focus_area")),
                name="reallocation_between_two_areas",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="reallocation_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.county}: {self.from_focus_area.number} → {self.to_focus_area.number}, "
            f"{self.amount} kr"
        )

    @property
    def decision_label(self) -> str:
        """`§12 2025-05-02` for a paragraph recorded here, else the free-text reference."""
        if self.decided_in_id:
            item = self.decided_in
            return f"§{item.number} {item.meeting.held_on.isoformat()}"
        return self.reference

    def clean(self) -> None:
        if self.from_focus_area_id and self.from_focus_area_id == self.to_focus_area_id:
            raise ValidationError({"to_focus_area": _("Choose another focus area.")})
