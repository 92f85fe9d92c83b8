"""A member's adoption of the decision body's recommendation.

Where the county's decision body only recommends (`County.decision_mode`), every member
organisation (`Organisation.is_member`) gets an adoption case when the minutes of the
meeting are approved. The member's board adopts the recommendation on a cover memo
(tjänsteskrivelse) and the member records the outcome once, with its own extract of the
minutes; a recorded adoption is part of the public record and is never changed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.models import Organisation
from allocations.models.audit import audited
from applications.models.decisions import DecisionMeeting
from applications.models.documents import private_storage


class AdoptionOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ADOPTED = "adopted", _("Adopted")
    ADOPTED_WITH_CHANGES = "adopted_with_changes", _("Adopted with changes")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


# Outcomes after which the member's share may be requisitioned.
ADOPTING = frozenset({AdoptionOutcome.ADOPTED, AdoptionOutcome.ADOPTED_WITH_CHANGES})


class AdoptingBody(models.TextChoices):
    MUNICIPAL_BOARD = "municipal_board", _("Municipal executive board")
    COMMITTEE = "committee", _("Committee of the board")
    BOARD = "board", _("Board (nämnd)")
    REGIONAL_BOARD = "regional_board", _("Regional executive board")
    COUNCIL = "council", _("Council (fullmäktige)")


def adoption_extract_path(instance: "Adoption", filename: str) -> str:
    return f"adoptions/{instance.meeting_id}/{instance.member_id}/{filename}"


class Adoption(models.Model):
    meeting = models.ForeignKey(
        DecisionMeeting,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("meeting"),
    )
    member = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="adoptions",
        verbose_name=_("member"),
    )
    due_on = models.DateField(_("due"))
    # The cover memo's own fields (tjänsteskrivelse), filled in by the member before the
    # memo is printed; the rest of the memo comes from the meeting and the agreement.
    recipient = models.CharField(
        _("recipient"),
        max_length=200,
        blank=True,
        help_text=_("The body the memo is addressed to, e.g. Social- och arbetsmarknadsutskottet."),
    )
    preparing_officers = models.TextField(
        _("preparing officers"),
        blank=True,
        help_text=_("One person per line: name, title and department."),
    )
    send_to = models.TextField(
        _("decision sent to"), blank=True, help_text=_("One name or e-mail address per line.")
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=24,
        choices=AdoptionOutcome.choices,
        default=AdoptionOutcome.PENDING,
    )
    body = models.CharField(
        _("adopting body"), max_length=24, choices=AdoptingBody.choices, blank=True
    )
    body_name = models.CharField(_("name of the body"), max_length=200, blank=True)
    adopted_on = models.DateField(_("date of the decision"), null=True, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    changes = models.TextField(_("changes or reasons"), blank=True)
    minutes_extract = models.FileField(
        _("extract of the minutes"),
        storage=private_storage,
        upload_to=adoption_extract_path,
        blank=True,
    )
    minutes_extract_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    last_reminded_on = models.DateField(_("last reminded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    audit_log = audited()

    class Meta:
        ordering = ["meeting", "member__name"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="adoption_one_per_member_and_meeting"
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending")
                | (
                    ~Q(body="")
                    & Q(adopted_on__isnull=False)
                    & ~Q(paragraph="")
                    & Q(recorded_at__isnull=False)
                ),
                name="adoption_recorded_in_full",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.meeting}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == AdoptionOutcome.PENDING

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.due_on < timezone.localdate()

    @property
    def is_adopting(self) -> bool:
        return self.outcome in ADOPTING
