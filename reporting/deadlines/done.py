"""Reads deciding whether a deadline is done or may be shown: a grant's decision
released, the county's requisition and repayment of a year complete."""

from allocations.models import Agreement, County


def grant_released(*, grant) -> bool:
    """Whether the grant's decision is released: its meeting's minutes are approved."""
    from applications.models import Grant, MeetingState

    return Grant.objects.filter(
        pk=grant.pk, decision__item__meeting__state=MeetingState.MINUTES_APPROVED
    ).exists()


def requisition_complete(*, county: County, agreement: Agreement) -> bool:
    """Every focus area with an allocation is requisitioned in full (its effective
    allocation, after reallocations)."""
    from django.db.models import Sum

    from allocations.agreements.effective import effective_allocations
    from allocations.budget.selectors.sources import year_requisitions

    effective = effective_allocations(county_id=county.pk, agreement_id=agreement.pk)
    if not effective:
        return False
    rows = year_requisitions(county=county, agreement=agreement).order_by()
    requisitioned = dict(
        rows.values("focus_area_id").annotate(t=Sum("amount")).values_list("focus_area_id", "t")
    )
    return all(requisitioned.get(area, 0) >= amount for area, amount in effective.items())


def repayment_complete(*, county: County, agreement: Agreement) -> bool:
    """Every focus area has repaid at least what it is to repay, counted on accepted
    reports only. With nothing to repay it is done once every current grant's report is
    accepted. A county without any grant in the year is left to the coordinator, who marks
    the deadline done by hand (there may be requisitioned funds nobody decided on)."""
    from allocations.obligations.selectors.repayment import repayment_overview

    areas = repayment_overview(county=county, agreement=agreement).areas
    if not any(area.grants for area in areas):
        return False
    return all(not area.preliminary and area.remaining <= 0 for area in areas)
