"""What is gathered is what was submitted (each submitted version its own record, the
current fields only when no version is stored), and the documents made in the case are in
the masked copy: whole when nothing of them is withheld, as masked text otherwise."""

import hashlib
import io

import pikepdf
import pytest
from django.core.files.base import ContentFile

from applications.disclosure.selectors import request_records
from applications.documents.pdf import html_to_pdf
from applications.models import (
    Application,
    ApplicationVersion,
    DocumentKind,
    GeneratedDocument,
    JobState,
    RequestState,
)
from tests.applications.decision_helpers import open_meeting
from tests.applications.disclosure.helpers import (
    SECRET,
    downloaded,
    ground,
    pdf_text,
    registered_and_gathered,
    url,
)

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"
CHANGED = "Ändrad beskrivning som aldrig lämnades in."
DEBT = "Sökanden har skulder hos Kronofogden sedan år 2023."
PUBLIC_IN_LETTER = "Beviljas för insatsen i Östersund."
MINUTES_TEXT = "Protokollet justerades utan anmärkning."


def _flat(text: str) -> str:
    return " ".join(text.split())


def _page(client, request) -> str:
    return client.get(url("disclosure_request", request.pk)).content.decode()


def _records_section(page: str) -> str:
    """The records as they will be delivered (the list of maskings quotes the passages)."""
    return page.split('id="records-heading"')[1].split('id="maskings-heading"')[0]


def _mask(client, request, part: str, passage: str, code: str = "OSL 21 kap. 7 §"):
    return client.post(
        url("disclosure_masking_add", request.pk),
        {"part": part, "passage": passage, "ground": ground(code).pk},
    )


def _deliver(client, request):
    return client.post(url("disclosure_deliver", request.pk), {"method": "email"})


# --- the submitted versions ---------------------------------------------------------------


def test_the_submitted_text_is_gathered_not_a_later_change(login, in_review):
    Application.objects.filter(pk=in_review.pk).update(description=CHANGED)
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    page = _page(client, request)
    assert "Vi tar fram en lokal handlingsplan." in page
    assert CHANGED not in page
    assert "Ansökan som den lämnades in, version 1" in page
    key = f"application:{in_review.pk}:v1:description"
    assert _mask(client, request, key, SECRET).status_code == 302
    assert _deliver(client, request).status_code == 302
    flat = _flat(pdf_text(downloaded(client.get(url("disclosure_masked_copy", request.pk)))))
    assert "Vi tar fram en" in flat and SECRET not in flat
    assert CHANGED not in flat


def test_each_submitted_version_is_a_record_of_its_own(login, in_review):
    first = in_review.versions.get()
    ApplicationVersion.objects.create(
        application=in_review,
        number=2,
        created_by=first.created_by,
        data={**first.data, "description": "Kompletterad: en regional handlingsplan."},
    )
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    page = _page(client, request)
    assert "version 1" in page and "version 2" in page
    assert "Vi tar fram en lokal handlingsplan." in page
    assert "Kompletterad: en regional handlingsplan." in page
    records = request_records(request=request, maskings=[])
    keys = [part.key for part in records[0].parts]
    assert f"application:{in_review.pk}:v1:description" in keys
    assert f"application:{in_review.pk}:v2:description" in keys
    assert len(keys) == len(set(keys))
    # A passage of version 2 is not in version 1: refused there, next to the field.
    response = _mask(client, request, f"application:{in_review.pk}:v1:description", "regional")
    assert response.status_code == 400
    assert "Avsnittet finns inte i den här delen." in response.content.decode()
    response = _mask(client, request, f"application:{in_review.pk}:v2:description", "regional")
    assert response.status_code == 302
    page = _page(client, request)
    assert "Kompletterad: en [Maskerat enligt OSL 21 kap. 7 §] handlingsplan." in page
    assert "Vi tar fram en lokal handlingsplan." in page  # version 1 as it was


def test_a_masking_of_a_field_by_its_unversioned_key_withholds_it_in_every_version(
    login, in_review, coordinator
):
    first = in_review.versions.get()
    ApplicationVersion.objects.create(
        application=in_review, number=2, created_by=coordinator, data=first.data
    )
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    request.maskings.create(
        part=f"application:{in_review.pk}:description",
        passage=SECRET,
        ground=ground(),
        created_by=coordinator,
    )
    page = _page(client, request)
    assert SECRET not in _records_section(page)
    assert "Ansökan som den lämnades in, version 2" in page  # listed under the latest


def test_without_a_version_the_current_fields_are_gathered_and_said_to_be(login, complete_draft):
    Application.objects.filter(pk=complete_draft.pk).update(case_number="23-2025-0999")
    complete_draft.refresh_from_db()
    assert not complete_draft.versions.exists()
    client = login(COORDINATOR)
    request = registered_and_gathered(client, complete_draft)
    page = _page(client, request)
    assert "Ansökan med sitt nuvarande innehåll (ingen inlämnad version finns)" in page
    assert "Vi tar fram en lokal handlingsplan." in page
    key = f"application:{complete_draft.pk}:description"
    assert _mask(client, request, key, SECRET).status_code == 302


# --- the documents made in the case -------------------------------------------------------


def _stored(meeting, application, kind, version: int, body: str, title: str):
    content = html_to_pdf(
        f'<html lang="sv"><head><title>{title}</title></head>'
        f"<body><h1>{title}</h1>{body}</body></html>"
    )
    document = GeneratedDocument(
        kind=kind,
        meeting=meeting,
        application=application,
        version=version,
        state=JobState.DONE,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    document.file.save(f"{title.lower()}-{version}.pdf", ContentFile(content), save=False)
    document.save()
    return document


@pytest.fixture
def documents(in_review, coordinator, seeded):
    meeting = open_meeting(in_review.county, seeded, coordinator)
    letter = _stored(
        meeting,
        in_review,
        DocumentKind.DECISION_DOCUMENT,
        1,
        f"<p>{PUBLIC_IN_LETTER}</p><p>{DEBT}</p>",
        "Beslutsunderlag",
    )
    minutes = _stored(
        meeting, in_review, DocumentKind.MINUTES, 1, f"<p>{MINUTES_TEXT}</p>", "Protokoll"
    )
    return letter, minutes


def test_a_documents_text_is_a_part_that_can_be_masked(login, in_review, documents):
    letter, minutes = documents
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    parts = {part.key: part for part in request_records(request=request, maskings=[])[0].parts}
    assert DEBT in parts[f"document:{letter.pk}"].text
    assert MINUTES_TEXT in parts[f"document:{minutes.pk}"].text
    assert DEBT in _page(client, request)
    assert _mask(client, request, f"document:{letter.pk}", DEBT).status_code == 302
    assert DEBT not in _records_section(_page(client, request))


def test_the_masked_copy_holds_the_documents_without_what_is_withheld(login, in_review, documents):
    from tests.applications.documents.test_pdf_archival import assert_archival

    letter, _minutes = documents
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    response = _mask(client, request, f"document:{letter.pk}", DEBT, "OSL 31 kap. 16 §")
    assert response.status_code == 302
    assert _deliver(client, request).status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.DELIVERED_IN_PART
    content = downloaded(client.get(url("disclosure_masked_copy", request.pk)))
    flat = _flat(pdf_text(content))
    assert DEBT not in flat and "Kronofogden" not in flat
    assert "[Maskerat enligt OSL 31 kap. 16 §]" in flat
    assert PUBLIC_IN_LETTER in flat  # the masked document's public text, as text
    assert MINUTES_TEXT in flat  # the unmasked document, whole
    with pikepdf.open(io.BytesIO(content)) as copy:
        assert MINUTES_TEXT in _flat(pdf_text(_last_page(copy)))  # the minutes' own page
    assert_archival(content, title="Kopia av allmänna handlingar")


def _last_page(pdf: pikepdf.Pdf) -> bytes:
    single = pikepdf.new()
    single.pages.append(pdf.pages[-1])
    out = io.BytesIO()
    single.save(out)
    return out.getvalue()


def test_a_document_with_nothing_withheld_is_enclosed_with_its_own_pages(
    login, in_review, documents
):
    from tests.applications.documents.test_pdf_archival import assert_archival

    letter, minutes = documents
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    assert client.post(url("disclosure_documents", request.pk)).status_code == 302
    request.refresh_from_db()
    content = request.masked_copy.open("rb").read()
    flat = _flat(pdf_text(content))
    assert DEBT in flat and MINUTES_TEXT in flat and PUBLIC_IN_LETTER in flat
    with pikepdf.open(io.BytesIO(content)) as copy:
        appended = 0
        for document in (letter, minutes):
            with pikepdf.open(document.file.open("rb")) as original:
                appended += len(original.pages)
        assert len(copy.pages) > appended
        # The appended pages are in the copy's structure tree (tagged), each page's entry
        # naming elements of that page.
        nums = copy.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in copy.pages:
            elements = tree[int(page.obj.StructParents)]
            assert all(element.Pg.objgen == page.obj.objgen for element in elements)
    assert_archival(content, title="Kopia av allmänna handlingar")
