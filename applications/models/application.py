from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import County, FocusArea, Organisation, SubArea
from allocations.models.audit import audited
from applications.models.calls import Call
from applications.models.status import EDITABLE_BY_APPLICANT, Status


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New")
    CONTINUATION = "continuation", _("Ongoing / continuation")


class Application(models.Model):
    """An application (ansökan) for an intervention (insats) in a call.

    Drafts may be incomplete: every content field is optional at the database; the
    submission service demands the full set.
    """

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="applications", verbose_name=_("county")
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT
    )
    case_number = models.CharField(
        _("case number"), max_length=40, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("focus area"),
    )
    sub_area = models.ForeignKey(
        SubArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("sub-area"),
    )
    title = models.CharField(_("title of the intervention"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    purpose = models.TextField(_("purpose and goals"), blank=True)
    target_group = models.TextField(_("target group"), blank=True)
    kind = models.CharField(
        _("type of intervention"), max_length=16, choices=ApplicationKind.choices, blank=True
    )
    # A continuation carries on the work of a grant of an earlier year; the chain of grants
    # and continuing applications is one intervention over the years.
    continues = models.ForeignKey(
        "applications.Grant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("continues the grant"),
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    cooperating_organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="cooperations",
        verbose_name=_("cooperating parties"),
    )
    finances_posts = models.BooleanField(_("finances posts"), default=False)
    post_share_percent = models.PositiveSmallIntegerField(
        _("share of a post (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("For example 50 for half a post, 150 for one and a half."),
    )
    amount_requested = models.PositiveBigIntegerField(
        _("amount applied for (kr)"), null=True, blank=True
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # What the applicant typed but could not yet be stored (e.g. a half-written date),
    # kept so a draft shows exactly what was typed.
    draft_data = models.JSONField(_("unsaved draft input"), default=dict, blank=True)
    # Counts the draft's saves. A page sends the revision it was shown; a save carrying an
    # older one (another tab or window saved in between) is refused, so neither is lost.
    revision = models.PositiveIntegerField(_("draft revision"), default=0)

    audit_log = audited()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["county", "status"]),
            models.Index(fields=["organisation", "-updated_at"]),
        ]

    def __str__(self) -> str:
        return self.case_number or self.title or str(_("Untitled application"))

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.status in EDITABLE_BY_APPLICANT

    @property
    def budget_total(self) -> int:
        return sum(line.amount or 0 for line in self.budget_lines.all())


class CostKind(models.TextChoices):
    SALARIES = "salaries", _("Salaries")
    TRAINING = "training", _("Training")
    PREMISES = "premises", _("Premises")
    ACTIVITIES = "activities", _("Activities")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("application"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    cost_kind = models.CharField(_("cost"), max_length=16, choices=CostKind.choices)
    amount = models.PositiveBigIntegerField(_("amount (kr)"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    audit_log = audited()

    class Meta:
        ordering = ["application", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"{self.get_cost_kind_display()}: {self.amount} kr"
