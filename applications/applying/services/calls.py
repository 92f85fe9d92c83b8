from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import Agreement, County, FocusArea, SubArea
from applications.errors import ApplicationError
from applications.models import Call, NeedArea


def closed_call_message(closes_at) -> str:
    return _("The call closed %(closes)s: change its closing time before publishing it.") % {
        "closes": timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M")
    }


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


def call_publish(*, call: Call) -> Call:
    """Publish a draft: from now on the county's applicants see it. A call whose closing
    time has passed is not published (nobody could apply); a published call stays as it is."""
    if not call.is_draft:
        return call
    if call.closes_at <= timezone.now():
        raise ApplicationError(closed_call_message(call.closes_at))
    call.is_draft = False
    call.save(update_fields=["is_draft"])
    return call
