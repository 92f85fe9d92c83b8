"""What the read API shows of a county, one queryset per endpoint with everything its rows
show joined in, so that a page costs the same few queries however many rows it holds (the
pagination orders by primary key).

Decisions are the final ones: of meetings that are closed, with an outcome. An
application's decided amount is that of its final decision that no final correction
replaced (0 for a rejection; none before a final decision).
"""

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery

from allocations.followup.selectors.grants import grants_with_usage
from allocations.models import County, FocusArea, GrantUsage, Repayment, Requisition
from applications.models import Application, Call, Decision, Grant, MeetingState, Outcome
from applications.models.status import VISIBLE_TO_STAFF
from reporting.deadlines.selectors import county_deadlines
from reporting.models import ApiToken, Deadline


def final_decisions() -> QuerySet[Decision]:
    return Decision.objects.exclude(item__meeting__state=MeetingState.OPEN).exclude(
        outcome=Outcome.PENDING
    )


def _standing(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Those of `decisions` that no final correction replaced."""
    return decisions.exclude(Exists(final_decisions().filter(corrects_id=OuterRef("pk"))))


def api_calls(*, county: County) -> QuerySet[Call]:
    """The county's published calls."""
    return (
        Call.objects.filter(county=county, is_draft=False)
        .select_related("agreement")
        .prefetch_related(Prefetch("focus_areas", queryset=FocusArea.objects.order_by("number")))
    )


def api_applications(*, county: County) -> QuerySet[Application]:
    """The county's submitted applications (never drafts) with `amount_proposed` and, once
    decided, `decision_id`, `decision_outcome` and `amount_decided`."""
    standing = _standing(final_decisions().filter(application_id=OuterRef("pk"))).order_by(
        "-item__meeting__held_on", "-pk"
    )
    return (
        Application.objects.filter(county=county, status__in=VISIBLE_TO_STAFF)
        .select_related("organisation", "call__agreement", "focus_area")
        .annotate(
            amount_proposed=F("proposal__amount"),
            decision_id=Subquery(standing.values("pk")[:1]),
            decision_outcome=Subquery(standing.values("outcome")[:1]),
            amount_decided=Subquery(standing.values("amount")[:1]),
        )
    )


def api_decisions(*, county: County) -> QuerySet[Decision]:
    """The county's final decisions, each with the final decision that corrected it, if any
    (`corrected_by_id`)."""
    correction = final_decisions().filter(corrects_id=OuterRef("pk"))
    return (
        final_decisions()
        .filter(item__meeting__county=county)
        .select_related(
            "item__meeting",
            "application",
            "focus_area__agreement",
            "sub_area",
            "responsible_organisation",
            "handling_organisation",
        )
        .annotate(corrected_by_final=Subquery(correction.values("pk")[:1]))
    )


def api_grants(*, county: County) -> QuerySet[Grant]:
    """The county's standing grants with what was invoiced and used on each."""
    return grants_with_usage().filter(county=county)


def api_requisitions(*, county: County) -> QuerySet[Requisition]:
    return Requisition.objects.filter(county=county).select_related("focus_area__agreement")


def api_grant_usages(*, county: County) -> QuerySet[GrantUsage]:
    return GrantUsage.objects.filter(grant__county=county).select_related("grant")


def api_repayments(*, county: County) -> QuerySet[Repayment]:
    return Repayment.objects.filter(county=county).select_related("focus_area__agreement")


def api_deadlines(*, county: County) -> QuerySet[Deadline]:
    return county_deadlines(county=county)


def county_api_tokens(*, county: County) -> list[ApiToken]:
    """The county's keys, active first, newest first."""
    return list(
        ApiToken.objects.filter(county=county)
        .select_related("created_by", "revoked_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at", "-pk")
    )
