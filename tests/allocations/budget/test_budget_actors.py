"""The summary per handling organisation reproduces Jämtland's 2025 decision document
(shared/seeds/001_*: "Sammanfattande fördelning per ansvarig aktör som hanterar medlen")."""

import pytest

from allocations.agreements.services import read_seed
from allocations.budget.selectors.actors import handling_summary, responsible_summary
from allocations.budget.selectors.overview import county_budget
from allocations.models import County
from applications.decisions.services.meetings import (
    agenda_add_item,
    agenda_add_line,
    meeting_create,
)
from applications.decisions.services.seed import decision_seed_load
from applications.models import Decision, Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def jamtland(seeded) -> County:
    decision_seed_load(data=read_seed("decision_jamtland_2025.toml"))
    return County.objects.get(slug="jamtland")


def test_the_summary_per_handling_organisation_is_the_documents(jamtland, seeded):
    summary = handling_summary(county=jamtland, agreement=seeded)
    assert [(row.label, row.amount) for row in summary.rows] == [
        ("Kommunförbundet Jämtland Härjedalen", 3_265_000),
        ("Kommunförbundet Jämtland Härjedalen i samverkan med Region Jämtland Härjedalen", 100_000),
        ("Region Jämtland Härjedalen", 3_265_000),
        (
            "Region Jämtland Härjedalen för fortsatt fördelning och nyttjande i samverkan med "
            "Kommunförbundet Jämtland Härjedalen",
            6_067_775,
        ),
    ]
    assert summary.total == 12_697_775
    assert summary.not_final == 0


def test_per_responsible_organisation_with_the_same_total(jamtland, seeded):
    summary = responsible_summary(county=jamtland, agreement=seeded)
    assert summary.total == 12_697_775
    assert sum(row.lines for row in summary.rows) == 18
    names = [row.organisation.name for row in summary.rows]
    assert names == sorted(names) and len(set(names)) == len(names)
    assert all(row.note == "" for row in summary.rows)
    # The budget's decided total is the same figure.
    assert county_budget(county=jamtland, agreement=seeded).total.decided == 12_697_775


def test_lines_of_an_open_meeting_count_but_are_marked_not_final(jamtland, seeded):
    import datetime

    from django.contrib.auth import get_user_model

    coordinator = get_user_model().objects.get(username="samordnare@jamtland.demo")
    # The whole allocation is decided; a rejected line changes nothing, a pending one neither.
    meeting = meeting_create(
        county=jamtland, agreement=seeded, user=coordinator, held_on=datetime.date(2025, 9, 1)
    )
    item = agenda_add_item(meeting=meeting, user=coordinator, heading="Tillägg")
    region = jamtland.administering_organisation
    line = agenda_add_line(
        item=item,
        user=coordinator,
        focus_area=seeded.focus_areas.get(number=4),
        title="Tillägg",
        amount=10_000,
        responsible_organisation=region,
        handling_organisation=region,
        handling_note="i samverkan",
    )
    before = handling_summary(county=jamtland, agreement=seeded)
    Decision.objects.filter(pk=line.pk).update(outcome=Outcome.APPROVED, amount=10_000)
    after = handling_summary(county=jamtland, agreement=seeded)
    assert after.total == before.total + 10_000
    assert after.not_final == 10_000
    row = next(r for r in after.rows if r.note == "i samverkan")
    assert (row.organisation, row.amount, row.not_final) == (region, 10_000, 10_000)
