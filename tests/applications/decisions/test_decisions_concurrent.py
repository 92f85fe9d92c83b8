"""The allocation guard holds when forum members decide at the same moment (PostgreSQL)."""

import os
import threading

import pytest
from django.db import connection, connections

from allocations.models import CountyAllocation
from applications.decisions.services.meetings import agenda_add_item, agenda_add_line
from applications.decisions.services.rulings import (
    Ruling,
    decided_sum,
    decision_rule,
    item_adopt_as_whole,
)
from applications.errors import TransitionRefused
from applications.models import Decision, Outcome
from tests.applications.decision_helpers import open_meeting, user
from tests.services import need

PARALLEL = 8


def _lines(meeting, coordinator, area, organisation, count, amount):
    item = agenda_add_item(meeting=meeting, user=coordinator, heading="Fördelning")
    return item, [
        agenda_add_line(
            item=item,
            user=coordinator,
            focus_area=area,
            title=f"Insats {n}",
            amount=amount,
            responsible_organisation=organisation,
            handling_organisation=organisation,
        )
        for n in range(count)
    ]


def _in_parallel(calls) -> list[BaseException]:
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call) -> None:
        try:
            barrier.wait(timeout=10)
            call()
        except BaseException as exc:  # noqa: BLE001 - inspected by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_decisions_never_exceed_the_allocation(seeded, jamtland, coordinator, ostersund):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    members = [user("forum@jamtland.demo"), user("forum2@jamtland.demo")]
    area4 = seeded.focus_areas.get(number=4)
    allocation = CountyAllocation.objects.get(county=jamtland, focus_area=area4).amount
    # One meeting per paragraph, so that nothing but the allocation lock serialises them;
    # each paragraph of ten lines of 100 000 kr keeps its transaction busy for a while.
    items = []
    for _ in range(PARALLEL):
        meeting = open_meeting(jamtland, seeded, coordinator, members=members)
        items.append(_lines(meeting, coordinator, area4, ostersund, 10, 100_000)[0])

    errors = _in_parallel(
        [
            lambda item=item, n=n: item_adopt_as_whole(item=item, user=members[n % 2])
            for n, item in enumerate(items)
        ]
    )

    approved = Decision.objects.filter(focus_area=area4, outcome=Outcome.APPROVED)
    assert approved.count() == 60  # 6 × 1 000 000 ≤ 6 190 809 < 7 × 1 000 000
    assert len(errors) == 2 and all(isinstance(e, TransitionRefused) for e in errors)
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area4.pk) == 6_000_000 <= allocation

    # What is left (190 809 kr) still takes one more line of 100 000 kr.
    single = Decision.objects.filter(focus_area=area4, outcome=Outcome.PENDING).first()
    decision_rule(decision=single, user=members[0], ruling=Ruling(Outcome.APPROVED))
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area4.pk) == 6_100_000


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_lists_adopted_at_once_cannot_both_fit(seeded, jamtland, coordinator, ostersund):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    members = [user("forum@jamtland.demo"), user("forum2@jamtland.demo")]
    area1 = seeded.focus_areas.get(number=1)  # 4 000 000 kr
    first, _ = _lines(
        open_meeting(jamtland, seeded, coordinator, members=members),
        coordinator,
        area1,
        ostersund,
        3,
        1_000_000,
    )
    second, _ = _lines(
        open_meeting(jamtland, seeded, coordinator, members=members),
        coordinator,
        area1,
        ostersund,
        3,
        1_000_000,
    )

    errors = _in_parallel(
        [
            lambda: item_adopt_as_whole(item=first, user=members[0]),
            lambda: item_adopt_as_whole(item=second, user=members[1]),
        ]
    )

    assert len(errors) == 1 and isinstance(errors[0], TransitionRefused)
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area1.pk) == 3_000_000
