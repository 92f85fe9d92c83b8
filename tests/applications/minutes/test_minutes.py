"""The full minutes (protokoll) of a decision meeting: its content read back from the PDF,
made and signed (PAdES) by itself when the minutes are approved, the signature checked where
the minutes are listed and downloaded, and the county's appeal instructions on the minutes,
the decision letters and the decision e-mails."""

import hashlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from allocations.models import Organisation
from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.meetings import agenda_add_item, agenda_add_line
from applications.decisions.services.rulings import (
    Ruling,
    decision_rule,
    item_adopt_as_whole,
    member_not_participating,
)
from applications.documents.services import document_request
from applications.documents.signing import pdf_signature_check
from applications.errors import TransitionRefused
from applications.models import DocumentKind, GeneratedDocument, JobState, Outcome
from reporting.models import MailKind, OutgoingEmail
from tests.applications.decision_helpers import meeting_with_proposals, proposed, user

pytestmark = pytest.mark.django_db

PANEL = "applications/decisions/documents/_panel.html"
APPEAL = (
    "Beslutet kan överklagas hos förvaltningsrätten i Härnösand inom tre veckor "
    "från justeringen. Skriv till SVOM:s kansli."
)


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def certificate(settings, tmp_path):
    """The installation's signing certificate: a demo pair made by the command."""
    settings.SIGNING_CERTIFICATE = str(tmp_path / "signing" / "certificate.pem")
    settings.SIGNING_KEY = str(tmp_path / "signing" / "key.pem")
    settings.SIGNING_KEY_PASSPHRASE = "hemligt-lösen"
    call_command("signing_certificate_create", common_name="SVOM justering (test)")
    return settings.SIGNING_CERTIFICATE


@pytest.fixture
def no_certificate(settings, tmp_path):
    settings.SIGNING_CERTIFICATE = ""
    settings.SIGNING_KEY = str(tmp_path / "missing.pem")


@pytest.fixture
def forum(seeded):
    chair, approver = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    chair.first_name, chair.last_name = "Anna", "Ordförande"
    approver.first_name, approver.last_name = "Bo", "Justerare"
    chair.save()
    approver.save()
    return chair, approver


@pytest.fixture
def meeting(review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded, forum):
    """§9: two of Östersund's applications (one approved, one approved in part where the
    approver took no part); §10: a coordinator post without an application, 1 050 000 kr."""
    jamtland.appeal_instructions = APPEAL
    jamtland.save()
    area4 = in_review.call.focus_areas.get(number=4)
    for amount in (1_000_000, 2_000_000):
        proposed(
            in_review,
            applicant,
            coordinator,
            reviewers,
            amount=amount,
            focus_area=area4,
            title=f"Suicidprevention i skolan {amount}",
        )
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    first, second = sorted(item.decisions.all(), key=lambda d: d.proposed_amount)
    member_not_participating(decision=second, user=coordinator, member=forum[1])
    item_adopt_as_whole(
        item=item,
        user=forum[0],
        exceptions={
            second.pk: Ruling(
                Outcome.APPROVED_IN_PART, amount=1_500_000, motivation="Ryms inte helt."
            )
        },
    )
    post = agenda_add_item(meeting=meeting, user=coordinator, heading="Länssamordnare 2025")
    line = agenda_add_line(
        item=post,
        user=coordinator,
        focus_area=seeded.focus_areas.get(number=1),
        title="Länssamordnare psykisk hälsa",
        amount=1_050_000,
        responsible_organisation=Organisation.objects.get(
            county=jamtland, name="Kommunförbundet Jämtland Härjedalen"
        ),
        handling_organisation=Organisation.objects.get(
            county=jamtland, name="Kommunförbundet Jämtland Härjedalen"
        ),
    )
    decision_rule(decision=line, user=forum[0], ruling=Ruling(Outcome.APPROVED))
    first.refresh_from_db()
    second.refresh_from_db()
    return meeting, first, second


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    return text.replace("\u2010 ", "")  # words hyphenated in narrow columns, joined again


def stored(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as f:
        return f.read()


def release(meeting, coordinator, forum, capture) -> GeneratedDocument:
    """Close the meeting and approve its minutes (chair, then approver), running what is
    enqueued after each commit; the minutes the approval asked for."""
    meeting_close(meeting=meeting, user=coordinator)
    with capture(execute=True):
        minutes_approve(meeting=meeting, user=forum[0])
    with capture(execute=True):
        minutes_approve(meeting=meeting, user=forum[1])
    return GeneratedDocument.objects.get(meeting=meeting, kind=DocumentKind.MINUTES)


def render_panel(meeting, viewer) -> str:
    request = RequestFactory().get("/lan/jamtland/beslut/sammantraden/1/")
    request.user = viewer
    template = engines["django"].from_string('{% include "' + PANEL + '" with meeting=meeting %}')
    return template.render({"meeting": meeting}, request)


# --- the minutes' content -------------------------------------------------------------------


def test_the_minutes_hold_attendance_every_paragraph_jav_justering_and_the_appeal(
    meeting, coordinator, forum, certificate, django_capture_on_commit_callbacks
):
    meeting, first, second = meeting
    minutes = release(meeting, coordinator, forum, django_capture_on_commit_callbacks)
    assert minutes.state == JobState.DONE, minutes.error
    assert minutes.download_name == "minutes-2025-03-14-v1.pdf"
    assert minutes.requested_by == forum[1]  # the last approval asked for them
    text = text_of(stored(minutes))

    assert "Protokoll – SVOM 2025-03-14" in text
    assert "Jämtland Härjedalen" in text and "Östersund, Regionens hus" in text
    assert "Närvaro Närvarande ledamöter Bo Justerare, Anna Ordförande" in text  # by surname
    # Every paragraph, in agenda order, with its decided lines to the krona.
    assert text.index("§9 ") < text.index("§10 Länssamordnare 2025")
    assert "§9–§10" in text
    for case in (first.application.case_number, second.application.case_number):
        assert case in text
    assert "Östersunds kommun" in text  # the applicant
    for amount in ("1 000 000 kr", "2 000 000 kr", "1 500 000 kr", "1 050 000 kr"):
        assert amount in text, amount
    assert "2 500 000 kr" in text  # granted in §9
    assert "3 550 000 kr" in text  # granted at the meeting
    assert "Delvis beviljad" in text and "Beviljad" in text
    # Jäv: the approver took no part in the second line of §9; nobody in §10.
    case = re.escape(second.application.case_number)
    assert re.search(rf"Bo Justerare deltar inte i beslutet om {case} på grund av jäv", text)
    assert "Ingen ledamot anmälde jäv i paragrafen." in text
    # Justering: both names with the day they approved.
    meeting.refresh_from_db()
    day = timezone.localdate(meeting.approver_approved_at).isoformat()
    assert re.search(rf"Ordförande Anna Ordförande, justerat {day}", text)
    assert re.search(rf"Justerare Bo Justerare, justerat {day}", text)
    assert text.rstrip().split("Så överklagar du")[-1].strip().startswith(APPEAL[:60])


def test_minutes_made_before_approval_are_preliminary_and_unsigned(
    meeting, coordinator, certificate, django_capture_on_commit_callbacks
):
    meeting, first, second = meeting
    with django_capture_on_commit_callbacks(execute=True):
        draft = document_request(meeting=meeting, kind=DocumentKind.MINUTES, user=coordinator)
    draft.refresh_from_db()
    assert draft.state == JobState.DONE and draft.signed_at is None
    text = text_of(stored(draft))
    assert "Preliminärt: protokollet är inte justerat än." in text
    assert "Anna Ordförande, inte justerat ännu" in text  # in the justering as well
    assert not PdfReader(io.BytesIO(stored(draft))).trailer["/Root"].get("/AcroForm")
    html = render_panel(meeting, coordinator)
    assert "Inte signerat: protokollet var inte justerat när versionen gjordes." in html
    with pytest.raises(TransitionRefused):
        document_request(
            meeting=meeting, kind=DocumentKind.MINUTES, user=coordinator, item=first.item
        )
    with pytest.raises(TransitionRefused):
        document_request(
            meeting=meeting, kind=DocumentKind.MINUTES, user=user("beredning1@jamtland.demo")
        )


# --- signing ---------------------------------------------------------------------------------


def test_approved_minutes_are_signed_over_the_whole_file_and_a_changed_byte_breaks_it(
    meeting, coordinator, forum, certificate, django_capture_on_commit_callbacks
):
    meeting, *_ = meeting
    minutes = release(meeting, coordinator, forum, django_capture_on_commit_callbacks)
    content = stored(minutes)
    assert minutes.signed_at is not None
    assert "SVOM justering (test)" in minutes.signed_by_certificate
    assert minutes.sha256 == hashlib.sha256(content).hexdigest()  # of the signed file
    assert minutes.size == len(content)

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from applications.documents.signing import _trust_root

    (signature,) = PdfFileReader(io.BytesIO(content)).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[_trust_root()]))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    check = pdf_signature_check(content=content)
    assert check.valid and check.signer == "SVOM justering (test)"

    # One byte changed inside the signed range (in the rendered minutes).
    changed = bytearray(content)
    position = content.index(b"/Producer") + 2
    changed[position] ^= 0x01
    assert not pdf_signature_check(content=bytes(changed)).valid
    # The same file signed by someone else's certificate is not trusted here.
    call_command("signing_certificate_create", "--force", common_name="Någon annan")
    assert not pdf_signature_check(content=content).valid


def test_the_panel_and_the_download_say_whether_the_signature_holds(
    login, meeting, coordinator, forum, certificate, django_capture_on_commit_callbacks
):
    meeting, *_ = meeting
    minutes = release(meeting, coordinator, forum, django_capture_on_commit_callbacks)
    client = login("samordnare@jamtland.demo")
    page = client.get(
        reverse("applications:decision_documents_status", args=["jamtland", meeting.pk])
    )
    html = page.content.decode()
    day = timezone.localdate(minutes.signed_at).isoformat()
    assert f"Signaturen är giltig – signerad av SVOM justering (test), {day}" in html
    url = reverse("applications:decision_document_download", args=["jamtland", minutes.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["X-Signature-Status"] == "valid"
    assert b"".join(response.streaming_content) == stored(minutes)

    # The stored file is changed behind the application's back.
    content = bytearray(stored(minutes))
    content[content.index(b"/Producer") + 2] ^= 0x01
    storage, name = minutes.file.storage, minutes.file.name
    storage.delete(name)
    assert storage.save(name, ContentFile(bytes(content))) == name
    response = client.get(url)
    assert response.status_code == 200 and response["X-Signature-Status"] == "invalid"
    page = client.get(
        reverse("applications:decision_documents_status", args=["jamtland", meeting.pk])
    )
    html = page.content.decode()
    assert "Varning: signaturen är inte giltig." in html
    assert "Filen har ändrats efter att den signerades." in html
    assert "minutes-2025-03-14-v1.pdf" in html  # the download's warning, on the next page


def test_without_a_certificate_the_minutes_are_made_unsigned_and_say_so(
    login, meeting, coordinator, forum, no_certificate, django_capture_on_commit_callbacks
):
    meeting, *_ = meeting
    minutes = release(meeting, coordinator, forum, django_capture_on_commit_callbacks)
    assert minutes.state == JobState.DONE, minutes.error
    assert minutes.signed_at is None and minutes.signed_by_certificate == ""
    client = login("forum@jamtland.demo")
    page = client.get(
        reverse("applications:decision_documents_status", args=["jamtland", meeting.pk])
    )
    assert page.status_code == 200
    assert "Inte signerat: inget certifikat för signering är konfigurerat." in page.content.decode()
    url = reverse("applications:decision_document_download", args=["jamtland", minutes.pk])
    response = client.get(url)
    assert response.status_code == 200 and "X-Signature-Status" not in response


def test_the_minutes_are_for_the_county_only(
    client, login, meeting, coordinator, forum, no_certificate, django_capture_on_commit_callbacks
):
    meeting, *_ = meeting
    minutes = release(meeting, coordinator, forum, django_capture_on_commit_callbacks)

    def status(email, slug="jamtland"):
        client.logout()
        url = reverse("applications:decision_document_download", args=[slug, minutes.pk])
        return login(email).get(url).status_code

    assert status("forum2@jamtland.demo") == 200
    assert status("samordnare@jamtland.demo") == 200
    assert status("sokande@ostersund.demo") == 404  # applicants get their letters only
    assert status("beredning1@jamtland.demo") == 404
    assert status("samordnare@dalarna.demo") == 404
    assert status("samordnare@dalarna.demo", slug="dalarna") == 404


# --- appeal instructions on letters and e-mails ---------------------------------------------


def test_the_letter_and_the_decision_email_tell_how_to_appeal(
    meeting, coordinator, forum, no_certificate, django_capture_on_commit_callbacks
):
    meeting, first, second = meeting
    with django_capture_on_commit_callbacks(execute=True):
        letter = document_request(
            meeting=meeting, kind=DocumentKind.DECISION_LETTER, user=coordinator, decision=second
        )
    letter.refresh_from_db()
    text = text_of(stored(letter))
    assert "Så överklagar du" in text
    assert APPEAL in text

    release(meeting, coordinator, forum, django_capture_on_commit_callbacks)
    emails = OutgoingEmail.objects.filter(kind=MailKind.DECISION)
    assert emails.count() >= 2  # to each line's contact and its author
    for email in emails:
        assert "Så överklagar du:" in email.body
        assert APPEAL in email.body


def test_without_appeal_instructions_the_letter_has_no_appeal_heading(
    meeting, coordinator, no_certificate, django_capture_on_commit_callbacks
):
    meeting, first, second = meeting
    meeting.county.appeal_instructions = "  "
    meeting.county.save()
    with django_capture_on_commit_callbacks(execute=True):
        letter = document_request(
            meeting=meeting, kind=DocumentKind.DECISION_LETTER, user=coordinator, decision=first
        )
    letter.refresh_from_db()
    assert "Så överklagar du" not in text_of(stored(letter))
