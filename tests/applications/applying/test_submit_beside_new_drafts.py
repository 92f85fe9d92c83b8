"""Writes that lock a row do not wait for other applicants' open work in the same county: a
submission locks its own application only, and the county's settings services lock the
county's row without blocking foreign-key checks. (Under `make load` a submission locked the
call and county rows as well, which every new draft's foreign keys share-lock, and
PostgreSQL found a deadlock.)"""

import contextlib
import os
import threading
from collections.abc import Callable, Iterator

import pytest
from django.db import connection, connections, transaction

from allocations.followup.services import grant_status_create
from applications.applying.services import application_submit
from applications.models import Application, Status
from tests.services import need

WAIT = 10  # seconds: far more than any of these writes takes

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@contextlib.contextmanager
def a_new_draft_open(draft: Application) -> Iterator[None]:
    """A transaction in another connection that has inserted a draft beside `draft` (same
    call, county and organisation) and checked its foreign keys, as a commit does: it holds
    share locks on those rows until the block ends, then commits."""
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    started, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                other = Application.objects.get(pk=draft.pk)
                other.pk = None
                other.title = "Ett annat utkast"
                other.save()
                started.set()
                release.wait(timeout=WAIT * 2)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert started.wait(timeout=WAIT)
    try:
        yield
    finally:
        release.set()
        holder.join(timeout=WAIT)
    assert errors == []


def finishes_alone(write: Callable[[], object]) -> bool:
    """Runs `write` in its own connection: did it finish within WAIT seconds?"""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            write()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=WAIT)
    finished = not thread.is_alive()
    thread.join(timeout=WAIT * 3)
    assert errors == []
    return finished


def test_a_submission_goes_through_while_another_draft_is_being_started(complete_draft, applicant):
    with a_new_draft_open(complete_draft):
        assert finishes_alone(
            lambda: application_submit(application=complete_draft, user=applicant)
        )
    assert Application.objects.get(pk=complete_draft.pk).status == Status.SUBMITTED
    assert Application.objects.filter(title="Ett annat utkast", status=Status.DRAFT).exists()


def test_a_follow_up_status_is_added_while_a_draft_is_being_started(complete_draft, coordinator):
    with a_new_draft_open(complete_draft):
        assert finishes_alone(
            lambda: grant_status_create(
                county=complete_draft.county,
                by=coordinator,
                name="Pausad under utredning",
                money_at_risk=False,
            )
        )
    assert complete_draft.county.grant_status_options.filter(name="Pausad under utredning").exists()
