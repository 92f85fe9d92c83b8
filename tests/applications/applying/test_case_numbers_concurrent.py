"""Case numbers under parallel submissions: unique and gapless (PostgreSQL row locks)."""

import os
import threading

import pytest
from django.db import connection, connections

from applications.applying.services import application_submit
from applications.models import Application, BudgetLine, CostKind
from tests.services import need

PARALLEL = 8


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_get_unique_gapless_case_numbers(complete_draft, applicant):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    drafts = [complete_draft]
    for _ in range(PARALLEL - 1):
        copy = Application.objects.get(pk=complete_draft.pk)
        copy.pk = None
        copy.save()
        BudgetLine.objects.create(application=copy, cost_kind=CostKind.SALARIES, amount=150_000)
        drafts.append(copy)
    BudgetLine.objects.filter(application=complete_draft).delete()
    BudgetLine.objects.create(
        application=complete_draft, cost_kind=CostKind.SALARIES, amount=150_000
    )

    barrier = threading.Barrier(PARALLEL)
    errors: list[BaseException] = []

    def submit(draft: Application) -> None:
        try:
            barrier.wait(timeout=10)
            application_submit(application=draft, user=applicant)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    numbers = sorted(Application.objects.values_list("case_number", flat=True))
    assert numbers == [f"23-2025-{n:04d}" for n in range(1, PARALLEL + 1)]
