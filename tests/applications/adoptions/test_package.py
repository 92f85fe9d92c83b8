"""The package for the member's board, made on demand as a ZIP: the memo as PDF and .docx,
the meeting's decision document and the extract of the minutes of the paragraph (or the
whole signed minutes, which is what a released meeting has by itself), and `innehall.txt`
with every file's SHA-256. A document not made yet is said in Swedish, never a 500."""

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from applications.documents.services import document_request
from applications.models import DocumentKind, GeneratedDocument, JobState
from tests.applications.adoptions.memo_helpers import (
    docx_text,
    memos,
    pdf_text,
    release_recommending,
    stored,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def released(
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
    return release_recommending(
        recommending,
        seeded,
        coordinator,
        applicant,
        reviewers,
        in_review,
        django_capture_on_commit_callbacks,
    )


@pytest.fixture
def ostersund_case(released):
    return released.adoptions.get(member__name="Östersunds kommun")


def _generate(meeting, kind, coordinator, capture, **subject) -> GeneratedDocument:
    with capture(execute=True):
        document = document_request(meeting=meeting, kind=kind, user=coordinator, **subject)
    document.refresh_from_db()
    assert document.state == JobState.DONE, document.error
    return document


def _package(client, adoption):
    return client.get(reverse("applications:adoption_package", args=[adoption.pk]), follow=True)


def test_the_package_waits_for_the_decision_document_and_says_so(ostersund_case, adopter, login):
    response = _package(login(adopter.email), ostersund_case)
    assert response.redirect_chain[-1][0] == reverse(
        "applications:adoption_detail", args=[ostersund_case.pk]
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Beslutsunderlag angående länsgemensamma medel 2025, SVOM 2025-03-14 har inte tagits "
        "fram ännu, så paketet kan inte skapas." in html
    )


def test_the_package_holds_the_memo_the_decision_document_and_the_signed_minutes(
    released, ostersund_case, adopter, coordinator, login, django_capture_on_commit_callbacks
):
    decision_document = _generate(
        released, DocumentKind.DECISION_DOCUMENT, coordinator, django_capture_on_commit_callbacks
    )
    minutes = GeneratedDocument.objects.get(meeting=released, kind=DocumentKind.MINUTES)
    [memo] = memos(ostersund_case)

    response = _package(login(adopter.email), ostersund_case)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "antagande-2025-03-14-ostersunds-kommun.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names == [
        "adoption_memo-2025-03-14-ostersunds-kommun-v1.pdf",
        "adoption_memo-2025-03-14-ostersunds-kommun.docx",
        "decision_document-2025-03-14-v1.pdf",
        "minutes-2025-03-14-v1.pdf",
        "innehall.txt",
    ]
    listed = dict(
        reversed(line.split("  ", 1)) for line in archive.read("innehall.txt").decode().splitlines()
    )
    assert sorted(listed) == sorted(names[:-1])
    for name in names[:-1]:
        assert listed[name] == hashlib.sha256(archive.read(name)).hexdigest(), name
    # The stored documents themselves, with the checksums recorded when they were made.
    for document in (memo, decision_document, minutes):
        assert archive.read(document.download_name) == stored(document)
        assert listed[document.download_name] == document.sha256
    assert "Rekommendationsbeslut från SVOM" in docx_text(
        archive.read("adoption_memo-2025-03-14-ostersunds-kommun.docx")
    )
    assert "Beslutsunderlag" in pdf_text(stored(decision_document))


def test_with_the_extract_of_the_paragraph_the_package_holds_it_instead_of_the_minutes(
    released, ostersund_case, coordinator, login, django_capture_on_commit_callbacks
):
    _generate(
        released, DocumentKind.DECISION_DOCUMENT, coordinator, django_capture_on_commit_callbacks
    )
    item = released.items.get()
    _generate(
        released,
        DocumentKind.MINUTES_EXTRACT,
        coordinator,
        django_capture_on_commit_callbacks,
        item=item,
    )
    response = _package(login("samordnare@jamtland.demo"), ostersund_case)
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert f"minutes_extract-2025-03-14-p{item.number}-v1.pdf" in names
    assert "minutes-2025-03-14-v1.pdf" not in names
    # The basis link of the memo's page serves the extract too.
    basis = login("samordnare@jamtland.demo").get(
        reverse(
            "applications:adoption_basis",
            args=[ostersund_case.pk, f"protokollsutdrag-{item.number}"],
        )
    )
    assert basis.status_code == 200 and basis["Content-Type"] == "application/pdf"
