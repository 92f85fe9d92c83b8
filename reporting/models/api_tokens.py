"""Keys by which another system of the county (the register, the economy system) reads the
county's data through the read API.

A key belongs to one county and reads only that county. It carries the scopes it may read;
its secret is shown once when it is created and only its SHA-256 digest is kept, so a lost
key is revoked and a new one made. Revoked keys stay, with who revoked them and when.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import County
from allocations.models.audit import audited


class ApiScope(models.TextChoices):
    CALLS = "read:calls", _("Calls")
    APPLICATIONS = "read:applications", _("Applications with applied and proposed amounts")
    DECISIONS = "read:decisions", _("Decisions and grants")
    PAYMENTS = "read:payments", _("Requisitions, invoiced and used amounts, repayments")
    DEADLINES = "read:deadlines", _("Deadlines")


class ApiToken(models.Model):
    county = models.ForeignKey(
        County, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("county")
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Which system uses the key, e.g. “Diarium” or “Ekonomisystem”."),
    )
    # The start of the secret, shown in lists so that a key can be recognised.
    prefix = models.CharField(_("begins with"), max_length=16)
    secret_digest = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    scopes = models.JSONField(_("may read"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    # Every creation and revocation is in the audit trail; `last_used_at` is written with
    # `update()`, past it.
    audit_log = audited(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["county", "-created_at", "-pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes

    def scope_labels(self) -> list[str]:
        return [label for value, label in ApiScope.choices if value in self.scopes]
