"""Calls and applications made straight with the ORM, for tests that need one in place."""

import datetime

from django.utils import timezone

from allocations.models import Agreement, County, Organisation
from applications.models import Application, Call


def make_call(county: County, agreement: Agreement, **kw) -> Call:
    """An open call (opened ten days ago, closes in ten) for the agreement's focus areas.

    `focus_areas` (an iterable) replaces the default of every area; other keywords are fields.
    """
    now = timezone.now()
    focus_areas = kw.pop("focus_areas", None)
    fields = {
        "title": f"Länsgemensamma medel {agreement.year}",
        "opens_at": now - datetime.timedelta(days=10),
        "closes_at": now + datetime.timedelta(days=10),
    } | kw
    call = Call.objects.create(county=county, agreement=agreement, **fields)
    call.focus_areas.set(focus_areas if focus_areas is not None else agreement.focus_areas.all())
    return call


def make_application(call: Call, organisation: Organisation, user, **kw) -> Application:
    """A draft in `call` for `organisation`, created by `user`; keywords set any field."""
    return Application.objects.create(
        county=call.county, call=call, organisation=organisation, created_by=user, **kw
    )
