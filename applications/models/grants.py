"""A grant: money granted by a final decision, followed up by its recipient until its case
is closed and archived. What the decision fixed cannot change (see `Grant.FROZEN`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import County, FocusArea, Organisation
from allocations.models.audit import audited
from applications.errors import DecisionFinal
from applications.models.application import Application, ApplicationKind
from applications.models.decisions import Decision


class Grant(models.Model):
    """Money granted by a final decision: what follow-up, requisition and repayment track."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="grant", verbose_name=_("decision")
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="grants", verbose_name=_("county")
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="grants", verbose_name=_("focus area")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("application"),
    )
    title = models.TextField(_("intervention"))
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants_responsible",
        verbose_name=_("responsible organisation"),
    )
    handling_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants_handling",
        verbose_name=_("organisation that handles the funds"),
    )
    handling_note = models.CharField(_("how the funds are handled"), max_length=300, blank=True)
    project_code = models.CharField(_("project code"), max_length=40, blank=True)
    replaced_by = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces_grant",
        verbose_name=_("replaced by the decision"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Follow-up, kept up to date by the responsible organisation (not fixed by the decision).
    kind = models.CharField(
        _("type of intervention"), max_length=16, choices=ApplicationKind.choices, blank=True
    )
    description = models.TextField(_("description, purpose and goals"), blank=True)
    followup_status = models.ForeignKey(
        "allocations.GrantStatusOption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("status"),
    )
    forecast = models.PositiveBigIntegerField(
        _("forecast of use (kr)"),
        null=True,
        blank=True,
        help_text=_("How much of the grant you expect to use in all."),
    )
    followup_comment = models.TextField(_("comment on the follow-up"), blank=True)
    followup_updated_at = models.DateTimeField(_("follow-up updated"), null=True, blank=True)
    followup_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up updated by"),
    )
    # Closed: reported, accepted and settled; its case can then be archived as a dossier.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    audit_log = audited()

    class Meta:
        ordering = ["county", "focus_area__number", "decision__item__meeting__held_on", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")

    def __str__(self) -> str:
        return f"{self.title[:60]}: {self.amount} kr"

    # What the decision fixed; only the project code and the replacement link may change.
    FROZEN = (
        "decision_id",
        "county_id",
        "focus_area_id",
        "application_id",
        "title",
        "amount",
        "responsible_organisation_id",
        "handling_organisation_id",
        "handling_note",
    )

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            stored = Grant.objects.filter(pk=self.pk).values(*self.FROZEN).first()
            if stored and any(stored[f] != getattr(self, f) for f in self.FROZEN):
                raise DecisionFinal(
                    _("A grant is fixed by its decision; change it by a correcting decision.")
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DecisionFinal(
            _("A grant is fixed by its decision; change it by a correcting decision.")
        )

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None

    @property
    def handled_by_label(self) -> str:
        name = self.handling_organisation.name
        return f"{name} {self.handling_note}".strip()
