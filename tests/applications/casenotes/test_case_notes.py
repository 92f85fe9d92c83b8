"""Internal case notes: written by the county's staff on the application's page, kept
append-only in PostgreSQL itself, and never shown to the applicant."""

import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from pypdf import PdfReader

from applications.models import CaseNote, CaseNoteFinal

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Ringde kontaktpersonen om budgeten, oklart om lönerna"


def _detail(application) -> str:
    return reverse("applications:application_detail", args=[application.pk])


def _add(client, application, text):
    return client.post(reverse("applications:case_note_add", args=[application.pk]), {"text": text})


def test_the_coordinator_writes_a_note_shown_on_the_staff_page(login, in_review):
    client = login("samordnare@jamtland.demo")
    response = _add(client, in_review, SECRET_NOTE)
    assert response.status_code == 302
    page = client.get(_detail(in_review)).content.decode()
    assert SECRET_NOTE in page
    assert "Tjänsteanteckningar" in page
    note = CaseNote.objects.get(application=in_review)
    assert note.author.username == "samordnare@jamtland.demo"
    assert note.audit_log.count() == 1  # in the audit trail


def test_an_empty_note_is_refused_next_to_the_field(login, in_review):
    client = login("samordnare@jamtland.demo")
    response = _add(client, in_review, "   ")
    assert response.status_code == 400
    assert "Skriv anteckningen." in response.content.decode()
    assert not CaseNote.objects.exists()


def test_the_applicant_never_sees_notes_nor_may_write_them(login, in_review, coordinator):
    CaseNote.objects.create(application=in_review, author=coordinator, text=SECRET_NOTE)
    client = login("sokande@ostersund.demo")
    page = client.get(_detail(in_review))
    assert page.status_code == 200
    assert SECRET_NOTE not in page.content.decode()
    assert "Tjänsteanteckningar" not in page.content.decode()
    assert _add(client, in_review, "Från sökanden").status_code == 403
    pdf = client.get(reverse("applications:application_pdf", args=[in_review.pk]))
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert in_review.case_number in text  # the PDF is the application's …
    assert "budgeten" not in text  # … without the notes
    printable = client.get(reverse("applications:application_print", args=[in_review.pk]))
    assert SECRET_NOTE not in printable.content.decode()


def test_another_countys_coordinator_gets_404(login, in_review):
    client = login("samordnare@vastmanland.demo")
    assert _add(client, in_review, "Fel län").status_code == 404
    assert not CaseNote.objects.exists()


def test_a_note_is_never_changed_or_deleted_by_the_orm(in_review, coordinator):
    note = CaseNote.objects.create(application=in_review, author=coordinator, text="Första")
    note.text = "Ändrad"
    with pytest.raises(CaseNoteFinal):
        note.save()
    with pytest.raises(CaseNoteFinal):
        note.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is a PostgreSQL trigger")
def test_postgresql_refuses_a_raw_update_or_delete_of_a_note(in_review, coordinator):
    note = CaseNote.objects.create(application=in_review, author=coordinator, text="Första")
    table = CaseNote._meta.db_table
    for sql in (
        f"UPDATE {table} SET text = 'Ändrad' WHERE id = %s",
        f"DELETE FROM {table} WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [note.pk])
    assert CaseNote.objects.get(pk=note.pk).text == "Första"


# --- the county's change log ------------------------------------------------------------------


def _log_rows(client) -> list[list[str]]:
    import csv

    response = client.get(reverse("applications:county_log", args=["jamtland"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_writing_a_note_is_in_the_countys_log(login, in_review):
    from django.utils import timezone

    client = login("samordnare@jamtland.demo")
    response = client.post(
        reverse("applications:case_note_add", args=[in_review.pk]),
        {"text": SECRET_NOTE},
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302
    rows = [row for row in _log_rows(client) if row[3] == "tjänsteanteckning"]
    assert len(rows) == 1
    at, who, address, _kind, case, change, _fields = rows[0]
    assert who == "samordnare@jamtland.demo" and address == "192.0.2.44"
    assert change == "Skapad"
    assert in_review.case_number and case.startswith(in_review.case_number)
    assert at.startswith(timezone.localtime().strftime("%Y-%m-%d"))


def test_the_log_reads_the_notes_in_a_fixed_number_of_queries(login, in_review, coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("samordnare@jamtland.demo")
    CaseNote.objects.create(application=in_review, author=coordinator, text="Första")

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            rows = _log_rows(client)
        return len(queries), sum(row[3] == "tjänsteanteckning" for row in rows)

    few, notes = count()
    assert notes == 1
    for number in range(5):
        CaseNote.objects.create(application=in_review, author=coordinator, text=f"Nr {number}")
    many, notes = count()
    assert notes == 6 and many == few
