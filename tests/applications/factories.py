"""Calls and applications for tests that need one in place (factory-boy): an open call of a
county's agreement year, a draft of an organisation in it. Keywords set any field."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from allocations.models import Agreement, County, Organisation
from applications.models import Application, Call


class CallFactory(DjangoModelFactory):
    """An open call (opened ten days ago, closes in ten). `focus_areas` and `sub_areas`
    (iterables) set its areas; by default every focus area of the agreement, no sub-area."""

    class Meta:
        model = Call
        skip_postgeneration_save = True  # the hooks set relations only

    title = factory.LazyAttribute(lambda call: f"Länsgemensamma medel {call.agreement.year}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))

    @factory.post_generation
    def focus_areas(call, create, extracted, **kwargs):
        call.focus_areas.set(
            extracted if extracted is not None else call.agreement.focus_areas.all()
        )

    @factory.post_generation
    def sub_areas(call, create, extracted, **kwargs):
        if extracted is not None:
            call.sub_areas.set(extracted)


class ApplicationFactory(DjangoModelFactory):
    """A draft in `call`, of the call's county."""

    class Meta:
        model = Application

    county = factory.LazyAttribute(lambda application: application.call.county)


def make_call(county: County, agreement: Agreement, **kw) -> Call:
    return CallFactory(county=county, agreement=agreement, **kw)


def make_application(call: Call, organisation: Organisation, user, **kw) -> Application:
    return ApplicationFactory(call=call, organisation=organisation, created_by=user, **kw)
