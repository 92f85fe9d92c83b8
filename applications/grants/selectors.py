"""Grants over the years: what each grant of a county used and left unused, and the grants an
organisation may continue. The interventions they make over several years are read in
`applications.grants.interventions`.

What a grant used, and where it comes from: per standing grant, what its accepted report back
states as used (`GrantReportLine`); without such amounts, what was invoiced or used on it
(`GrantUsage`, counting what was recorded on a grant a correction replaced). What a settled
grant (report back accepted) did not use is to be repaid.
"""

from django.db.models import BigIntegerField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf

from allocations.models import (
    County,
    GrantReport,
    GrantReportLine,
    GrantUsage,
    Organisation,
    ReportState,
)
from applications.models import Grant, MeetingState, Status

NOT_APPLIED = frozenset({Status.DRAFT, Status.WITHDRAWN, Status.INELIGIBLE})
# The row of a focus area when years are compared: its short name, else its name.
ROW_NAME = Coalesce(NullIf("focus_area__short_name", Value("")), "focus_area__name")


# --- what each grant used ---------------------------------------------------------------------


def grant_use_rows(*, county: County, only=None) -> list[dict]:
    """One dict per grant of the county (every year, current or replaced), in one query:
    `pk`, `application_id`, `year`, `row`, `amount`, `current`, `used` (invoiced/used on
    it), and for current grants `settled_used` (as the module docstring says "used") and
    `to_repay`."""
    usage = (
        GrantUsage.objects.filter(grant_id=OuterRef("pk"))
        .order_by()
        .values("grant_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    reported = (
        GrantReportLine.objects.filter(
            report__grant_id=OuterRef("pk"), report__state=ReportState.ACCEPTED
        )
        .order_by()
        .values("report__grant_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    grants = Grant.objects.filter(county=county)
    if only is not None:
        grants = grants.filter(pk__in=only)
    rows = list(
        grants.annotate(
            used=Coalesce(Subquery(usage), Value(0), output_field=BigIntegerField()),
            settled=Exists(
                GrantReport.objects.filter(grant_id=OuterRef("pk"), state=ReportState.ACCEPTED)
            ),
            reported_used=Subquery(reported, output_field=BigIntegerField()),
            row=ROW_NAME,
        )
        .order_by("pk")
        .values(
            "pk",
            "decision_id",
            "replaced_by_id",
            "application_id",
            "amount",
            "title",
            "used",
            "settled",
            "reported_used",
            "row",
            "responsible_organisation__name",
            "decision__item__meeting__state",
            year=Coalesce("focus_area__agreement__year", Value(0)),
        )
    )
    by_successor = {row["replaced_by_id"]: row for row in rows if row["replaced_by_id"]}
    for row in rows:
        row["current"] = row["replaced_by_id"] is None
        if not row["current"]:
            continue
        chain_used, link = row["used"], by_successor.get(row["decision_id"])
        while link is not None:
            chain_used += link["used"]
            link = by_successor.get(link["decision_id"])
        reported_used = row["reported_used"]
        row["settled_used"] = chain_used if reported_used is None else reported_used
        row["to_repay"] = max(0, row["amount"] - row["settled_used"]) if row["settled"] else 0
    return rows


# --- the grants an application may continue ---------------------------------------------------


def continuable_grants(*, county: County) -> QuerySet[Grant]:
    """The county's grants that may be continued: standing, with released decisions."""
    return (
        Grant.objects.filter(
            county=county,
            replaced_by=None,
            decision__item__meeting__state=MeetingState.MINUTES_APPROVED,
        )
        .select_related("focus_area__agreement", "responsible_organisation")
        .order_by("-focus_area__agreement__year", "title", "pk")
    )


def grants_to_continue(*, organisation: Organisation, before_year: int) -> QuerySet[Grant]:
    """The organisation's grants of years before `before_year`, the latest year first."""
    return continuable_grants(county=organisation.county).filter(
        responsible_organisation=organisation, focus_area__agreement__year__lt=before_year
    )
