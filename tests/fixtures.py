"""The application fixtures, for every test (imported by tests/conftest.py): the 2025 seed's
Jämtland, an applicant of Östersund, an open call, a complete draft, one in review.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from allocations.models import County, Organisation
from applications.models import Application, BudgetLine, Call, CostKind
from tests.applications.factories import ApplicationFactory, CallFactory


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


@pytest.fixture
def ostersund(seeded) -> Organisation:
    return Organisation.objects.get(name="Östersunds kommun")


@pytest.fixture
def applicant(seeded):
    return get_user_model().objects.get(username="sokande@ostersund.demo")


@pytest.fixture
def coordinator(seeded):
    return get_user_model().objects.get(username="samordnare@jamtland.demo")


@pytest.fixture
def open_call(seeded, jamtland) -> Call:
    return CallFactory(
        county=jamtland,
        agreement=seeded,
        template_text="Beskriv insatsen kort.",
        focus_areas=seeded.focus_areas.filter(number__in=[1, 3, 4]),
        sub_areas=seeded.focus_areas.get(number=1).sub_areas.all(),
    )


def complete_fields(call: Call) -> dict:
    return {
        "contact_name": "Anna Andersson",
        "contact_email": "anna@ostersund.se",
        "focus_area": call.focus_areas.get(number=4),
        "title": "Suicidpreventiv handlingsplan för Östersund",
        "description": "Vi tar fram en lokal handlingsplan.",
        "purpose": "Färre suicid och suicidförsök.",
        "target_group": "Kommunens invånare.",
        "kind": "new",
        "period_start": datetime.date(2025, 4, 1),
        "period_end": datetime.date(2025, 12, 31),
        "amount_requested": 150_000,
    }


@pytest.fixture
def complete_draft(open_call, ostersund, applicant) -> Application:
    application = ApplicationFactory(
        call=open_call, organisation=ostersund, created_by=applicant, **complete_fields(open_call)
    )
    BudgetLine.objects.create(application=application, cost_kind=CostKind.SALARIES, amount=100_000)
    BudgetLine.objects.create(application=application, cost_kind=CostKind.ACTIVITIES, amount=50_000)
    return application


@pytest.fixture
def in_review(complete_draft, applicant, coordinator):
    """A submitted application that has passed the formal check."""
    from applications.applying.services import application_submit
    from applications.models import FormalCheckOutcome
    from applications.review.services import formal_check_record

    application = application_submit(application=complete_draft, user=applicant)
    formal_check_record(
        application=application, user=coordinator, outcome=FormalCheckOutcome.PASSED
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def reviewers(seeded):
    users = get_user_model().objects
    return users.get(username="beredning1@jamtland.demo"), users.get(
        username="beredning2@jamtland.demo"
    )


@pytest.fixture
def review_round(in_review, coordinator, reviewers):
    from applications.review.services import review_round_open

    return review_round_open(
        call=in_review.call,
        user=coordinator,
        members=list(reviewers),
        due_date=datetime.date(2025, 3, 1),
    )
