from django.db import transaction

from allocations.models import Agreement, County, FocusArea, SubArea
from applications.models import Call, NeedArea


@transaction.atomic
def call_save(
    *,
    call: Call | None = None,
    county: County,
    agreement: Agreement,
    fields: dict,
    focus_areas: list[FocusArea],
    sub_areas: list[SubArea],
    need_areas: list[tuple[FocusArea, str]],
) -> Call:
    """Create or update a call with its open areas and need areas."""
    call = call or Call(county=county, agreement=agreement)
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean(exclude=["focus_areas", "sub_areas"])
    call.save()
    call.focus_areas.set(focus_areas)
    call.sub_areas.set([s for s in sub_areas if s.focus_area in focus_areas])
    call.need_areas.all().delete()
    NeedArea.objects.bulk_create(
        NeedArea(call=call, focus_area=area, position=i, text=text)
        for i, (area, text) in enumerate(need_areas)
        if text.strip()
    )
    return call
