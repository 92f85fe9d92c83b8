"""Parallel reallocations out of one focus area never move more than it has left undecided
(the allocation rows are locked while the amount is checked; PostgreSQL row locks)."""

import os
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections

from allocations.budget.selectors.overview import effective_allocation
from allocations.budget.services import ReallocationRefused, reallocation_record
from allocations.models import County, FocusArea, Reallocation
from tests.services import need

PARALLEL = 6


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_reallocations_stay_within_what_is_undecided(seeded):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    jamtland = County.objects.get(slug="jamtland")
    coordinator = get_user_model().objects.get(username="samordnare@jamtland.demo")
    areas = {a.number: a for a in FocusArea.objects.filter(agreement=seeded)}
    # Area 3 has 2 506 966 kr undecided: each move takes 1 000 000, so two fit, not three.
    # Half the threads move 3 → 4 and half 3 → 1, so the locks are taken in both orders.
    barrier = threading.Barrier(PARALLEL)
    refused: list[ReallocationRefused] = []
    errors: list[BaseException] = []

    def move(target: int) -> None:
        try:
            barrier.wait(timeout=10)
            reallocation_record(
                county=jamtland,
                agreement=seeded,
                from_focus_area=areas[3],
                to_focus_area=areas[target],
                amount=1_000_000,
                reason="Parallellt.",
                reference="§12",
                user=coordinator,
            )
        except ReallocationRefused as exc:
            refused.append(exc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(4 if n % 2 else 1,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Reallocation.objects.count() == 2
    assert len(refused) == PARALLEL - 2
    assert effective_allocation(county_id=jamtland.pk, focus_area_id=areas[3].pk) == 506_966
