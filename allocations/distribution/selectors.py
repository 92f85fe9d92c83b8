"""Reads for the distribution page."""

from django.db.models import Prefetch, QuerySet

from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    DistributionKey,
    DistributionResultLine,
    Organisation,
)


def county_area_allocations(*, county: County, agreement: Agreement) -> dict[int, int]:
    """The county's allocation per focus area id in the agreement year."""
    return dict(
        CountyAllocation.objects.filter(county=county, focus_area__agreement=agreement)
        .order_by("focus_area__number")
        .values_list("focus_area_id", "amount")
    )


def recipients_with_population(*, county: County) -> list[dict]:
    """The county's organisations that have a population, as the recipients first offered."""
    rows = (
        Organisation.objects.filter(county=county, population__isnull=False)
        .order_by("name")
        .values_list("name", "population")
    )
    return [{"recipient": name, "weight": str(population)} for name, population in rows]


def organisation_names(*, county: County) -> list[str]:
    return list(
        Organisation.objects.filter(county=county).order_by("name").values_list("name", flat=True)
    )


def distribution_keys_saved(*, county: County, agreement: Agreement) -> QuerySet[DistributionKey]:
    """The county's saved keys of the year, newest first, with their lines (two queries)."""
    lines = DistributionResultLine.objects.order_by("position")
    return (
        DistributionKey.objects.filter(
            county=county, agreement=agreement, result_saved_at__isnull=False
        )
        .select_related("focus_area", "result_saved_by")
        .prefetch_related(Prefetch("result_lines", queryset=lines))
        .order_by("-result_saved_at", "-pk")
    )
