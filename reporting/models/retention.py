"""Retention and disposal (gallring) under the Archives Act: every record is a public record and
is kept unless the county's retention schedule (gallringsplan) says it may go.

- `RecordClass`: a kind of record the schedule speaks of (drafts never submitted, sent
  reminders, log-in records ...). `scope` says whether a county's run covers it or only the
  service-wide run does (records that belong to no county, such as log-ins).
- `RetentionRule`: how long a class is kept, for one county or service-wide (county empty);
  a county's rule overrides the service-wide one. No years: kept for ever.
- `LegalHold`: a hold on one application or on a whole class of a county; while it is not
  released nothing it covers is disposed of.
- `DisposalProtocol` and its `DisposalLine`s: what a run removed, per class, kept for ever
  (append-only in PostgreSQL, `reporting.retention.triggers`). Identifiers only, no personal data.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited

MAX_KEEP_YEARS = 100


class RecordScope(models.TextChoices):
    COUNTY = "county", _("The county's records")
    SERVICE = "service", _("The service's records (no county)")


class RecordClass(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    scope = models.CharField(
        _("covered by"), max_length=10, choices=RecordScope.choices, default=RecordScope.COUNTY
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    audit_log = audited()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("record class")
        verbose_name_plural = _("record classes")

    def __str__(self) -> str:
        return self.name


class RetentionRule(models.Model):
    record_class = models.ForeignKey(
        RecordClass, on_delete=models.CASCADE, related_name="rules", verbose_name=_("record class")
    )
    county = models.ForeignKey(
        "allocations.County",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retention_rules",
        verbose_name=_("county"),
        help_text=_("Empty: the service-wide rule."),
    )
    keep_years = models.PositiveSmallIntegerField(
        _("kept for (years)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_KEEP_YEARS)],
        help_text=_("Empty: kept for ever."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    audit_log = audited()

    class Meta:
        ordering = ["record_class", "county"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.UniqueConstraint(
                fields=["record_class", "county"], name="retention_rule_once_per_county"
            ),
            models.UniqueConstraint(
                fields=["record_class"],
                condition=Q(county__isnull=True),
                name="retention_rule_once_service_wide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_class}: {self.keep_years}"

    @property
    def keeps_for_ever(self) -> bool:
        return self.keep_years is None


class LegalHold(models.Model):
    """A hold (e.g. a pending appeal, a request for the records, an audit): what it covers is
    kept whatever the schedule says, until the hold is released."""

    county = models.ForeignKey(
        "allocations.County",
        on_delete=models.PROTECT,
        related_name="legal_holds",
        verbose_name=_("county"),
    )
    # A released hold does not keep its application: once the application is disposed of,
    # the hold still names it by `subject`.
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_holds",
        verbose_name=_("application"),
    )
    record_class = models.ForeignKey(
        RecordClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds",
        verbose_name=_("record class"),
    )
    subject = models.CharField(_("covers"), max_length=300, blank=True)
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("placed by"),
    )
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    audit_log = audited()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=~Q(application__isnull=False, record_class__isnull=False),
                name="legal_hold_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.subject or str(self.application or self.record_class)

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class DisposalProtocol(models.Model):
    """The record of one disposal run (gallringsprotokoll), kept for ever."""

    county = models.ForeignKey(
        "allocations.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disposal_protocols",
        verbose_name=_("county"),
        help_text=_("Empty: the service-wide run."),
    )
    disposed_on = models.DateField(_("schedule applied as of"))
    run_at = models.DateTimeField(_("run"), auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
    )
    run_by_name = models.CharField(_("run by (name)"), max_length=300, blank=True)

    class Meta:
        ordering = ["-run_at", "-pk"]
        verbose_name = _("disposal protocol")
        verbose_name_plural = _("disposal protocols")

    def __str__(self) -> str:
        return f"{self.county or ''} {self.disposed_on:%Y-%m-%d}".strip()

    @property
    def removed_total(self) -> int:
        return sum(line.removed for line in self.lines.all())


class DisposalLine(models.Model):
    """One class of a run: how many there were, how many went, how many were kept, and the
    identifiers of what went."""

    protocol = models.ForeignKey(
        DisposalProtocol, on_delete=models.PROTECT, related_name="lines", verbose_name=_("protocol")
    )
    record_class = models.ForeignKey(
        RecordClass, on_delete=models.PROTECT, related_name="+", verbose_name=_("record class")
    )
    keep_years = models.PositiveSmallIntegerField(_("kept for (years)"), null=True, blank=True)
    count_before = models.PositiveIntegerField(_("before"))
    removed = models.PositiveIntegerField(_("removed"))
    kept = models.PositiveIntegerField(_("kept"))
    identifiers = models.JSONField(_("removed (identifiers)"), default=list, blank=True)

    class Meta:
        ordering = ["protocol", "record_class__position", "pk"]
        verbose_name = _("disposal protocol line")
        verbose_name_plural = _("disposal protocol lines")

    def __str__(self) -> str:
        return f"{self.record_class}: {self.removed}"
