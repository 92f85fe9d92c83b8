"""The county's predefined reasons for rejection: data a coordinator edits."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from allocations.models import (
    County,
    Role,
)
from allocations.models.audit import bulk_audit_attrs
from applications.decisions.services.access import require_role
from applications.errors import ApplicationIncomplete, TransitionRefused
from applications.models import RejectionReason


def rejection_reason_save(
    *, county: County, user: AbstractBaseUser, text: str, reason: RejectionReason | None = None
) -> RejectionReason:
    require_role(user, county.pk, {Role.COORDINATOR})
    if not text.strip():
        raise ApplicationIncomplete({"text": [_("This field is required.")]})
    if reason is None:
        position = (county.rejection_reasons.aggregate(p=Max("position"))["p"] or 0) + 1
        reason = RejectionReason(county=county, position=position)
    elif reason.county_id != county.pk:
        raise TransitionRefused(_("Your role does not allow this step."))
    reason.text = text.strip()
    reason.save()
    return reason


# Swedish county data, not interface text: the county edits them afterwards.
DEFAULT_REJECTION_REASONS = (
    "Insatsen är inte länsgemensam.",
    "Insatsen ryms inte inom ramen för länets tilldelning.",
    "Ansökan uppfyller inte överenskommelsens villkor.",
    "Insatsen motsvarar inte länets prioriteringar för året.",
)


def rejection_reason_set_active(
    *, reason: RejectionReason, user: AbstractBaseUser, active: bool
) -> RejectionReason:
    """Take a reason out of use (or back); decisions that gave it keep it."""
    require_role(user, reason.county_id, {Role.COORDINATOR})
    reason.active = active
    reason.save(update_fields=["active"])
    return reason


def rejection_reasons_add_defaults(*, county: County, user: AbstractBaseUser) -> int:
    """Give a county without reasons a few common ones; returns how many were added (0 when
    the county already has reasons, so pressing twice adds nothing)."""
    require_role(user, county.pk, {Role.COORDINATOR})
    with transaction.atomic():
        County.objects.select_for_update(no_key=True).filter(pk=county.pk).first()
        if county.rejection_reasons.exists():
            return 0
        bulk_create_with_history(
            [
                RejectionReason(county=county, text=text, position=position)
                for position, text in enumerate(DEFAULT_REJECTION_REASONS, start=1)
            ],
            RejectionReason,
            default_user=user,
            custom_historical_attrs=bulk_audit_attrs(),
        )
    return len(DEFAULT_REJECTION_REASONS)
