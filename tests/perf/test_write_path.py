"""The applicant's write path within its query budget, through the real views: an autosave
runs at most 6 statements, a submission from the edit form at most 20 (session, user,
permission, the locked row, the writes, their history and audit rows, the case number, the
outbox rows of the receipt and the coordinators' notification). Transaction control (BEGIN,
SAVEPOINT, COMMIT) is not counted: it is no query of the data. The budgets are PostgreSQL's,
the production database, whose arrays bring an application's parts in its own row; the
embedded SQLite reads them in a few queries more."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Status
from tests.applications.applying.test_views_applicant import form_data
from tests.services import need

pytestmark = pytest.mark.django_db

AUTOSAVE_BUDGET = 6
SUBMISSION_BUDGET = 20
_CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT|BEGIN|COMMIT)\b")


def statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if not _CONTROL.match(q["sql"])]


def test_an_autosave_runs_within_its_budget(login, complete_draft):
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    client = login("sokande@ostersund.demo")
    url = reverse("applications:autosave", args=[complete_draft.pk])
    data = form_data(complete_draft.call, title="Första", revision="0")
    assert client.post(url, data).status_code == 200  # the lines are written once

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {**data, "title": "Andra", "revision": "1"})

    assert response.status_code == 200 and response.json()["revision"] == 2
    run = statements(queries)
    assert len(run) <= AUTOSAVE_BUDGET, "\n".join(run)
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Andra"


def test_a_submission_runs_within_its_budget(login, complete_draft):
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    client = login("sokande@ostersund.demo")
    url = reverse("applications:application_edit", args=[complete_draft.pk])
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, form_data(complete_draft.call, submit=""))

    assert response.status_code == 302
    run = statements(queries)
    assert len(run) <= SUBMISSION_BUDGET, "\n".join(run)
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.SUBMITTED and complete_draft.case_number
