"""Where the budget's figures come from: one queryset per kind of fact of a county's year
(applications, proposals, decided lines, grants, usages, requisitions, repayments,
reallocations), each grant's follow-up row (`grant_follow_up`), and the allocation as
reallocations left it (`effective_allocations`). The budget table (`budget.selectors.overview`), its
drill-downs (`budget.selectors.lines`), the exports and the repayment page all read these,
so a cell and the lines behind it always agree.
"""

from django.db.models import BigIntegerField, Exists, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from allocations.agreements.effective import effective_allocation, effective_allocations  # noqa: F401 - read here too
from allocations.models import (
    Agreement,
    County,
    GrantReport,
    GrantReportLine,
    GrantUsage,
    Reallocation,
    Repayment,
    ReportState,
    Requisition,
)
from applications.models import GRANTING, Application, Decision, Grant, Outcome, Proposal, Status

NOT_APPLIED = (Status.DRAFT, Status.WITHDRAWN, Status.INELIGIBLE)
# A sub-area key for the lines of an area that have no sub-area.
REST = 0


# --- the querysets every figure and drill-down is read from -----------------------------------


def applied_applications(*, county: County, agreement: Agreement) -> QuerySet[Application]:
    return Application.objects.filter(county=county, focus_area__agreement=agreement).exclude(
        status__in=NOT_APPLIED
    )


def standing_proposals(*, county: County, agreement: Agreement) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        application__county=county, application__focus_area__agreement=agreement
    ).exclude(application__status=Status.WITHDRAWN)


def decided_lines(*, county: County, agreement: Agreement) -> QuerySet[Decision]:
    """Granting decisions that stand: the definition of `decided_sum`, for a whole year."""
    return Decision.objects.filter(
        item__meeting__county=county, focus_area__agreement=agreement, outcome__in=GRANTING
    ).exclude(corrected_by__outcome__in=[*GRANTING, Outcome.REJECTED])


def year_grants(*, county: County, agreement: Agreement) -> QuerySet[Grant]:
    """Every grant of the year, current or replaced by a correction."""
    return Grant.objects.filter(county=county, focus_area__agreement=agreement)


def year_usages(*, county: County, agreement: Agreement) -> QuerySet[GrantUsage]:
    return GrantUsage.objects.filter(grant__county=county, grant__focus_area__agreement=agreement)


def year_requisitions(*, county: County, agreement: Agreement) -> QuerySet[Requisition]:
    return Requisition.objects.filter(county=county, focus_area__agreement=agreement)


def year_repayments(*, county: County, agreement: Agreement) -> QuerySet[Repayment]:
    return Repayment.objects.filter(county=county, focus_area__agreement=agreement)


def year_reallocations(*, county: County, agreement: Agreement) -> QuerySet[Reallocation]:
    return (
        Reallocation.objects.filter(county=county, agreement=agreement)
        .select_related("from_focus_area", "to_focus_area", "decided_in__meeting")
        .order_by("created_at", "pk")
    )


def _accepted_report() -> Exists:
    return Exists(GrantReport.objects.filter(grant_id=OuterRef("pk"), state=ReportState.ACCEPTED))


def grant_follow_up(*, county: County, agreement: Agreement) -> list[dict]:
    """One dict per grant of the year: its area, sub-area, amount, what was used on it,
    whether its report is accepted, what that report states as used (`reported_used`, None
    when it states no amounts) and (for current grants) `chain_used`, `settled_used` and
    `to_repay`.

    A correction's grant succeeds the grant it replaced (`old.replaced_by` is the new
    grant's decision); what was invoiced on the old one counts for the new one.
    """
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
    rows = list(
        year_grants(county=county, agreement=agreement)
        .annotate(
            used=Coalesce(Subquery(usage), Value(0), output_field=BigIntegerField()),
            settled=_accepted_report(),
            reported_used=Subquery(reported, output_field=BigIntegerField()),
        )
        .values(
            "pk",
            "decision_id",
            "replaced_by_id",
            "amount",
            "focus_area_id",
            "decision__sub_area_id",
            "used",
            "settled",
            "reported_used",
        )
    )
    by_successor = {row["replaced_by_id"]: row for row in rows if row["replaced_by_id"]}
    for row in rows:
        row["sub_area_id"] = row.pop("decision__sub_area_id") or REST
        row["current"] = row["replaced_by_id"] is None
        if not row["current"]:
            continue
        chain_used, link = row["used"], by_successor.get(row["decision_id"])
        while link is not None:
            chain_used += link["used"]
            link = by_successor.get(link["decision_id"])
        row["chain_used"] = chain_used
        reported_used = row["reported_used"]
        row["settled_used"] = chain_used if reported_used is None else reported_used
        row["to_repay"] = max(0, row["amount"] - row["settled_used"]) if row["settled"] else 0
    return rows
