"""What a county may decide in a focus area: its allocation as reallocations left it. Read by
the review, the decision guard and the budget alike, so that all three count the same."""

from django.db.models import BigIntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from allocations.models import CountyAllocation, Reallocation


def effective_allocations(
    *, county_id: int, agreement_id: int | None = None, focus_area_id: int | None = None
) -> dict[int, int]:
    """Focus area id → what the county may decide there: its allocation less what
    reallocations moved out plus what they moved in. Areas without an allocation are absent.
    One query, whatever the number of areas."""
    moved = Reallocation.objects.filter(county_id=county_id).order_by().values("county_id")
    moved_out = moved.filter(from_focus_area_id=OuterRef("focus_area_id")).annotate(t=Sum("amount"))
    moved_in = moved.filter(to_focus_area_id=OuterRef("focus_area_id")).annotate(t=Sum("amount"))
    rows = CountyAllocation.objects.filter(county_id=county_id)
    if agreement_id is not None:
        rows = rows.filter(focus_area__agreement_id=agreement_id)
    if focus_area_id is not None:
        rows = rows.filter(focus_area_id=focus_area_id)
    rows = rows.annotate(
        moved_out=Coalesce(
            Subquery(moved_out.values("t")), Value(0), output_field=BigIntegerField()
        ),
        moved_in=Coalesce(Subquery(moved_in.values("t")), Value(0), output_field=BigIntegerField()),
    ).values_list("focus_area_id", "amount", "moved_out", "moved_in")
    return {area: amount - out + into for area, amount, out, into in rows}


def effective_allocation(*, county_id: int, focus_area_id: int) -> int:
    """`effective_allocations` for one area; 0 when the county has no allocation there.
    Call it with the allocation row locked to decide against it."""
    return effective_allocations(county_id=county_id, focus_area_id=focus_area_id).get(
        focus_area_id, 0
    )
