"""What was decided, and the audit trail, cannot be changed behind the application's back.

PostgreSQL refuses a raw UPDATE or DELETE of a decision of a closed meeting, of a meeting
whose minutes are approved, of a finished document and of any history row; anonymising a
person (the one sanctioned rewrite) still reaches every row that names them.
"""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.services import person_anonymise
from allocations.agreements.services import read_seed
from allocations.models import Membership, Organisation, Role
from applications.applying.services import application_submit
from applications.decisions.services.seed import decision_seed_load
from applications.models import (
    AgendaItem,
    Application,
    BudgetLine,
    CostKind,
    Decision,
    DecisionMeeting,
    DocumentKind,
    GeneratedDocument,
    JobState,
    MeetingState,
    StatusChange,
)
from reporting.models import OutgoingEmail, ProblemReport
from tests.fixtures import complete_fields
from tests.services import need

pytestmark = pytest.mark.django_db


def on_postgresql() -> None:
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")


def refused(sql: str, params=()) -> bool:
    """Whether the database refuses the statement (run in a savepoint of its own)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError:
        return True
    return False


@pytest.fixture
def decided(seeded):
    """Jämtland's 2025 decision meeting, its minutes approved."""
    decision_seed_load(data=read_seed("decision_jamtland_2025.toml"))
    return DecisionMeeting.objects.get()


def test_a_decision_of_a_decided_meeting_refuses_update_and_delete(decided):
    on_postgresql()
    decision = Decision.objects.filter(item__meeting=decided).first()
    table = Decision._meta.db_table
    assert refused(f"UPDATE {table} SET position = position + 1 WHERE id = %s", [decision.pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [decision.pk])
    item = decision.item
    assert refused(
        f"UPDATE {AgendaItem._meta.db_table} SET heading = 'Ändrad' WHERE id = %s", [item.pk]
    )
    assert Decision.objects.filter(pk=decision.pk, position=decision.position).exists()


def test_a_meeting_with_approved_minutes_cannot_be_changed_reopened_or_deleted(decided):
    on_postgresql()
    table = DecisionMeeting._meta.db_table
    assert refused(f"UPDATE {table} SET place = 'Annanstans' WHERE id = %s", [decided.pk])
    assert refused(f"UPDATE {table} SET state = 'open' WHERE id = %s", [decided.pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [decided.pk])
    decided.refresh_from_db()
    assert decided.state == MeetingState.MINUTES_APPROVED


def test_an_open_meeting_is_still_worked_on_and_a_closed_one_never_reopens(decided):
    on_postgresql()
    table = DecisionMeeting._meta.db_table
    meeting = DecisionMeeting.objects.create(
        county=decided.county,
        agreement=decided.agreement,
        held_on=datetime.date(2025, 9, 1),
        first_paragraph=20,
    )
    assert not refused(f"UPDATE {table} SET place = 'Östersund' WHERE id = %s", [meeting.pk])
    item = AgendaItem.objects.create(meeting=meeting, number=20, heading="Ansökningar")
    assert not refused(
        f"UPDATE {AgendaItem._meta.db_table} SET heading = 'Ansökningar hösten' WHERE id = %s",
        [item.pk],
    )
    assert not refused(f"UPDATE {table} SET state = 'closed' WHERE id = %s", [meeting.pk])
    assert refused(f"UPDATE {table} SET state = 'open' WHERE id = %s", [meeting.pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [meeting.pk])


def test_a_finished_document_is_never_changed_or_deleted(decided):
    on_postgresql()
    document = GeneratedDocument(
        kind=DocumentKind.DECISION_DOCUMENT, meeting=decided, version=1, state=JobState.DONE
    )
    document.file.save("beslut.pdf", ContentFile(b"%PDF-1.7\n"))
    table = GeneratedDocument._meta.db_table
    assert refused(f"UPDATE {table} SET sha256 = 'forged' WHERE id = %s", [document.pk])
    assert refused(f"DELETE FROM {table} WHERE id = %s", [document.pk])
    # A document still being made moves on as usual.
    running = GeneratedDocument.objects.create(
        kind=DocumentKind.DECISION_DOCUMENT, meeting=decided, version=2, state=JobState.RUNNING
    )
    assert not refused(f"UPDATE {table} SET state = 'done' WHERE id = %s", [running.pk])


def test_history_and_status_changes_are_append_only(decided, in_review):
    on_postgresql()
    history = Organisation.audit_log.model
    assert history.objects.exists()
    row = history.objects.first()
    assert refused(
        f"UPDATE {history._meta.db_table} SET name = 'Förfalskad' WHERE history_id = %s",
        [row.history_id],
    )
    assert refused(f"DELETE FROM {history._meta.db_table}")
    assert StatusChange.objects.exists()
    assert refused(f"UPDATE {StatusChange._meta.db_table} SET to_status = 'granted'")
    assert refused(f"DELETE FROM {StatusChange._meta.db_table}")
    assert history.objects.filter(pk=row.pk, name=row.name).exists()


# --- anonymisation reaches every row ---------------------------------------------------

NAME = ("Zebulon", "Öqvistsson")
EMAIL = "zebulon.oqvistsson@ostersund.se"


def texts_in_database(needle: str) -> list[str]:
    """Every table.column of the whole database holding the text (as stored, or escaped as
    a JSON string stores it), searched past the ORM."""
    escaped = needle.encode("unicode_escape").decode()
    variants = {needle, needle.lower(), escaped, escaped.lower()}
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                for variant in variants:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                        f"WHERE CAST({name} AS TEXT) LIKE %s "
                        f"OR LOWER(CAST({name} AS TEXT)) LIKE %s",
                        [f"%{variant}%"] * 2,
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name}")
    return sorted(set(found))


@pytest.fixture
def person(jamtland, ostersund, open_call, django_capture_on_commit_callbacks, monkeypatch):
    """An applicant who wrote and submitted an application naming themselves as contact,
    got its receipt by e-mail, reported a problem and changed their own name once."""
    user = get_user_model().objects.create_user(
        username=EMAIL, email=EMAIL, first_name="Zeb", last_name=NAME[1], password="x" * 12
    )
    user.first_name = NAME[0]
    user.save()
    Membership.objects.create(
        user=user, county=jamtland, role=Role.APPLICANT, organisation=ostersund
    )
    fields = complete_fields(open_call) | {
        "contact_name": " ".join(NAME),
        "contact_email": EMAIL,
        "description": f"Projektledare är {' '.join(NAME)} ({EMAIL}).",
    }
    application = Application.objects.create(
        county=jamtland, call=open_call, organisation=ostersund, created_by=user, **fields
    )
    BudgetLine.objects.create(application=application, cost_kind=CostKind.SALARIES, amount=150_000)
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the receipt, in-process
    with django_capture_on_commit_callbacks(execute=True):
        application_submit(application=application, user=user)  # and e-mail the receipt
    ProblemReport.objects.create(reporter=user, email=EMAIL, description="Sidan laddar inte.")
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        action_time=timezone.now(),
    )
    return user


def test_anonymising_a_person_leaves_their_name_and_address_nowhere_in_the_database(
    person, coordinator, jamtland
):
    full_name = " ".join(NAME)
    assert OutgoingEmail.objects.filter(subject__isnull=False).exists()  # the receipt
    before = texts_in_database(EMAIL)
    assert "auth_user.email" in before and len(before) > 4  # the search does find them
    assert texts_in_database(full_name)

    person_anonymise(county=jamtland, person=person, by=coordinator)

    for needle in (EMAIL, full_name, NAME[1]):
        assert texts_in_database(needle) == [], needle
    # The record itself stays: the application, its history and its submission.
    application = Application.objects.get(created_by=person)
    assert application.case_number and application.contact_name.startswith("Anonymiserad")
    assert StatusChange.objects.filter(application=application, by=person).exists()
