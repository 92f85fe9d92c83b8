"""Where the decision body only recommends, every member gets its adoption case when the
minutes are approved, and records its board's decision once, dated on or after the
recommendation, with a paragraph and its own extract of the minutes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from allocations.models import County, Organisation
from allocations.models.county import DecisionMode
from applications.adoptions.services import AdoptionError, adoption_record
from applications.models import Adoption, AdoptionOutcome
from reporting.models import OutgoingEmail
from tests.applications.decision_helpers import user
from tests.services import need

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ostersund(meeting) -> Adoption:
    return meeting.adoptions.get(member__name="Östersunds kommun")


def _record(adoption, by, **changes):
    fields = dict(
        outcome=AdoptionOutcome.ADOPTED,
        body="municipal_board",
        body_name="Kommunstyrelsen",
        adopted_on=adoption.meeting.held_on + datetime.timedelta(days=1),
        paragraph="§ 42",
        changes="",
        minutes_extract=SimpleUploadedFile("utdrag.pdf", PDF, "application/pdf"),
    )
    fields.update(changes)
    return adoption_record(adoption=adoption, by=by, **fields)


def test_jamtland_recommends_and_its_municipalities_and_region_adopt(jamtland):
    assert jamtland.recommends
    members = Organisation.objects.filter(county=jamtland, is_member=True)
    assert {m.name for m in members} == {
        "Bergs kommun",
        "Bräcke kommun",
        "Härjedalens kommun",
        "Krokoms kommun",
        "Ragunda kommun",
        "Region Jämtland Härjedalen",
        "Strömsunds kommun",
        "Åre kommun",
        "Östersunds kommun",
    }
    assert not County.objects.get(slug="dalarna").recommends


def test_every_member_gets_its_case_when_the_minutes_are_approved(approved):
    adoptions = list(approved.adoptions.order_by("member__name"))
    assert [a.member.name for a in adoptions] == ["Krokoms kommun", "Östersunds kommun"]
    assert {a.due_on for a in adoptions} == {timezone.localdate() + datetime.timedelta(days=30)}
    assert all(a.outcome == AdoptionOutcome.PENDING for a in adoptions)


def test_a_deciding_body_opens_no_adoptions(jamtland, approved):
    # The fixture's county recommends; a county whose body decides gets none.
    from applications.adoptions.services import adoptions_open

    approved.county.decision_mode = DecisionMode.DECISION
    approved.county.save()
    assert adoptions_open(meeting=approved) == []


def test_the_member_records_once_and_bad_input_is_refused_with_a_message(approved, adopter):
    adoption = _ostersund(approved)
    early = approved.held_on - datetime.timedelta(days=1)
    with pytest.raises(AdoptionError) as before:
        _record(adoption, adopter, adopted_on=early)
    assert before.value.field == "adopted_on"
    assert f"före rekommendationen från {approved.held_on.isoformat()}" in before.value.message
    with pytest.raises(AdoptionError) as no_paragraph:
        _record(adoption, adopter, paragraph=" ")
    assert no_paragraph.value.field == "paragraph"
    with pytest.raises(AdoptionError) as no_reason:
        _record(adoption, adopter, outcome=AdoptionOutcome.NOT_ADOPTED)
    assert no_reason.value.field == "changes"
    with pytest.raises(AdoptionError) as no_file:
        _record(adoption, adopter, minutes_extract=None)
    assert no_file.value.field == "minutes_extract"

    recorded = _record(adoption, adopter)
    assert (recorded.outcome, recorded.paragraph, recorded.recorded_by) == (
        AdoptionOutcome.ADOPTED,
        "42",
        adopter,
    )
    assert len(recorded.minutes_extract_sha256) == 64
    with pytest.raises(AdoptionError) as twice:
        _record(adoption, adopter)
    assert "redan registrerat" in twice.value.message


def test_only_the_members_own_people_and_the_coordinator_record(approved, adopter):
    krokom = approved.adoptions.get(member__name="Krokoms kommun")
    with pytest.raises(AdoptionError):
        _record(krokom, adopter)  # another member's case
    with pytest.raises(AdoptionError):
        _record(krokom, user("beredning1@jamtland.demo"))
    assert _record(krokom, user("samordnare@jamtland.demo")).is_adopting


def test_a_recorded_adoption_is_never_changed_in_the_database(approved, adopter):
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    adoption = _record(_ostersund(approved), adopter)
    with pytest.raises(DatabaseError), transaction.atomic():
        Adoption.objects.filter(pk=adoption.pk).update(paragraph="43")
    with pytest.raises(DatabaseError), transaction.atomic():
        Adoption.objects.filter(pk=adoption.pk).delete()


def test_pending_members_are_reminded_before_the_due_date_once_a_week(approved, adopter):
    from applications.adoptions.services import adoption_reminders_send

    adoption = _ostersund(approved)
    today = timezone.localdate()
    assert adoption_reminders_send(today=today) == 0  # due in 30 days: not yet
    close = adoption.due_on - datetime.timedelta(days=10)
    assert adoption_reminders_send(today=close) == 2  # both members
    assert adoption_reminders_send(today=close + datetime.timedelta(days=3)) == 0
    _record(adoption, adopter)
    assert adoption_reminders_send(today=close + datetime.timedelta(days=7)) == 1  # Krokom only
    reminders = [
        m
        for m in OutgoingEmail.objects.all()
        if adopter.email in m.to and m.subject.startswith("Påminnelse")
    ]
    assert [m.subject for m in reminders] == [
        f"Påminnelse: Östersunds kommun beslut ska vara fattat senast {adoption.due_on}"
    ]
