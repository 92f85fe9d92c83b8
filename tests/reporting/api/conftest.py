"""A county with a decided meeting (two grants, one rejection), its payments and deadlines,
and keys of Jämtland Härjedalen and Västmanland to read them with."""

import datetime

import pytest
from django.test import Client

from allocations.models import County, GrantUsage, Repayment, Requisition, UsageKind
from applications.decisions.services.closing import meeting_close
from applications.decisions.services.rulings import Ruling, item_adopt_as_whole
from applications.models import Grant, Outcome
from reporting.api.services import api_token_create
from reporting.models import ApiScope
from tests.applications.decision_view_helpers import agenda, forum_members, three_proposals

ALL_SCOPES = list(ApiScope.values)


@pytest.fixture
def vastmanland(seeded) -> County:
    return County.objects.get(slug="vastmanland")


@pytest.fixture
def decided(in_review, review_round, applicant, coordinator, reviewers, jamtland, seeded):
    """Three proposals (1, 2 and 3 million kr) decided at a closed meeting: the two smaller
    approved as proposed, the largest rejected; a requisition, an invoice and a repayment."""
    proposals = three_proposals(in_review, applicant, coordinator, reviewers)
    meeting, item, lines = agenda(jamtland, seeded, coordinator)
    item_adopt_as_whole(
        item=item,
        user=forum_members()[0],
        exceptions={lines[-1].pk: Ruling(Outcome.REJECTED, motivation="Utanför prioriteringarna")},
    )
    meeting_close(meeting=meeting, user=coordinator)
    area = lines[0].focus_area
    grant = Grant.objects.get(decision=lines[0])
    Requisition.objects.create(
        county=jamtland,
        focus_area=area,
        amount=3_000_000,
        requisitioned_on=datetime.date(2025, 12, 1),
    )
    GrantUsage.objects.create(
        grant=grant, kind=UsageKind.INVOICED, amount=250_000, occurred_on=datetime.date(2025, 6, 1)
    )
    Repayment.objects.create(
        county=jamtland, focus_area=area, amount=40_000, repaid_on=datetime.date(2026, 3, 31)
    )
    return {"proposals": proposals, "meeting": meeting, "lines": lines, "grant": grant}


@pytest.fixture
def key(coordinator, jamtland):
    """`key(scopes, county=…)`: the secret of a new key."""

    def _key(scopes=ALL_SCOPES, county=None) -> str:
        return api_token_create(
            county=county or jamtland, name="Diarium", scopes=scopes, by=coordinator
        )[1]

    return _key


@pytest.fixture
def api():
    """`api(secret).get(url)`: a client sending the key."""

    def _api(secret: str | None) -> Client:
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        return Client(headers=headers)

    return _api
