"""Review (beredning): formal check, review rounds, conflicts of interest, assessments,
review meetings and the proposed decisions they adopt."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import County, PriorityCriterion
from allocations.models.audit import audited
from applications.models.application import Application
from applications.models.calls import Call

USER = settings.AUTH_USER_MODEL


class FormalCheckOutcome(models.TextChoices):
    PASSED = "passed", _("Passed: to review")
    COMPLETION = "completion", _("Completion requested")
    INELIGIBLE = "ineligible", _("Rejected as ineligible")


class FormalCheck(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="formal_checks",
        verbose_name=_("application"),
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=FormalCheckOutcome.choices)
    reason = models.TextField(_("reason"), blank=True)
    checked_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["application", "-checked_at"]
        verbose_name = _("formal check")
        verbose_name_plural = _("formal checks")

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"


class ReviewRound(models.Model):
    """The review of a call: who assesses what, by when."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="review_rounds", verbose_name=_("call")
    )
    members = models.ManyToManyField(USER, related_name="review_rounds", verbose_name=_("members"))
    assess_all = models.BooleanField(
        _("every member assesses every application"),
        default=True,
        help_text=_("Otherwise each member assesses the applications assigned to them."),
    )
    due_date = models.DateField(_("assessments due"))
    opened_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self) -> str:
        return f"{self.call} ({self.due_date:%Y-%m-%d})"


class ReviewAssignment(models.Model):
    round = models.ForeignKey(
        ReviewRound,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("review round"),
    )
    member = models.ForeignKey(
        USER, on_delete=models.CASCADE, related_name="review_assignments", verbose_name=_("member")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="review_assignments",
        verbose_name=_("application"),
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member", "application"],
                name="one_assignment_per_member_and_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.application}"


class ConflictDeclaration(models.Model):
    """A member's declaration on an application (jäv), made before seeing it."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("application"),
    )
    member = models.ForeignKey(
        USER,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("member"),
    )
    has_conflict = models.BooleanField(_("conflict of interest"))
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["application", "declared_at"]
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"], name="one_declaration_per_member_and_application"
            ),
            models.CheckConstraint(
                condition=models.Q(has_conflict=False) | ~models.Q(reason=""),
                name="a_conflict_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {'jäv' if self.has_conflict else 'ej jäv'} ({self.application})"


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_IN_PART = "approve_in_part", _("Approve in part")
    REJECT = "reject", _("Reject")


class Assessment(models.Model):
    """One member's assessment of one application; hidden from others until submitted."""

    round = models.ForeignKey(
        ReviewRound,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("review round"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("application"),
    )
    member = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("member")
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    recommended_amount = models.PositiveBigIntegerField(
        _("recommended amount (kr)"), null=True, blank=True
    )
    motivation = models.TextField(_("motivation"), blank=True)
    internal_comment = models.TextField(_("comment within the group"), blank=True)
    applicant_comment = models.TextField(_("comment to share with the applicant"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    category = models.PositiveSmallIntegerField(_("priority category"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    audit_log = audited()

    class Meta:
        ordering = ["application", "member"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "member"], name="one_assessment_per_member_and_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.application}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Met(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class CriterionAssessment(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        PriorityCriterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    met = models.CharField(_("met"), max_length=8, choices=Met.choices, blank=True)
    score = models.PositiveSmallIntegerField(
        _("quality (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)

    audit_log = audited()

    class Meta:
        ordering = ["assessment", "criterion__rank"]
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_row_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.met}"


class ReviewMeeting(models.Model):
    """A meeting of the review group that adopts proposed decisions."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="review_meetings", verbose_name=_("county")
    )
    round = models.ForeignKey(
        ReviewRound,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("review round"),
    )
    held_on = models.DateField(_("date"))
    attendees = models.ManyToManyField(
        USER, related_name="review_meetings", verbose_name=_("attendees")
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")

    def __str__(self) -> str:
        return f"{self.county} {self.held_on:%Y-%m-%d}"


class Proposal(models.Model):
    """The group's proposed decision (förslag till beslut) on one application."""

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="proposal",
        verbose_name=_("application"),
    )
    meeting = models.ForeignKey(
        ReviewMeeting,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("review meeting"),
    )
    amount = models.PositiveBigIntegerField(_("proposed amount (kr)"))
    motivation = models.TextField(_("motivation"))
    conditions = models.TextField(_("conditions"), blank=True)
    adopted_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("adopted by")
    )
    adopted_at = models.DateTimeField(_("adopted"), auto_now_add=True)
    excluded_members = models.ManyToManyField(
        USER,
        blank=True,
        related_name="+",
        verbose_name=_("members excluded for conflict of interest"),
    )

    audit_log = audited()

    class Meta:
        ordering = ["application__focus_area__number", "application__case_number"]
        verbose_name = _("proposed decision")
        verbose_name_plural = _("proposed decisions")

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} kr"
