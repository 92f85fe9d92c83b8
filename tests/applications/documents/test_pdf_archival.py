"""Every PDF the service makes is archivable and accessible: PDF/A (WeasyPrint's variant,
`applications.documents.pdfa.PDF_VARIANT`) declared in the XMP metadata, an sRGB output
intent, every font embedded, no encryption and no JavaScript, the language and the title
set, and tagged (a structure tree, marked). Each kind is made through the code that makes
it for users; the signed minutes are checked after signing, and their signature still holds.
"""

import io
import xml.etree.ElementTree as ET

import pikepdf
import pytest
from django.test import Client
from django.urls import reverse

from applications.documents.pdfa import PDF_VARIANT
from applications.documents.services import document_request
from applications.documents.signing import pdf_signature_check
from applications.models import DocumentKind, JobState
from tests.applications.adoptions import conftest as adoption_fixtures
from tests.applications.adoptions import memo_helpers
from tests.applications.decision_helpers import user
from tests.applications.minutes import test_minutes
from tests.applications.review import test_proposal_exports

pytestmark = pytest.mark.django_db

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
DC = "{http://purl.org/dc/elements/1.1/}"

# The minutes' meeting (two decided applications and a line without one) and its signing
# certificate, the review meeting's adopted proposals and the recommending county whose
# members get cover memos, as their own tests make them.
certificate = test_minutes.certificate
forum = test_minutes.forum
meeting = test_minutes.meeting
adopted = test_proposal_exports.adopted
recommending, adopter = adoption_fixtures.recommending, adoption_fixtures.adopter
release, stored = test_minutes.release, test_minutes.stored


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


# --- what an archivable, accessible PDF has -------------------------------------------------


def _xmp(pdf: pikepdf.Pdf) -> ET.Element:
    return ET.fromstring(pdf.Root.Metadata.read_bytes())


def pdfa_identification(pdf: pikepdf.Pdf) -> tuple[str, str]:
    """(part, conformance) as the XMP metadata declares them, attribute or element form."""
    for description in _xmp(pdf).iter(f"{RDF}Description"):
        part = description.get(f"{PDFAID}part") or description.findtext(f"{PDFAID}part")
        conformance = description.get(f"{PDFAID}conformance") or description.findtext(
            f"{PDFAID}conformance"
        )
        if part:
            return part, conformance or ""
    return "", ""


def xmp_title(pdf: pikepdf.Pdf) -> str:
    title = _xmp(pdf).find(f".//{DC}title")
    return " ".join(title.itertext()).strip() if title is not None else ""


def _objects(pdf: pikepdf.Pdf):
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            yield obj


def fonts_not_embedded(pdf: pikepdf.Pdf) -> list[str]:
    missing = []
    for obj in _objects(pdf):
        if obj.get("/Type") == pikepdf.Name.FontDescriptor and not any(
            key in obj for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            missing.append(str(obj.get("/FontName", "?")))
    return missing


def javascript(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        found.append("/Names /JavaScript")
    open_action = pdf.Root.get("/OpenAction")
    if isinstance(open_action, pikepdf.Dictionary) and open_action.get("/S") == "/JavaScript":
        found.append("/OpenAction")
    for obj in _objects(pdf):
        if obj.get("/S") == pikepdf.Name.JavaScript or "/JS" in obj:
            found.append(f"action {obj.objgen}")
    return found


def assert_archival(content: bytes, *, title: str, lang: str = "sv") -> None:
    assert content.startswith(b"%PDF")
    with pikepdf.open(io.BytesIO(content)) as pdf:
        part, conformance = PDF_VARIANT.removeprefix("pdf/a-")
        assert pdfa_identification(pdf) == (part, conformance.upper())
        intents = pdf.Root.get("/OutputIntents")
        assert intents and all("/DestOutputProfile" in intent for intent in intents)
        assert any(
            intent.get("/S") == "/GTS_PDFA1" and intent.DestOutputProfile.read_bytes()
            for intent in intents
        ), "an ICC profile as the PDF/A output intent"
        assert fonts_not_embedded(pdf) == []
        assert not pdf.is_encrypted
        assert javascript(pdf) == []
        assert str(pdf.Root.get("/Lang", "")) == lang
        assert title in xmp_title(pdf)
        assert title in str(pdf.docinfo.get("/Title", ""))
        assert "/StructTreeRoot" in pdf.Root, "tagged"
        assert pdf.Root.MarkInfo.Marked


# --- every kind, made as users get it -------------------------------------------------------


def _document(meeting_tuple, kind: str, capture) -> bytes:
    meeting, first, _second = meeting_tuple
    subject = {}
    if kind == DocumentKind.DECISION_LETTER:
        subject = {"decision": first}
    elif kind == DocumentKind.MINUTES_EXTRACT:
        subject = {"item": first.item}
    with capture(execute=True):
        document = document_request(
            meeting=meeting, kind=kind, user=user("samordnare@jamtland.demo"), **subject
        )
    document.refresh_from_db()
    assert document.state == JobState.DONE, document.error
    return stored(document)


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (DocumentKind.DECISION_DOCUMENT, "Beslutsunderlag"),
        (DocumentKind.DECISION_LETTER, "Beslut"),
        (DocumentKind.MINUTES_EXTRACT, "Protokollsutdrag"),
    ],
)
def test_the_decision_forums_documents_are_archival(
    meeting, kind, title, django_capture_on_commit_callbacks
):
    assert_archival(_document(meeting, kind, django_capture_on_commit_callbacks), title=title)


def test_the_signed_minutes_are_archival_and_their_signature_holds(
    meeting, coordinator, forum, certificate, django_capture_on_commit_callbacks
):
    minutes = release(meeting[0], coordinator, forum, django_capture_on_commit_callbacks)
    assert minutes.state == JobState.DONE, minutes.error
    content = stored(minutes)
    assert_archival(content, title="Protokoll")
    assert pdf_signature_check(content=content).valid


def _client(email: str) -> Client:
    client = Client()
    client.force_login(user(email))
    return client


def test_the_application_pdf_is_archival(complete_draft):
    from applications.applying.pdf import application_pdf_render

    content = application_pdf_render(application=complete_draft)
    assert_archival(content, title=complete_draft.title)


def test_the_proposed_decision_of_a_focus_area_is_archival(adopted):
    review_meeting, _first, _second = adopted
    url = test_proposal_exports.pdf_url(review_meeting, 4)
    response = _client("samordnare@jamtland.demo").get(url)
    assert response.status_code == 200
    assert_archival(response.content, title="Förslag till beslut")


def test_the_county_report_is_archival(seeded):
    from allocations.models import County
    from tests.allocations.obligations.test_county_report import reported

    reported(County.objects.get(slug="jamtland"), seeded, grants=3, seed=1)
    response = _client("forum@jamtland.demo").get(
        reverse("allocations:county_report_pdf", args=["jamtland", 2025])
    )
    assert response.status_code == 200
    assert_archival(response.content, title="Jämtland")


def test_the_status_report_is_archival(seeded):
    from django.core.management import call_command

    call_command("load_followup_dalarna", stdout=io.StringIO())
    response = _client("samordnare@dalarna.demo").get(
        reverse("allocations:status_report_pdf", args=["dalarna", 2025])
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_archival(content, title="Dalarna")


def test_a_pdf_in_english_says_it_is_english(complete_draft):
    """The application's PDF is made in the reader's language (the decision forum's
    documents always in the site's)."""
    from django.utils import translation

    from applications.applying.pdf import application_pdf_render

    with translation.override("en"):
        content = application_pdf_render(application=complete_draft)
    assert_archival(content, title=complete_draft.title, lang="en")


def test_the_cover_memo_of_an_adoption_is_archival(
    recommending,
    seeded,
    adopter,
    review_round,
    in_review,
    applicant,
    coordinator,
    reviewers,
    django_capture_on_commit_callbacks,
):
    released = memo_helpers.release_recommending(
        recommending,
        seeded,
        coordinator,
        applicant,
        reviewers,
        in_review,
        django_capture_on_commit_callbacks,
    )
    [memo] = memo_helpers.memos(released.adoptions.get(member__name="Östersunds kommun"))
    assert memo.state == JobState.DONE, memo.error
    assert_archival(stored(memo), title="Rekommendationsbeslut")


def test_the_masked_copy_and_the_withholding_decision_are_archival(login, in_review, coordinator):
    """A request for public records' two PDFs (`applications.disclosure.documents`)."""
    from tests.applications.disclosure.helpers import downloaded, url
    from tests.applications.disclosure.test_disclosure import _masked_and_delivered

    client = login("samordnare@jamtland.demo")
    request = _masked_and_delivered(client, in_review, coordinator)
    copy = downloaded(client.get(url("disclosure_masked_copy", request.pk)))
    assert_archival(copy, title="Kopia av allmänna handlingar")
    decision = downloaded(client.get(url("disclosure_withholding_decision", request.pk)))
    assert_archival(decision, title="Beslut om att delvis avslå begäran")


def test_every_kind_of_generated_document_has_its_archival_test():
    checked = {
        DocumentKind.DECISION_DOCUMENT,
        DocumentKind.DECISION_LETTER,
        DocumentKind.MINUTES_EXTRACT,
        DocumentKind.MINUTES,
        DocumentKind.ADOPTION_MEMO,
    }
    assert set(DocumentKind) == checked
