from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited
from allocations.models.county import County, Organisation


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Review group member")
    FORUM = "forum", _("Decision forum member")
    COORDINATOR = "coordinator", _("Coordinator")


class Membership(models.Model):
    """A role a user holds in one county; an applicant's role is bound to an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("county")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )

    audit_log = audited()

    class Meta:
        ordering = ["county", "role"]
        verbose_name = _("role in a county")
        verbose_name_plural = _("roles in counties")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="applicant", organisation__isnull=False)
                | (~Q(role="applicant") & Q(organisation__isnull=True)),
                name="membership_organisation_only_for_applicants",
            ),
            models.UniqueConstraint(
                fields=["user", "county", "role"],
                condition=Q(organisation__isnull=True),
                name="membership_role_unique_per_county",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_applicant_unique_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = self.organisation or self.county
        return f"{self.user} – {self.get_role_display()} ({where})"

    def clean(self) -> None:
        if self.role == Role.APPLICANT and not self.organisation_id:
            raise ValidationError({"organisation": _("An applicant acts for an organisation.")})
        if self.role != Role.APPLICANT and self.organisation_id:
            raise ValidationError({"organisation": _("Only applicants act for an organisation.")})
        if self.organisation_id and self.organisation.county_id != self.county_id:
            raise ValidationError(
                {"organisation": _("The organisation belongs to another county.")}
            )
