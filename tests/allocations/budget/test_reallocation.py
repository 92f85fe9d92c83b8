"""Reallocation: money left undecided in one focus area moved to another by a decision."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from allocations.budget.selectors.overview import county_budget, effective_allocation
from allocations.budget.services import ReallocationRefused, reallocation_record
from allocations.models import County, FocusArea, Reallocation
from applications.decisions.services.rulings import decided_sum
from applications.models import AgendaItem, Decision, Outcome
from tests.allocations.budget.budget_data import MOVED, build_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


def area(number: int) -> FocusArea:
    return FocusArea.objects.get(agreement__year=2025, number=number)


def user(email: str):
    return get_user_model().objects.get(username=email)


def move(jamtland, seeded, amount, *, frm=4, to=3, who="samordnare@jamtland.demo", **kw):
    kw.setdefault("reference", "§12 SVOM 2025-05-02")
    return reallocation_record(
        county=jamtland,
        agreement=seeded,
        from_focus_area=area(frm),
        to_focus_area=area(to),
        amount=amount,
        reason="Mer behov av stöd vid samsjuklighet.",
        user=user(who),
        **kw,
    )


def test_a_reallocation_moves_the_effective_allocation(jamtland, seeded):
    move(jamtland, seeded, 190_809)
    assert effective_allocation(county_id=jamtland.pk, focus_area_id=area(4).pk) == 6_000_000
    assert effective_allocation(county_id=jamtland.pk, focus_area_id=area(3).pk) == 2_697_775
    assert effective_allocation(county_id=jamtland.pk, focus_area_id=area(2).pk) == 0
    budget = county_budget(county=jamtland, agreement=seeded)
    assert budget.total.allocated == 12_697_775  # moved within the county, nothing lost
    area3 = next(a for a in budget.areas if a.focus_area.number == 3)
    assert [(m.amount, m.other_area.number, m.label) for m in area3.moves] == [
        (190_809, 4, "§12 SVOM 2025-05-02")
    ]


def test_never_more_than_what_is_left_undecided(jamtland, seeded):
    year = build_year(jamtland, seeded, grants=30)
    undecided = effective_allocation(county_id=jamtland.pk, focus_area_id=area(4).pk) - decided_sum(
        county_id=jamtland.pk, focus_area_id=area(4).pk
    )
    assert undecided > 0
    with pytest.raises(ReallocationRefused) as refused:
        move(jamtland, seeded, undecided + 1)
    assert "amount" in refused.value.problems
    assert f"{undecided:,} kr".replace(",", " ") in refused.value.problems["amount"][0]
    reallocation = move(jamtland, seeded, undecided, decided_in=None)
    assert reallocation.amount == undecided
    # Nothing is left undecided in area 4 now; the earlier reallocation into it stays.
    assert Reallocation.objects.filter(county=jamtland).count() == 2
    assert year.reallocation.amount == MOVED
    with pytest.raises(ReallocationRefused):
        move(jamtland, seeded, 1)


def test_money_freed_by_a_correction_can_be_moved(jamtland, seeded):
    year = build_year(jamtland, seeded, grants=30)
    # The open meeting holds a pending correction of a grant; deciding it (here: rejected)
    # frees the grant's money in its area, and only then can it be moved.
    correction = Decision.objects.get(item__meeting=year.open_meeting, corrects__isnull=False)
    source = correction.focus_area
    target = 3 if source.number == 4 else 4
    freed = correction.corrects.amount
    undecided = effective_allocation(county_id=jamtland.pk, focus_area_id=source.pk) - decided_sum(
        county_id=jamtland.pk, focus_area_id=source.pk
    )
    with pytest.raises(ReallocationRefused):
        move(jamtland, seeded, undecided + freed, frm=source.number, to=target)
    Decision.objects.filter(pk=correction.pk).update(outcome=Outcome.REJECTED, motivation="Ej.")
    move(jamtland, seeded, undecided + freed, frm=source.number, to=target)
    budget = county_budget(county=jamtland, agreement=seeded)
    row = next(a for a in budget.areas if a.focus_area == source).row.figures
    assert row.remaining == 0
    chains = [c for f, c in budget.correction_chains if c.first.paragraph.startswith("§9")]
    assert any(
        c.steps[-1].paragraph == "§1 2025-09-01" and not c.steps[-1].is_final for c in chains
    )


def test_the_decision_is_named(jamtland, seeded):
    with pytest.raises(ReallocationRefused) as refused:
        move(jamtland, seeded, 1_000, reference="")
    assert "decided_in" in refused.value.problems
    year = build_year(County.objects.get(slug="dalarna"), seeded, grants=6)
    other_county = AgendaItem.objects.filter(meeting__county=year.county).first()
    with pytest.raises(ReallocationRefused) as refused:
        move(jamtland, seeded, 1_000, reference="", decided_in=other_county)
    assert "decided_in" in refused.value.problems


def test_only_between_two_areas_with_allocations(jamtland, seeded):
    with pytest.raises(ReallocationRefused) as refused:
        move(jamtland, seeded, 1_000, to=2)  # area 2 carries no county-joint funds
    assert "to_focus_area" in refused.value.problems
    with pytest.raises(ReallocationRefused) as refused:
        move(jamtland, seeded, 1_000, to=4)
    assert "to_focus_area" in refused.value.problems
    with pytest.raises(ReallocationRefused):
        move(jamtland, seeded, 0)


def test_only_the_coordinator_records_it(jamtland, seeded):
    for who in ("forum@jamtland.demo", "beredning1@jamtland.demo", "samordnare@dalarna.demo"):
        with pytest.raises(PermissionDenied):
            move(jamtland, seeded, 1_000, who=who)
    assert not Reallocation.objects.exists()


def test_the_coordinator_records_it_on_the_budget_page(login, client, jamtland, seeded):
    url = reverse("allocations:reallocation_create", args=["jamtland", 2025])
    coordinator = login("samordnare@jamtland.demo")
    assert coordinator.get(url).status_code == 200
    data = {
        "from_focus_area": area(4).pk,
        "to_focus_area": area(1).pk,
        "amount": "7 000 000",
        "reference": "§12 SVOM",
        "reason": "Behov.",
    }
    response = coordinator.post(url, data)
    assert response.status_code == 200  # more than the area has: the error is on the form
    assert "6 190 809 kr" in response.content.decode()
    assert not Reallocation.objects.exists()
    response = coordinator.post(url, {**data, "amount": "190 809"})
    assert response.status_code == 302
    assert effective_allocation(county_id=jamtland.pk, focus_area_id=area(1).pk) == 4_190_809
    client.logout()
    assert login("forum@jamtland.demo").get(url).status_code == 403


def test_the_decision_guard_decides_within_the_effective_allocation(jamtland, seeded):
    from applications.decisions.services.meetings import (
        agenda_add_item,
        agenda_add_line,
        meeting_create,
    )
    from applications.decisions.services.rulings import Ruling, decision_rule
    from applications.errors import TransitionRefused

    coordinator = user("samordnare@jamtland.demo")
    move(jamtland, seeded, 1_000_000)  # area 4 keeps 5 190 809
    import datetime

    meeting = meeting_create(
        county=jamtland, agreement=seeded, user=coordinator, held_on=datetime.date(2025, 6, 1)
    )
    item = agenda_add_item(meeting=meeting, user=coordinator, heading="Tillägg")
    region = jamtland.administering_organisation
    line = agenda_add_line(
        item=item,
        user=coordinator,
        focus_area=area(4),
        title="Stor insats",
        amount=6_000_000,
        responsible_organisation=region,
        handling_organisation=region,
    )
    with pytest.raises(TransitionRefused):
        decision_rule(decision=line, user=coordinator, ruling=Ruling(Outcome.APPROVED))
