"""The decision forum's meetings and the decisions taken there (the grants they create are in
`grants.py`).

A meeting moves OPEN → CLOSED → MINUTES_APPROVED (see MEETING_TRANSITIONS). While it is open
its items can be decided and re-decided; once closed its decisions are final; once the
minutes are approved (justerat) the decisions are released to the applicants. A mistake in
a closed meeting is corrected by a new decision in a later meeting that refers to the old one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import Agreement, County, FocusArea, Organisation, SubArea
from allocations.models.audit import audited
from applications.errors import DecisionFinal
from applications.models.application import Application
from applications.models.review import Proposal

USER = settings.AUTH_USER_MODEL


class MeetingState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed, decisions final")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")


MEETING_TRANSITIONS: dict[MeetingState, MeetingState] = {
    MeetingState.OPEN: MeetingState.CLOSED,
    MeetingState.CLOSED: MeetingState.MINUTES_APPROVED,
}


def _reachable(frm: MeetingState, to: MeetingState) -> bool:
    """Whether `to` is `frm` or lies ahead of it in MEETING_TRANSITIONS: a closed meeting
    never opens again, whatever saves it (the services move one step at a time)."""
    state: MeetingState | None = frm
    while state is not None:
        if state == to:
            return True
        state = MEETING_TRANSITIONS.get(state)
    return False


class Outcome(models.TextChoices):
    PENDING = "pending", _("Not yet decided")
    APPROVED = "approved", _("Approved")
    APPROVED_IN_PART = "approved_in_part", _("Approved in part")
    REJECTED = "rejected", _("Rejected")


# Outcomes that grant money and so count against the allocation.
GRANTING = frozenset({Outcome.APPROVED, Outcome.APPROVED_IN_PART})


class RejectionReason(models.Model):
    """A predefined reason for rejection, editable per county."""

    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="rejection_reasons", verbose_name=_("county")
    )
    text = models.CharField(_("reason"), max_length=400)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    audit_log = audited()

    class Meta:
        ordering = ["county", "position", "pk"]
        verbose_name = _("reason for rejection")
        verbose_name_plural = _("reasons for rejection")

    def __str__(self) -> str:
        return self.text


class DecisionMeeting(models.Model):
    """A meeting of the county's decision body (chefsforum, SVOM, LCHNV …)."""

    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="decision_meetings", verbose_name=_("county")
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="decision_meetings",
        verbose_name=_("agreement year"),
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    first_paragraph = models.PositiveIntegerField(
        _("first paragraph number"),
        default=1,
        help_text=_("The minutes' paragraphs (§) are numbered from here, in agenda order."),
    )
    members_present = models.ManyToManyField(
        USER, blank=True, related_name="decision_meetings", verbose_name=_("members present")
    )
    chair = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    minutes_approver = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approver of the minutes"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MeetingState.choices, default=MeetingState.OPEN
    )
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    chair_approved_at = models.DateTimeField(_("approved by the chair"), null=True, blank=True)
    approver_approved_at = models.DateTimeField(
        _("approved by the approver"), null=True, blank=True
    )

    audit_log = audited(m2m_fields=["members_present"])

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("decision meeting")
        verbose_name_plural = _("decision meetings")

    def __str__(self) -> str:
        return f"{self.county.decision_body_name} {self.held_on:%Y-%m-%d}"

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            stored = DecisionMeeting.objects.filter(pk=self.pk).values_list("state", flat=True)
            stored = stored.first()
            if stored and not _reachable(MeetingState(stored), MeetingState(self.state)):
                raise DecisionFinal(
                    _("A meeting that is “%(from)s” cannot become “%(to)s”.")
                    % {"from": MeetingState(stored).label, "to": MeetingState(self.state).label}
                )
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.state == MeetingState.OPEN

    @property
    def is_released(self) -> bool:
        return self.state == MeetingState.MINUTES_APPROVED


class AgendaItem(models.Model):
    """A paragraph (§) of the meeting's minutes. One paragraph may decide many lines, as a
    collected case (samlingsärende) adopting the proposal list as a whole does."""

    meeting = models.ForeignKey(
        DecisionMeeting,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("meeting"),
    )
    number = models.PositiveIntegerField(_("paragraph"))
    heading = models.CharField(_("heading"), max_length=300)

    audit_log = audited()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="agenda_item_number_unique_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"§{self.number} {self.heading}"


class Decision(models.Model):
    """One decided line of a paragraph: on a proposal, or on a line that came without an
    application (e.g. a coordinator post funded by decision)."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("paragraph"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("application"),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("proposal"),
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects the decision"),
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("focus area")
    )
    sub_area = models.ForeignKey(
        SubArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("sub-area"),
    )
    title = models.TextField(_("intervention"))
    proposed_amount = models.PositiveBigIntegerField(_("proposed amount (kr)"), default=0)
    outcome = models.CharField(
        _("decision"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    amount = models.PositiveBigIntegerField(_("decided amount (kr)"), default=0)
    motivation = models.TextField(_("motivation"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reason for rejection"),
    )
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="decisions_responsible",
        verbose_name=_("responsible organisation"),
    )
    handling_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="decisions_handling",
        verbose_name=_("organisation that handles the funds"),
    )
    handling_note = models.CharField(
        _("how the funds are handled"),
        max_length=300,
        blank=True,
        help_text=_("E.g. “for further distribution together with the municipal federation”."),
    )
    not_participating = models.ManyToManyField(
        USER,
        blank=True,
        related_name="+",
        verbose_name=_("members not taking part (conflict of interest)"),
    )
    decided_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    audit_log = audited(m2m_fields=["not_participating"])

    class Meta:
        ordering = ["item", "focus_area__number", "position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="approved_in_part")
                | models.Q(amount__lt=models.F("proposed_amount")),
                name="decision_in_part_below_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"§{self.item.number} {self.title[:60]}"

    def save(self, *args, **kwargs) -> None:
        if self.pk and self._stored_meeting_state() != MeetingState.OPEN:
            raise DecisionFinal(_("The meeting is closed: its decisions can no longer change."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_meeting_state() != MeetingState.OPEN:
            raise DecisionFinal(_("The meeting is closed: its decisions can no longer change."))
        return super().delete(*args, **kwargs)

    def _stored_meeting_state(self) -> str:
        return AgendaItem.objects.values_list("meeting__state", flat=True).get(pk=self.item_id)

    @property
    def grants_money(self) -> bool:
        return self.outcome in GRANTING

    def clean(self) -> None:
        if self.outcome == Outcome.APPROVED_IN_PART and self.amount >= self.proposed_amount:
            raise ValidationError(
                {"amount": _("Approval in part must be less than the proposed amount.")}
            )
