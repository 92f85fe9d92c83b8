from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models.agreement import Agreement
from allocations.models.audit import audited
from allocations.models.county import County


class CountyYear(models.Model):
    """A county's agreement year, opened by its coordinator: the record of what was copied
    from which year, and which items of the opening checklist the coordinator has confirmed."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="years", verbose_name=_("county")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="county_years",
        verbose_name=_("agreement"),
    )
    copied_from = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    copy_summary = models.JSONField(
        _("what was copied"),
        default=dict,
        blank=True,
        help_text=_("Per kind of record (criteria, distribution keys, calls …) how many."),
    )
    confirmed_items = models.JSONField(
        _("confirmed checklist items"),
        default=list,
        blank=True,
        help_text=_("The keys of the checklist items the coordinator has marked as seen to."),
    )

    audit_log = audited()

    class Meta:
        ordering = ["county", "-agreement__year"]
        verbose_name = _("county year")
        verbose_name_plural = _("county years")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "agreement"], name="county_year_unique_per_county_and_agreement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county} {self.agreement.year}"
