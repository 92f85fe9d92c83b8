"""An organisation asking to be registered in a county, so that its people can apply: sent
by anyone, decided by the county's coordinator. Approval creates the organisation and
invites the contact person as its applicant."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited
from allocations.models.county import County, Organisation, OrganisationKind


class RegistrationState(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class OrganisationRegistration(models.Model):
    county = models.ForeignKey(
        County,
        on_delete=models.CASCADE,
        related_name="organisation_registrations",
        verbose_name=_("county"),
    )
    name = models.CharField(_("name of the organisation"), max_length=200)
    organisation_number = models.CharField(_("organisation number"), max_length=11)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact person's e-mail address"))
    contact_phone = models.CharField(_("contact person's telephone"), max_length=40, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=RegistrationState.choices,
        default=RegistrationState.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation"),
    )

    audit_log = audited()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("organisation asking to be registered")
        verbose_name_plural = _("organisations asking to be registered")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "organisation_number"],
                condition=Q(state="pending"),
                name="registration_pending_unique_per_county",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_number})"
