import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited
from allocations.models.county import County, Organisation


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Review group member")
    FORUM = "forum", _("Decision forum member")
    COORDINATOR = "coordinator", _("Coordinator")
    ADOPTER = "adopter", _("Records a member's adoptions")


# Roles that act for one organisation of the county.
ORGANISATION_ROLES = frozenset({Role.APPLICANT, Role.ADOPTER})


class ForumFunction(models.TextChoices):
    """What a decision forum member does at the forum's meetings besides deciding."""

    MEMBER = "", _("Member")
    CHAIR = "chair", _("Chair")
    MINUTES_APPROVER = "minutes_approver", _("Minutes approver")


class DatedRoleQuerySet(models.QuerySet):
    """Roles are ended with a date, never deleted: a role is held from `starts_on` (empty:
    since it was given) up to the day before `ends_on` (empty: until further notice)."""

    def active(self, on: datetime.date | None = None) -> "DatedRoleQuerySet":
        on = on or timezone.localdate()
        return self.filter(active_role_q("", on))

    def ended(self, on: datetime.date | None = None) -> "DatedRoleQuerySet":
        on = on or timezone.localdate()
        return self.filter(ends_on__lte=on)


class ActiveRoleManager(models.Manager.from_queryset(DatedRoleQuerySet)):
    """The roles held today: what every permission check asks about."""

    def get_queryset(self) -> DatedRoleQuerySet:
        return super().get_queryset().active()


def active_role_q(prefix: str, on: datetime.date | None = None) -> Q:
    """The `active()` condition through a relation, e.g. `County.objects.filter(
    active_role_q("memberships__"), memberships__user=user)`."""
    on = on or timezone.localdate()
    return (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": on})) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": on})
    )


class DatedRole(models.Model):
    starts_on = models.DateField(
        _("held from"), null=True, blank=True, help_text=_("Empty: since the role was given.")
    )
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("The first day the role is no longer held. Empty: until further notice."),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    objects = ActiveRoleManager()
    all_objects = DatedRoleQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A role cannot end before it starts.")})

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        started = self.starts_on is None or self.starts_on <= on
        return started and (self.ends_on is None or self.ends_on > on)


class Membership(DatedRole):
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
    forum_function = models.CharField(
        _("function in the forum"),
        max_length=20,
        choices=ForumFunction.choices,
        default=ForumFunction.MEMBER,
        blank=True,
    )

    audit_log = audited()

    class Meta:
        ordering = ["county", "role"]
        verbose_name = _("role in a county")
        verbose_name_plural = _("roles in counties")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["applicant", "adopter"], organisation__isnull=False)
                | (~Q(role__in=["applicant", "adopter"]) & Q(organisation__isnull=True)),
                name="membership_organisation_only_for_applicants",
            ),
            models.CheckConstraint(
                condition=Q(role="forum") | Q(forum_function=""),
                name="membership_forum_function_only_for_forum",
            ),
            models.UniqueConstraint(
                fields=["user", "county", "role"],
                condition=Q(organisation__isnull=True, ends_on__isnull=True),
                name="membership_role_unique_per_county",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(organisation__isnull=False, ends_on__isnull=True),
                name="membership_applicant_unique_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = self.organisation or self.county
        return f"{self.user} – {self.get_role_display()} ({where})"

    def clean(self) -> None:
        super().clean()
        if self.role in ORGANISATION_ROLES and not self.organisation_id:
            raise ValidationError({"organisation": _("This role acts for an organisation.")})
        if self.role not in ORGANISATION_ROLES and self.organisation_id:
            raise ValidationError(
                {"organisation": _("Only applicants and adopters act for an organisation.")}
            )
        if self.organisation_id and self.organisation.county_id != self.county_id:
            raise ValidationError(
                {"organisation": _("The organisation belongs to another county.")}
            )
        if self.forum_function and self.role != Role.FORUM:
            raise ValidationError(
                {"forum_function": _("Only decision forum members have a function there.")}
            )


class NationalAdministrator(DatedRole):
    """A person above the counties (given to few): sets up agreement years, imports SKR's
    allocations and creates counties."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="national_roles",
        verbose_name=_("user"),
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )

    audit_log = audited()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("national administrator")
        verbose_name_plural = _("national administrators")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(ends_on__isnull=True),
                name="national_administrator_unique_while_open",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)
