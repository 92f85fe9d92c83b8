"""A submission does not wait for other applicants' open work in the same call: it locks its
own application only. (Under `make load` it locked the call and county rows as well, which
every new draft's foreign keys share-lock, and PostgreSQL found a deadlock.)"""

import os
import threading

import pytest
from django.db import connection, connections, transaction

from applications.models import Application, Status
from applications.services import application_submit
from tests.services import need

WAIT = 10  # seconds: far more than a submission takes


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_submission_goes_through_while_another_draft_is_being_started(complete_draft, applicant):
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    started, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def start_another_draft() -> None:
        """Holds a transaction open that has inserted a draft in the same call and county."""
        try:
            with transaction.atomic():
                # check the foreign keys now, as a commit does: share-locks the call and county
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                other = Application.objects.get(pk=complete_draft.pk)
                other.pk = None
                other.title = "Ett annat utkast"
                other.save()
                started.set()
                release.wait(timeout=WAIT * 2)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def submit() -> None:
        try:
            application_submit(application=complete_draft, user=applicant)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    other = threading.Thread(target=start_another_draft)
    other.start()
    assert started.wait(timeout=WAIT)
    submitting = threading.Thread(target=submit)
    submitting.start()
    submitting.join(timeout=WAIT)
    finished_while_other_open = not submitting.is_alive()
    release.set()
    submitting.join(timeout=WAIT)
    other.join(timeout=WAIT)

    assert errors == []
    assert finished_while_other_open
    assert Application.objects.get(pk=complete_draft.pk).status == Status.SUBMITTED
    assert Application.objects.filter(title="Ett annat utkast", status=Status.DRAFT).exists()
