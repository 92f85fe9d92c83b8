"""Reads about deadlines: who is reminded of which, a county's list, a user's coming ones.

Every function here runs a fixed number of queries, whatever the number of deadlines.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from allocations.models import County, Membership, Role
from reporting.models import Deadline, DeadlineKind, Reminder, ReminderState

# A reminder still being sent after this long: its worker died, shown as failed.
SENDING_TIMEOUT = datetime.timedelta(minutes=30)


def released() -> Q:
    """Deadlines that may be shown to those responsible: not about a grant whose decision
    is not released yet (its meeting's minutes not approved), nor about a call that is
    still a draft (applicants do not know of it)."""
    from applications.models import MeetingState

    grant = Q(grant__isnull=True) | Q(
        grant__decision__item__meeting__state=MeetingState.MINUTES_APPROVED
    )
    return grant & (Q(call__isnull=True) | Q(call__is_draft=False))


RECIPIENT_FIELDS = (
    "pk",
    "county_id",
    "kind",
    "responsible_role",
    "responsible_user_id",
    "responsible_organisation_id",
    "call_id",
    "review_round_id",
)


def recipients_of(rows: Iterable[dict]) -> dict[int, set[int]]:
    """Deadline id → ids of the active users with an e-mail address who are to be reminded.

    `rows` are dicts with RECIPIENT_FIELDS. Who: the responsible person if one is named;
    otherwise the county's holders of the responsible role: for applicants those acting for
    the responsible organisation (a call closing: the organisations with a draft in the
    call), for the review group the members of the review round. The caller selects only
    `released()` deadlines: a grant's deadline before its decision is released has none."""
    from applications.models import Application, ReviewRound, Status

    rows = list(rows)
    counties = {r["county_id"] for r in rows if not r["responsible_user_id"]}
    rounds = {r["review_round_id"] for r in rows if r["review_round_id"]}
    calls = {
        r["call_id"]
        for r in rows
        if r["call_id"] and not r["responsible_organisation_id"] and r["kind"] == "call_closing"
    }
    named = {r["responsible_user_id"] for r in rows if r["responsible_user_id"]}
    reachable = Q(user__is_active=True) & ~Q(user__email="")

    by_role: dict[tuple[int, str], set[int]] = defaultdict(set)
    by_organisation: dict[int, set[int]] = defaultdict(set)
    if counties:
        memberships = Membership.objects.filter(reachable, county_id__in=counties).values_list(
            "user_id", "county_id", "role", "organisation_id"
        )
        for user_id, county_id, role, organisation_id in memberships:
            by_role[(county_id, role)].add(user_id)
            if organisation_id:
                by_organisation[organisation_id].add(user_id)
    members: dict[int, set[int]] = defaultdict(set)
    if rounds:
        through = ReviewRound.members.through.objects.filter(reviewround_id__in=rounds)
        for round_id, user_id in through.values_list("reviewround_id", "user_id"):
            members[round_id].add(user_id)
    drafts: dict[int, set[int]] = defaultdict(set)
    if calls:
        pairs = Application.objects.filter(call_id__in=calls, status=Status.DRAFT).values_list(
            "call_id", "organisation_id"
        )
        for call_id, organisation_id in pairs.distinct():
            drafts[call_id].add(organisation_id)
    active_named = set()
    if named:
        active_named = set(
            get_user_model()
            .objects.filter(pk__in=named, is_active=True)
            .exclude(email="")
            .values_list("pk", flat=True)
        )

    found: dict[int, set[int]] = {}
    for r in rows:
        if r["responsible_user_id"]:
            found[r["pk"]] = {r["responsible_user_id"]} & active_named
            continue
        role, county = r["responsible_role"], r["county_id"]
        if role == Role.APPLICANT:
            if r["responsible_organisation_id"]:
                organisations = {r["responsible_organisation_id"]}
            elif r["call_id"] and r["kind"] == DeadlineKind.CALL_CLOSING:
                organisations = drafts.get(r["call_id"], set())
            else:
                found[r["pk"]] = set(by_role[(county, role)])
                continue
            users: set[int] = set()
            for organisation in organisations:
                users |= by_organisation.get(organisation, set())
            found[r["pk"]] = users & by_role[(county, role)]
        elif role == Role.REVIEWER and r["review_round_id"]:
            found[r["pk"]] = members.get(r["review_round_id"], set()) & by_role[(county, role)]
        elif role:
            found[r["pk"]] = set(by_role[(county, role)])
        else:
            found[r["pk"]] = set()
    return found


def coordinators_of(*, county_ids: Iterable[int]) -> dict[int, set[int]]:
    """County id → ids of its reachable coordinators (one query)."""
    found: dict[int, set[int]] = defaultdict(set)
    pairs = Membership.objects.filter(
        county_id__in=list(county_ids),
        role=Role.COORDINATOR,
        user__is_active=True,
    ).exclude(user__email="")
    for user_id, county_id in pairs.values_list("user_id", "county_id"):
        found[county_id].add(user_id)
    return found


def county_deadlines(*, county: County) -> QuerySet[Deadline]:
    """The county's deadlines, open first by date, then the done ones (two-query list)."""
    return (
        Deadline.objects.filter(county=county)
        .select_related("agreement", "responsible_user", "responsible_organisation", "done_by")
        .order_by("done_at", "due_on", "pk")
    )


def county_failed_reminders(
    *, county: County, now: datetime.datetime | None = None
) -> QuerySet[Reminder]:
    """Reminders that could not be sent, and those whose sending never finished (the worker
    died between the mail server and the database: the e-mail may or may not have gone)."""
    from django.utils import timezone

    stale = (now or timezone.now()) - SENDING_TIMEOUT
    return (
        Reminder.objects.filter(
            Q(state=ReminderState.FAILED) | Q(state=ReminderState.SENDING, attempted_at__lt=stale),
            deadline__county=county,
        )
        .select_related("deadline", "recipient")
        .order_by("-created_at", "pk")
    )


def _user_scope(user) -> Q:
    """The deadlines a user answers for, from their memberships (one query); never a
    grant's deadline before the decision is released."""
    from applications.models import ReviewRound

    scope = Q(responsible_user=user)
    memberships = Membership.objects.filter(user=user).values_list(
        "county_id", "role", "organisation_id"
    )
    for county_id, role, organisation_id in memberships:
        mine = Q(county_id=county_id, responsible_role=role, responsible_user__isnull=True)
        if role == Role.APPLICANT:
            mine &= Q(responsible_organisation_id=organisation_id) | Q(
                responsible_organisation__isnull=True
            )
        elif role == Role.REVIEWER:
            mine &= Q(review_round__isnull=True) | Q(
                review_round__in=ReviewRound.objects.filter(members=user)
            )
        scope |= mine
    return scope & released()


def user_deadlines(
    *, user, today: datetime.date, days: int | None = 60, past_days: int = 30
) -> QuerySet[Deadline]:
    """The user's open deadlines from `past_days` ago (overdue) to `days` ahead (None: all)."""
    if not user.is_authenticated:
        return Deadline.objects.none()
    found = Deadline.objects.filter(
        _user_scope(user),
        done_at__isnull=True,
        due_on__gte=today - datetime.timedelta(days=past_days),
    ).exclude(kind=DeadlineKind.CALL_CLOSING, due_on__lt=today)  # a call closes by itself
    if days is not None:
        found = found.filter(due_on__lte=today + datetime.timedelta(days=days))
    return found.select_related("county").order_by("due_on", "pk")
