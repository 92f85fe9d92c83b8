"""Grant follow-up: the county's list of grant statuses, what the responsible organisation
records about its grant (status, forecast, comment …) and the money invoiced or used on it.

Errors are raised as `ValidationError` with a dict field → message, so a form shows each one
next to its field. Amounts are whole kronor.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import County, GrantStatusOption, GrantUsage, Role, UsageKind
from applications.applying.permissions import roles_in_county
from applications.grants.permissions import may_follow_up_grant
from applications.models import ApplicationKind, Grant

# Swedish county data, not interface text: the county edits the list afterwards.
# (name, money at risk)
DEFAULT_GRANT_STATUSES: tuple[tuple[str, bool], ...] = (
    ("Medlen rekvirerade", False),
    ("Pågående, alla medel kommer att rekvireras", False),
    ("Planering pågår", False),
    ("Ej tillsatt", True),
    ("Oklart om alla medel förbrukas", True),
    ("Medlen kommer ej kunna förbrukas", True),
)
NAME_MAX = GrantStatusOption._meta.get_field("name").max_length
PROJECT_CODE_MAX = Grant._meta.get_field("project_code").max_length


def grant_status_defaults_ensure(*, county: County) -> int:
    """Give the county the six common statuses it lacks (by name); returns how many were
    added. A status the county renamed or took out of use is not brought back while it has
    any status of that name."""
    existing = set(county.grant_status_options.values_list("name", flat=True))
    last = county.grant_status_options.aggregate(p=Max("position"))["p"] or 0
    added = 0
    for name, at_risk in DEFAULT_GRANT_STATUSES:
        if name in existing:
            continue
        added += 1
        GrantStatusOption.objects.create(
            county=county, name=name, position=last + added, money_at_risk=at_risk
        )
    return added


def require_coordinator(user: AbstractBaseUser, county_id: int) -> None:
    if getattr(user, "is_superuser", False):
        return
    if Role.COORDINATOR not in roles_in_county(user, county_id):
        raise PermissionDenied


def _clean_name(county: County, name: str, option: GrantStatusOption | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the status a name.")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("The name is too long.")})
    clash = county.grant_status_options.filter(name__iexact=name)
    if option is not None:
        clash = clash.exclude(pk=option.pk)
    if clash.exists():
        raise ValidationError({"name": _("The county already has a status with this name.")})
    return name


@transaction.atomic
def grant_status_create(
    *, county: County, by: AbstractBaseUser, name: str, money_at_risk: bool
) -> GrantStatusOption:
    require_coordinator(by, county.pk)
    # The county's row as a lock among the county's settings services. NO KEY UPDATE: it
    # does not wait for (nor hold up) the foreign-key checks of new rows of the county.
    County.objects.select_for_update(no_key=True).filter(pk=county.pk).first()
    name = _clean_name(county, name, None)
    position = (county.grant_status_options.aggregate(p=Max("position"))["p"] or 0) + 1
    return GrantStatusOption.objects.create(
        county=county, name=name, position=position, money_at_risk=money_at_risk
    )


@transaction.atomic
def grant_status_edit(
    *,
    option: GrantStatusOption,
    by: AbstractBaseUser,
    name: str,
    money_at_risk: bool,
    position: int | None = None,
) -> GrantStatusOption:
    require_coordinator(by, option.county_id)
    # The county's row is locked as in `grant_status_create`, so two renames cannot both
    # pass the name check; a clash that still reaches the database is a field error.
    County.objects.select_for_update(no_key=True).filter(pk=option.county_id).first()
    option.name = _clean_name(option.county, name, option)
    option.money_at_risk = money_at_risk
    if position is not None:
        option.position = position
    try:
        with transaction.atomic():
            option.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("The county already has a status with this name.")}
        ) from None
    return option


@transaction.atomic
def grant_status_set_active(
    *, option: GrantStatusOption, by: AbstractBaseUser, active: bool
) -> GrantStatusOption:
    """Take a status out of use (or back): grants that have it keep it."""
    require_coordinator(by, option.county_id)
    option = GrantStatusOption.objects.select_for_update().get(pk=option.pk)
    option.active = active
    option.save(update_fields=["active"])
    return option


def _refuse_closed(grant: Grant) -> None:
    """A closed grant is settled: nothing about it changes any more."""
    if grant.closed_at is not None:
        raise ValidationError(_("The grant is closed and can no longer be changed."))


def _followup_apply(grant: Grant, values: dict) -> list[str]:
    """Check and set the follow-up fields given in `values`; returns the changed fields."""
    errors: dict[str, str] = {}
    if "followup_status" in values:
        status = values["followup_status"]
        if status is not None and (
            status.county_id != grant.county_id
            or (not status.active and status.pk != grant.followup_status_id)
        ):
            errors["followup_status"] = _("Choose one of the county's statuses.")
    if values.get("forecast") is not None and not 0 <= values["forecast"] <= grant.amount:
        errors["forecast"] = _("The forecast must be between 0 kr and the granted amount.")
    if values.get("kind") not in (None, "", *ApplicationKind.values):
        errors["kind"] = _("Choose new or ongoing/continuation.")
    if len(values.get("project_code") or "") > PROJECT_CODE_MAX:
        errors["project_code"] = _("The project code is too long.")
    if errors:
        raise ValidationError(errors)
    changed = []
    for field, value in values.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(grant, field) != value:
            setattr(grant, field, value)
            changed.append(field)
    return changed


@transaction.atomic
def grant_followup_update(*, grant: Grant, by: AbstractBaseUser | None, **values) -> Grant:
    """Record the follow-up of a grant. `values` may hold `followup_status`, `forecast`,
    `followup_comment`, `kind`, `description` and `project_code`; the decision's own facts
    never change here. `by` None: loaded from seed data (no permission check)."""
    allowed = {
        "followup_status",
        "forecast",
        "followup_comment",
        "kind",
        "description",
        "project_code",
    }
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"Not follow-up fields: {sorted(unknown)}")
    if by is not None and not may_follow_up_grant(by, grant):
        raise PermissionDenied
    grant = Grant.objects.select_for_update(of=("self",)).get(pk=grant.pk)
    _refuse_closed(grant)
    changed = _followup_apply(grant, values)
    if changed:
        grant.followup_updated_at = timezone.now()
        grant.followup_updated_by = by
        grant.save(update_fields=[*changed, "followup_updated_at", "followup_updated_by"])
    return grant


def grant_usage_total(*, grant: Grant) -> int:
    return grant.usages.aggregate(total=Sum("amount"))["total"] or 0


@transaction.atomic
def grant_usage_add(
    *,
    grant: Grant,
    by: AbstractBaseUser | None,
    kind: str,
    amount: int | None,
    occurred_on: datetime.date | None,
    note: str = "",
) -> GrantUsage:
    """Record money invoiced or used on the grant. Invoiced and used together may not
    exceed the granted amount; the date lies in the grant's agreement year or later, and
    not in the future."""
    if by is not None and not may_follow_up_grant(by, grant):
        raise PermissionDenied
    grant = (
        Grant.objects.select_for_update(of=("self",))
        .select_related("focus_area__agreement")
        .get(pk=grant.pk)
    )
    _refuse_closed(grant)
    errors: dict[str, str] = {}
    if kind not in UsageKind.values:
        errors["kind"] = _("Choose invoiced or used.")
    if amount is None or amount <= 0:
        errors["amount"] = _("Enter an amount greater than 0 kr.")
    year = grant.focus_area.agreement.year
    today = timezone.localdate()
    if occurred_on is None:
        errors["occurred_on"] = _("Enter the date, e.g. %(date)s.") % {"date": today.isoformat()}
    elif occurred_on > today:
        errors["occurred_on"] = _("The date cannot be in the future.")
    elif occurred_on.year < year:
        errors["occurred_on"] = _("The date cannot be before the agreement year %(year)s.") % {
            "year": year
        }
    if not errors:
        total = grant_usage_total(grant=grant)
        if total + amount > grant.amount:
            errors["amount"] = _(
                "Invoiced and used together would be %(total)s, more than the granted "
                "%(granted)s. At most %(left)s remains."
            ) % {
                "total": _kr(total + amount),
                "granted": _kr(grant.amount),
                "left": _kr(max(grant.amount - total, 0)),
            }
    if errors:
        raise ValidationError(errors)
    return GrantUsage.objects.create(
        grant=grant,
        kind=kind,
        amount=amount,
        occurred_on=occurred_on,
        note=(note or "").strip(),
        recorded_by=by,
    )


def _kr(amount: int) -> str:
    from allocations.money import format_kronor

    return format_kronor(amount)
