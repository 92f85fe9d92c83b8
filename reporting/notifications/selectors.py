"""Reads about notifications: each person's choices, who is told of an event, what waits
for a digest. Each function runs a fixed number of queries."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from allocations.models import Membership, Role, active_role_q
from reporting.models import Delivery, DigestItem, NotificationChoice, NotificationKind

# Kinds that cannot be switched off: a decision starts the time for appeal, and an
# application asked to be completed is not handled until it is. They may go to the digest.
MANDATORY_KINDS = frozenset({NotificationKind.DECIDED, NotificationKind.COMPLETION_ASKED})
# A person with no choice stored gets e-mail at once, except for these kinds: a call's last
# day brings the county's coordinators hundreds of submissions, so they come in the digest.
DEFAULT_DELIVERY = {NotificationKind.SUBMITTED: Delivery.DIGEST}


def deliveries_allowed(kind: str) -> list[str]:
    """The deliveries a person may choose for `kind`."""
    if kind in MANDATORY_KINDS:
        return [Delivery.NOW, Delivery.DIGEST]
    return list(Delivery.values)


def choices_for(*, user) -> dict[str, str]:
    """Every kind → the person's delivery (no row: the kind's default)."""
    stored = dict(NotificationChoice.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: _allowed(kind, stored.get(kind)) for kind in NotificationKind.values}


def deliveries_of(*, kind: str, user_ids: Iterable[int]) -> dict[int, str]:
    """User id → delivery of `kind` for these users, in one query."""
    ids = list(user_ids)
    stored = dict(
        NotificationChoice.objects.filter(kind=kind, user_id__in=ids).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: _allowed(kind, stored.get(pk)) for pk in ids}


def default_delivery(kind: str) -> str:
    """The delivery of `kind` for a person who has chosen none."""
    return DEFAULT_DELIVERY.get(kind, Delivery.NOW)


def _allowed(kind: str, delivery: str | None) -> str:
    return delivery if delivery in deliveries_allowed(kind) else default_delivery(kind)


def people_of(*, county, organisation=None) -> QuerySet:
    """The reachable people acting today for `organisation` (applicants) in `county`,
    and the county's coordinators: whom an event about an organisation's case concerns."""
    held = Q(memberships__county=county) & active_role_q("memberships__")
    who = Q(memberships__role=Role.COORDINATOR)
    if organisation is not None:
        who |= Q(memberships__role=Role.APPLICANT, memberships__organisation=organisation)
    return (
        get_user_model()
        .objects.filter(held & who, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def applicants_of(*, county, organisation) -> QuerySet:
    """The reachable people acting today for `organisation` in `county`."""
    ids = Membership.objects.filter(
        county=county, role=Role.APPLICANT, organisation=organisation
    ).values("user_id")
    return (
        get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").order_by("pk")
    )


def digest_pending(*, user_ids: Iterable[int] | None = None) -> QuerySet[DigestItem]:
    """Digest items not yet sent, oldest first."""
    items = DigestItem.objects.filter(sent_at__isnull=True).select_related("user", "county")
    if user_ids is not None:
        items = items.filter(user_id__in=list(user_ids))
    return items.order_by("user_id", "created_at", "pk")
