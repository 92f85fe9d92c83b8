"""The coordinator's pages of the retention schedule: the rules, the holds, the dry run, the
run and its protocol (kept for ever, and downloadable as PDF/A); other counties' coordinators
and applicants are refused."""

import subprocess
import tempfile

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from reporting.models import DisposalLine, DisposalProtocol, LegalHold, RecordClass, RetentionRule
from reporting.retention.services import disposal_run
from tests.applications.documents.test_pdf_archival import assert_archival
from tests.matrix_fixtures import user
from tests.reporting.retention.conftest import APPLICANT, COORDINATOR

pytestmark = pytest.mark.django_db

OTHER_COORDINATOR = "samordnare@vastmanland.demo"


def url(name: str, *args) -> str:
    return reverse(f"reporting:{name}", args=["jamtland", *args])


def test_the_schedule_page_and_a_county_rule(login, records):
    coordinator = login(COORDINATOR)
    page = coordinator.get(url("retention")).content.decode()
    assert "Gallringsplan" in page and "Utkast som aldrig lämnats in" in page
    assert "Begäran om allmän handling" in page  # the hold in force

    reminders = RecordClass.objects.get(code="reminder")
    edit = url("retention_rule_edit", reminders.pk)
    assert coordinator.get(edit).status_code == 200
    response = coordinator.post(edit, {"rule": "years", "keep_years": "5"})
    assert response.status_code == 302
    assert RetentionRule.objects.get(record_class=reminders, county=records.county).keep_years == 5
    assert "5 år" in coordinator.get(url("retention")).content.decode()

    # Who changed the rule, and from what, is kept; so is going back to the service's rule.
    response = coordinator.post(edit, {"rule": "follow"})
    assert response.status_code == 302
    assert not RetentionRule.objects.filter(record_class=reminders, county=records.county).exists()
    history = RetentionRule.audit_log.filter(record_class=reminders, county=records.county)
    assert [(h.history_type, h.keep_years) for h in history.order_by("history_id")] == [
        ("+", 5),
        ("-", 5),
    ]
    assert {h.history_user.email for h in history} == {COORDINATOR}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-3", "Antalet år kan inte vara negativt."),
        ("tre", "Skriv antalet år som ett heltal, till exempel 2."),
        ("1000", "Antalet år kan vara högst 100."),
        ("", "Skriv hur många år handlingarna bevaras."),
    ],
)
def test_an_invalid_number_of_years_is_shown_next_to_the_field(login, records, typed, message):
    coordinator = login(COORDINATOR)
    reminders = RecordClass.objects.get(code="reminder")
    response = coordinator.post(
        url("retention_rule_edit", reminders.pk), {"rule": "years", "keep_years": typed}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'id="error_1_id_keep_years"' in text or "invalid-feedback" in text
    if typed:
        assert f'value="{typed}"' in text  # the input is kept
    assert not RetentionRule.objects.filter(record_class=reminders, county=records.county).exists()


def test_the_decided_class_cannot_be_changed(login, records):
    coordinator = login(COORDINATOR)
    decided = RecordClass.objects.get(code="decided")
    response = coordinator.post(
        url("retention_rule_edit", decided.pk), {"rule": "years", "keep_years": "0"}
    )
    assert response.status_code == 400
    assert "Beslutade ärenden bevaras alltid" in response.content.decode()


def test_a_hold_is_placed_and_released(login, records):
    coordinator = login(COORDINATOR)
    response = coordinator.post(url("legal_hold_new"), {"application": "", "reason": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Välj en ansökan eller en handlingsklass." in text
    assert "Skriv varför handlingarna ska bevaras." in text

    response = coordinator.post(
        url("legal_hold_new"),
        {"application": records.old_withdrawn.pk, "reason": "Överklagande pågår"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(application=records.old_withdrawn)
    preview = coordinator.get(url("retention_preview")).content.decode()
    assert "JH-2021-0001" not in preview
    assert coordinator.post(url("legal_hold_release", hold.pk)).status_code == 302
    hold.refresh_from_db()
    assert hold.released_by.username == COORDINATOR
    again = coordinator.get(url("retention_preview")).content.decode()
    assert "JH-2021-0001" in again, again[again.find("<main") :][:4000]


def test_the_run_from_the_page_refuses_what_a_hold_now_covers(
    login, records, django_capture_on_commit_callbacks
):
    coordinator = login(COORDINATOR)
    preview = coordinator.get(url("retention_preview"))
    text = preview.content.decode()
    assert "Provkörning" in text and "JH-2021-0001" in text
    keys = [k for k in text.split('name="item" value="')[1:]]
    keys = [k.split('"')[0] for k in keys]
    assert f"withdrawn:applications.application:{records.old_withdrawn.pk}" in keys
    count = Application.objects.count()

    LegalHold.objects.create(
        county=records.county,
        application=records.old_withdrawn,
        reason="Överklagande",
        placed_by=user(COORDINATOR),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url("retention_run"), {"item": keys}, follow=True)
    text = response.content.decode()
    assert "Ingenting har gallrats: JH-2021-0001 omfattas av en spärr mot gallring" in text
    assert Application.objects.count() == count
    assert not DisposalProtocol.objects.exists()

    LegalHold.objects.filter(application=records.old_withdrawn).update(released_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(url("retention_run"), {"item": keys})
    protocol = DisposalProtocol.objects.get()
    assert response["Location"] == url("disposal_protocol", protocol.pk)
    page = coordinator.get(response["Location"]).content.decode()
    assert "Gallringsprotokoll" in page and "JH-2021-0001" in page
    assert not Application.objects.filter(pk=records.old_withdrawn.pk).exists()


def test_the_protocol_is_append_only(records, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        protocol = disposal_run(county=records.county, by=user(COORDINATOR))
    line = protocol.lines.first()
    statements = [
        f"UPDATE {DisposalProtocol._meta.db_table} SET run_by_name = 'x' WHERE id = {protocol.pk}",
        f"DELETE FROM {DisposalProtocol._meta.db_table} WHERE id = {protocol.pk}",
        f"UPDATE {DisposalLine._meta.db_table} SET removed = 0 WHERE id = {line.pk}",
        f"DELETE FROM {DisposalLine._meta.db_table} WHERE id = {line.pk}",
    ]
    for statement in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert DisposalLine.objects.filter(pk=line.pk, removed=line.removed).exists()


def test_the_protocol_as_pdf_a(login, records, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        protocol = disposal_run(county=records.county, by=user(COORDINATOR))
    coordinator = login(COORDINATOR)
    response = coordinator.get(url("disposal_protocol_pdf", protocol.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_archival(response.content, title="Gallringsprotokoll")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(response.content)
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    for name in ("Utkast som aldrig lämnats in", "Återkallade ansökningar", "Skickade påminnelser"):
        assert name in text
    assert "JH-2021-0001" in text
    draft = protocol.lines.get(record_class__code="draft")
    assert f"{draft.count_before}" in text and f"{draft.removed}" in text


@pytest.mark.parametrize(
    "name", ["retention", "retention_preview", "legal_hold_new", "retention_rule_edit"]
)
def test_other_counties_and_applicants_are_refused(client, login, records, name):
    args = [RecordClass.objects.get(code="draft").pk] if name == "retention_rule_edit" else []
    other = login(OTHER_COORDINATOR)
    assert other.get(url(name, *args)).status_code == 404
    assert other.post(url("retention_run"), {"item": []}).status_code == 404
    client.logout()
    applicant = login(APPLICANT)
    assert applicant.get(url(name, *args)).status_code == 403
    assert applicant.post(url("retention_run")).status_code == 403
    assert Application.objects.filter(pk=records.old_draft.pk).exists()


def test_another_countys_protocol_is_not_found(login, records, django_capture_on_commit_callbacks):
    other_county = user(OTHER_COORDINATOR).memberships.first().county
    with django_capture_on_commit_callbacks(execute=True):
        theirs = disposal_run(county=other_county, by=user(OTHER_COORDINATOR))
    coordinator = login(COORDINATOR)
    assert coordinator.get(url("disposal_protocol", theirs.pk)).status_code == 404
    assert coordinator.get(url("disposal_protocol_pdf", theirs.pk)).status_code == 404
