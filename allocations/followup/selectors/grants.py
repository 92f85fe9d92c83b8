"""Grants as their follow-up shows them: the county's list for a year, an applicant's own
grants, one grant's usage. Each grant carries what was invoiced and used on it and whether it
is flagged for invoicing: the county's invoicing deadline has passed and invoiced + used is
still below the granted amount. Lists run a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BigIntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from allocations.models import Agreement, County, GrantStatusOption, GrantUsage, UsageKind
from applications.applying.permissions import User, applicant_organisation_ids
from applications.models import Grant, MeetingState
from reporting.models import Deadline, DeadlineKind


def _usage_sum(kind: str) -> Coalesce:
    total = (
        GrantUsage.objects.filter(grant_id=OuterRef("pk"), kind=kind)
        .order_by()
        .values("grant_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(0), output_field=BigIntegerField())


def grants_with_usage() -> QuerySet[Grant]:
    """Current grants (not replaced by a correction) with `invoiced` and `used` totals and
    everything a list shows, in one query."""
    return (
        Grant.objects.filter(replaced_by__isnull=True)
        .select_related(
            "county",
            "focus_area__agreement",
            "responsible_organisation",
            "handling_organisation",
            "followup_status",
            "decision__sub_area",
            "decision__item__meeting",
            "application__sub_area",
        )
        .annotate(invoiced=_usage_sum(UsageKind.INVOICED), used=_usage_sum(UsageKind.USED))
        .order_by(
            "focus_area__number", "decision__item__meeting__held_on", "decision__position", "pk"
        )
    )


def invoicing_deadline(*, county: County, agreement: Agreement) -> Deadline | None:
    """The county's invoicing deadline of the year (the latest, should there be several)."""
    return (
        Deadline.objects.filter(county=county, agreement=agreement, kind=DeadlineKind.INVOICING)
        .order_by("-due_on", "-pk")
        .first()
    )


def _deadlines_for(grants: list[Grant]) -> dict[tuple[int, int], datetime.date]:
    """(county id, agreement id) → invoicing due date, for many grants in one query."""
    keys = {(g.county_id, g.focus_area.agreement_id) for g in grants}
    if not keys:
        return {}
    query = Q()
    for county_id, agreement_id in keys:
        query |= Q(county_id=county_id, agreement_id=agreement_id)
    due: dict[tuple[int, int], datetime.date] = {}
    rows = Deadline.objects.filter(query, kind=DeadlineKind.INVOICING).values_list(
        "county_id", "agreement_id", "due_on"
    )
    for county_id, agreement_id, due_on in rows:
        key = (county_id, agreement_id)
        due[key] = max(due_on, due.get(key, due_on))
    return due


@dataclass(frozen=True)
class GrantLine:
    """A grant with its follow-up figures."""

    grant: Grant
    invoiced: int
    used: int
    deadline: datetime.date | None
    flagged: bool  # invoicing deadline passed, not all of the grant invoiced or used

    @property
    def spent(self) -> int:
        return self.invoiced + self.used

    @property
    def remaining(self) -> int:
        return max(self.grant.amount - self.spent, 0)

    @property
    def sub_area(self):
        decision_sub = self.grant.decision.sub_area
        if decision_sub is not None:
            return decision_sub
        application = self.grant.application
        return application.sub_area if application is not None else None


def _line(grant: Grant, due_on: datetime.date | None, today: datetime.date) -> GrantLine:
    spent = grant.invoiced + grant.used
    flagged = due_on is not None and today > due_on and spent < grant.amount
    return GrantLine(grant, grant.invoiced, grant.used, due_on, flagged)


def county_grant_lines(
    *, county: County, agreement: Agreement, today: datetime.date | None = None
) -> list[GrantLine]:
    """The county's current grants of the year, in focus-area order (two queries)."""
    deadline = invoicing_deadline(county=county, agreement=agreement)
    return county_lines_due(
        county=county,
        agreement=agreement,
        due_on=deadline.due_on if deadline else None,
        today=today or timezone.localdate(),
    )


def county_lines_due(
    *, county: County, agreement: Agreement, due_on: datetime.date | None, today: datetime.date
) -> list[GrantLine]:
    """As `county_grant_lines`, the invoicing due date already known (one query)."""
    grants = grants_with_usage().filter(county=county, focus_area__agreement=agreement)
    return [_line(grant, due_on, today) for grant in grants]


def my_grant_lines(*, user: User, today: datetime.date | None = None) -> list[GrantLine]:
    """The current grants of the user's applicant organisations whose decision is released
    (minutes approved), newest year first."""
    organisations = applicant_organisation_ids(user)
    if not organisations:
        return []
    today = today or timezone.localdate()
    grants = list(
        grants_with_usage()
        .filter(
            responsible_organisation_id__in=organisations,
            decision__item__meeting__state=MeetingState.MINUTES_APPROVED,
        )
        .order_by(
            "-focus_area__agreement__year",
            "county__name",
            "focus_area__number",
            "decision__position",
            "pk",
        )
    )
    due = _deadlines_for(grants)
    return [_line(g, due.get((g.county_id, g.focus_area.agreement_id)), today) for g in grants]


def my_grants_count(*, user: User) -> int:
    organisations = applicant_organisation_ids(user)
    if not organisations:
        return 0
    return Grant.objects.filter(
        replaced_by__isnull=True,
        responsible_organisation_id__in=organisations,
        decision__item__meeting__state=MeetingState.MINUTES_APPROVED,
    ).count()


def grant_line(*, grant: Grant, today: datetime.date | None = None) -> GrantLine:
    """One grant's figures (for its page)."""
    today = today or timezone.localdate()
    totals = dict(
        grant.usages.order_by()
        .values("kind")
        .annotate(total=Sum("amount"))
        .values_list("kind", "total")
    )
    grant.invoiced = totals.get(UsageKind.INVOICED, 0)
    grant.used = totals.get(UsageKind.USED, 0)
    deadline = invoicing_deadline(county=grant.county, agreement=grant.focus_area.agreement)
    return _line(grant, deadline.due_on if deadline else None, today)


def grant_usages(*, grant: Grant) -> QuerySet[GrantUsage]:
    return grant.usages.select_related("recorded_by").order_by("occurred_on", "pk")


def status_options(*, county: County, include: int | None = None) -> QuerySet[GrantStatusOption]:
    """The county's statuses in use, plus the one `include` names (a grant's current
    status, even if the county stopped offering it)."""
    query = Q(active=True)
    if include is not None:
        query |= Q(pk=include)
    return county.grant_status_options.filter(query).order_by("position", "pk")
