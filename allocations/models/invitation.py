"""An invitation by e-mail to take a role: in a county (given by its coordinator) or as a
national administrator (given by another one).

The link carries a random token; only its SHA-256 digest is stored, so the table does not
hold a key to anyone's role. Sending the invitation again makes a new token (the old link
stops working) and a new expiry date."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited
from allocations.models.county import County, Organisation
from allocations.models.membership import ForumFunction, Role

NATIONAL_ADMINISTRATOR = "national_administrator"
INVITATION_ROLES = [*Role.choices, (NATIONAL_ADMINISTRATOR, _("National administrator"))]
DEFAULT_VALID_DAYS = 14


def invitation_valid_for() -> datetime.timedelta:
    return datetime.timedelta(
        days=int(getattr(settings, "INVITATION_VALID_DAYS", DEFAULT_VALID_DAYS))
    )


def invitation_token_new() -> str:
    return secrets.token_urlsafe(32)


def invitation_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expires_at() -> datetime.datetime:
    return timezone.now() + invitation_valid_for()


class InvitationQuerySet(models.QuerySet):
    def open(self, now: datetime.datetime | None = None) -> "InvitationQuerySet":
        """Neither accepted nor revoked, and not expired."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    county = models.ForeignKey(
        County,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("county"),
        help_text=_("Empty for an invitation to be a national administrator."),
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=24, choices=INVITATION_ROLES)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    forum_function = models.CharField(
        _("function in the forum"),
        max_length=20,
        choices=ForumFunction.choices,
        default=ForumFunction.MEMBER,
        blank=True,
    )
    token_digest = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"), default=_expires_at)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    sent_count = models.PositiveIntegerField(_("times sent"), default=0)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    audit_log = audited()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["applicant", "adopter"], organisation__isnull=False)
                | (~Q(role__in=["applicant", "adopter"]) & Q(organisation__isnull=True)),
                name="invitation_organisation_only_for_applicants",
            ),
            models.CheckConstraint(
                condition=Q(role="forum") | Q(forum_function=""),
                name="invitation_forum_function_only_for_forum",
            ),
            models.CheckConstraint(
                condition=Q(role=NATIONAL_ADMINISTRATOR, county__isnull=True)
                | (~Q(role=NATIONAL_ADMINISTRATOR) & Q(county__isnull=False)),
                name="invitation_county_unless_national",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()}"

    @property
    def is_national(self) -> bool:
        return self.role == NATIONAL_ADMINISTRATOR

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now
