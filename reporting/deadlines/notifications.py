"""The kinds of notification Länsmedel sends, and which of them a user may switch off.

What may be switched off, and why:

* Mandatory, cannot be switched off: decisions on an application, requests for completion,
  the last reminder before a deadline (1 day or less before it) and the notice to the
  coordinator that a deadline has passed undone. Missing one of these costs money or rights.
* Optional, on by default: the earlier reminders, grouped by how far ahead they come
  (8 days or more, e.g. 30 and 14 days; 2–7 days, e.g. 7 days). A coordinator may edit a
  deadline's offsets, so the groups are ranges, not fixed numbers.

A user's choice is a `NotificationPreference` row; no row means the default (on).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reporting.models import NotificationPreference

DECISION = "decision"
COMPLETION_REQUEST = "completion_request"
OVERDUE = "overdue"
REMINDER_LAST = "reminder_last"
REMINDER_WEEK = "reminder_week"
REMINDER_EARLY = "reminder_early"


@dataclass(frozen=True)
class Notification:
    kind: str
    label: Promise
    mandatory: bool
    explanation: Promise


NOTIFICATIONS: tuple[Notification, ...] = (
    Notification(
        DECISION,
        _("Decisions on your applications"),
        True,
        _("A decision starts the time for appeal, so it is always sent."),
    ),
    Notification(
        COMPLETION_REQUEST,
        _("Requests for completion"),
        True,
        _("An application is not handled until it is completed, so these are always sent."),
    ),
    Notification(
        REMINDER_LAST,
        _("Last reminder, the day before a deadline"),
        True,
        _("Always sent, so that no deadline passes unnoticed."),
    ),
    Notification(
        OVERDUE,
        _("Deadlines that have passed undone (to coordinators)"),
        True,
        _("The coordinator answers for the county's deadlines, so this is always sent."),
    ),
    Notification(
        REMINDER_WEEK,
        _("Reminders a week before a deadline (2–7 days)"),
        False,
        _("You can switch these off."),
    ),
    Notification(
        REMINDER_EARLY,
        _("Early reminders (8 days or more before a deadline, e.g. 30 and 14 days)"),
        False,
        _("You can switch these off."),
    ),
)

BY_KIND = {n.kind: n for n in NOTIFICATIONS}
OPTIONAL_KINDS = tuple(n.kind for n in NOTIFICATIONS if not n.mandatory)


def reminder_kind(offset_days: int) -> str:
    """The notification kind of a reminder sent `offset_days` before a deadline."""
    if offset_days <= 1:
        return REMINDER_LAST
    if offset_days <= 7:
        return REMINDER_WEEK
    return REMINDER_EARLY


def is_mandatory(kind: str) -> bool:
    return BY_KIND[kind].mandatory


def wants(user: AbstractBaseUser | AnonymousUser, kind: str) -> bool:
    """Whether `user` is to get notifications of `kind` (mandatory kinds: always)."""
    if is_mandatory(kind):
        return True
    if not user.is_authenticated:
        return False
    row = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return True if row is None else row.enabled


def opted_out(*, user_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(user id, kind) pairs of optional kinds switched off, for many users in one query."""
    return set(
        NotificationPreference.objects.filter(
            user_id__in=list(user_ids), kind__in=OPTIONAL_KINDS, enabled=False
        ).values_list("user_id", "kind")
    )


def preferences_for(*, user) -> dict[str, bool]:
    """Every kind → whether the user gets it (mandatory ones are always True)."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "enabled"))
    return {n.kind: True if n.mandatory else stored.get(n.kind, True) for n in NOTIFICATIONS}


@transaction.atomic
def preferences_save(*, user, enabled: dict[str, bool]) -> None:
    """Store the user's choice for the optional kinds; mandatory kinds cannot be changed."""
    for kind in OPTIONAL_KINDS:
        if kind in enabled:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"enabled": bool(enabled[kind])}
            )
