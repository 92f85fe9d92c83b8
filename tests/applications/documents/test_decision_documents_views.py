"""Decision letters and extracts of minutes, the documents panel and who may download what."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.rulings import (
    Ruling,
    item_adopt_as_whole,
    member_not_participating,
)
from applications.documents.services import document_request
from applications.models import Assessment, DocumentKind, GeneratedDocument, JobState, Outcome
from tests.applications.decision_helpers import meeting_with_proposals, proposed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_in_process(request, monkeypatch):
    """These tests check what the task does, so it runs in-process even when REDIS_URL
    names a broker; the test that asks for `celery_worker_if_broker` uses the real worker."""
    if "celery_worker_if_broker" in request.fixturenames:
        return
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


PANEL = "applications/decisions/documents/_panel.html"


def user(email: str):
    return get_user_model().objects.get(username=email)


@pytest.fixture
def forum(seeded):
    chair, approver = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    chair.first_name, chair.last_name = "Anna", "Ordförande"
    approver.first_name, approver.last_name = "Bo", "Justerare"
    chair.save()
    approver.save()
    return chair, approver


@pytest.fixture
def decided(review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded, forum):
    """§9 with two of Östersund's applications: one approved (with a comment to the
    applicant), one approved in part with conditions, where the approver had a conflict."""
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
                Outcome.APPROVED_IN_PART,
                amount=1_500_000,
                motivation="Delvis: ryms inte helt inom ramen.",
                conditions="Redovisa halvårsvis till samordnaren.",
            )
        },
    )
    Assessment.objects.filter(application=first.application).update(
        applicant_comment="Tydlig plan för spridning i länet.",
        internal_comment="Internt: kolla budgeten.",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    return meeting, item, first, second


def generated(capture, **kwargs) -> GeneratedDocument:
    with capture(execute=True):
        document = document_request(**kwargs)
    document.refresh_from_db()
    assert document.state == JobState.DONE, document.error
    return document


def text_of(document: GeneratedDocument) -> str:
    with document.file.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\n", " ")


def release(meeting, coordinator, forum):
    meeting_close(meeting=meeting, user=coordinator)
    minutes_approve(meeting=meeting, user=forum[0])
    minutes_approve(meeting=meeting, user=forum[1])


# --- letters and extracts -------------------------------------------------------------------


def test_the_letter_gives_the_outcome_amount_conditions_and_comments_for_the_applicant(
    decided, coordinator, django_capture_on_commit_callbacks
):
    meeting, item, first, second = decided
    letter = generated(
        django_capture_on_commit_callbacks,
        meeting=meeting,
        kind=DocumentKind.DECISION_LETTER,
        user=coordinator,
        decision=second,
    )
    assert letter.application_id == second.application_id
    assert (
        letter.download_name
        == f"decision_letter-2025-03-14-{second.application.case_number}-v1.pdf"
    )
    text = text_of(letter)
    assert second.application.case_number in text
    assert "Östersunds kommun" in text
    assert "1 500 000 kr" in text and "2 000 000 kr" in text
    assert "Delvis: ryms inte helt inom ramen." in text
    assert "Redovisa halvårsvis till samordnaren." in text
    assert "§9" in text and "SVOM" in text and "2025-03-14" in text
    assert "2026-03-31" in text  # repayment

    with_comment = generated(
        django_capture_on_commit_callbacks,
        meeting=meeting,
        kind=DocumentKind.DECISION_LETTER,
        user=coordinator,
        decision=first,
    )
    text = text_of(with_comment)
    assert "Tydlig plan för spridning i länet." in text
    assert "Internt" not in text  # the group's internal comments stay internal
    assert "1 000 000 kr" in text


def test_the_extract_holds_the_meeting_the_paragraph_and_who_took_no_part(
    decided, coordinator, forum, django_capture_on_commit_callbacks
):
    meeting, item, first, second = decided
    extract = generated(
        django_capture_on_commit_callbacks,
        meeting=meeting,
        kind=DocumentKind.MINUTES_EXTRACT,
        user=coordinator,
        item=item,
    )
    assert extract.download_name == "minutes_extract-2025-03-14-p9-v1.pdf"
    text = text_of(extract)
    assert f"§9 {item.heading}" in text
    assert "Anna Ordförande" in text and "Bo Justerare" in text
    assert "Östersund, Regionens hus" in text
    assert first.application.case_number in text and second.application.case_number in text
    assert "2 500 000 kr" in text  # granted in the paragraph
    # The approver's conflict of interest is recorded against the second line.
    case = re.escape(second.application.case_number)
    assert re.search(rf"Bo Justerare [^.]{{0,60}}{case}", text)


# --- the panel ------------------------------------------------------------------------------


def render_panel(meeting, viewer) -> str:
    request = RequestFactory().get("/lan/jamtland/beslut/sammantraden/1/")
    request.user = viewer
    template = engines["django"].from_string('{% include "' + PANEL + '" with meeting=meeting %}')
    return template.render({"meeting": meeting}, request)


def test_the_panel_works_standalone_with_only_the_meeting_and_the_request(
    decided, coordinator, reviewers
):
    meeting, item, first, second = decided
    html = render_panel(meeting, coordinator)
    assert "data-document-panel" in html and "data-busy" not in html
    assert f'name="decision" value="{first.pk}"' in html
    assert f'name="decision" value="{second.pk}"' in html
    assert f'name="item" value="{item.pk}"' in html
    assert 'name="kind" value="decision_document"' in html
    assert 'value="/lan/jamtland/beslut/sammantraden/1/"' in html  # back here without JS
    assert "js/document-status.js" in html
    assert render_panel(meeting, reviewers[0]).strip() == ""  # not for the review group


def test_the_panel_shows_queued_versions_and_polls(decided, coordinator):
    meeting, *_ = decided
    document_request(meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator)
    html = render_panel(meeting, coordinator)
    assert "data-busy" in html
    assert 'data-state="queued"' in html


def test_generate_without_javascript_posts_and_comes_back(
    login, decided, django_capture_on_commit_callbacks
):
    meeting, *_ = decided
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:decision_document_request", args=["jamtland", meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "decision_document", "next": "/start/"})
    assert response.status_code == 302 and response["Location"] == "/start/"
    document = GeneratedDocument.objects.get()
    assert (document.state, document.version, document.requested_by.username) == (
        JobState.DONE,
        1,
        "samordnare@jamtland.demo",
    )
    # A foreign `next` is not followed: back to the meeting's documents page instead.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "decision_document", "next": "https://evil.example/"})
    status_url = reverse("applications:decision_documents_status", args=["jamtland", meeting.pk])
    assert response["Location"] == status_url
    page = client.get(status_url)
    assert page.status_code == 200 and b"<html" in page.content
    assert b"v2" in page.content and b"v1" in page.content


def test_generate_with_javascript_answers_with_the_panel(
    login, decided, django_capture_on_commit_callbacks
):
    meeting, item, first, second = decided
    client = login("forum@jamtland.demo")
    url = reverse("applications:decision_document_request", args=["jamtland", meeting.pk])
    fetch = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"kind": "decision_letter", "decision": first.pk, "next": "/m/"}, **fetch
        )
    assert response.status_code == 200
    html = response.content.decode()
    # The panel as it stood when the request was committed: v1 queued, so it keeps polling.
    assert "<html" not in html and "data-document-panel" in html
    assert "data-busy" in html
    letter = GeneratedDocument.objects.get(kind=DocumentKind.DECISION_LETTER)
    assert letter.state == JobState.DONE  # the task ran after the commit

    status_url = reverse("applications:decision_documents_status", args=["jamtland", meeting.pk])
    status = client.get(status_url, {"next": "/m/"}, **fetch)
    assert status.status_code == 200
    html = status.content.decode()
    assert "<html" not in html and "data-busy" not in html
    download = reverse("applications:decision_document_download", args=["jamtland", letter.pk])
    assert download in html
    assert letter.sha256[:12] in html
    assert 'name="next" value="/m/"' in html  # the page the panel is shown on

    refused = client.post(url, {"kind": "nonsense"}, **fetch)
    assert refused.status_code == 400 and b"alert-danger" in refused.content
    other = client.post(url, {"kind": "minutes_extract", "item": 999999}, **fetch)
    assert other.status_code == 404


def test_a_failed_version_shows_its_error_and_is_retried_from_the_panel(
    login, decided, coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    import applications.documents.pdf

    meeting, *_ = decided

    def broken(**kwargs):
        raise ValueError("no such template")

    with monkeypatch.context() as patched, django_capture_on_commit_callbacks(execute=True):
        patched.setattr(applications.documents.pdf, "decision_pdf_render", broken)
        failed = document_request(
            meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator
        )
    html = render_panel(meeting, coordinator)
    assert "ValueError: no such template" in html
    retry = reverse("applications:decision_document_retry", args=["jamtland", failed.pk])
    assert retry in html
    client = login("samordnare@jamtland.demo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry, {"next": "/m/"})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == JobState.DONE and failed.version == 1


# --- who may download -----------------------------------------------------------------------


def test_downloads_only_for_the_county_and_letters_for_the_applicant_once_released(
    client, login, decided, coordinator, forum, django_capture_on_commit_callbacks
):
    meeting, item, first, second = decided
    letter = generated(
        django_capture_on_commit_callbacks,
        meeting=meeting,
        kind=DocumentKind.DECISION_LETTER,
        user=coordinator,
        decision=first,
    )
    document = generated(
        django_capture_on_commit_callbacks,
        meeting=meeting,
        kind=DocumentKind.DECISION_DOCUMENT,
        user=coordinator,
    )

    def url(doc, slug="jamtland"):
        return reverse("applications:decision_document_download", args=[slug, doc.pk])

    def status(email, doc, slug="jamtland"):
        client.logout()
        return login(email).get(url(doc, slug)).status_code

    response = login("samordnare@jamtland.demo").get(url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="decision_document-2025-03-14-v1.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    assert status("forum2@jamtland.demo", letter) == 200
    assert status("samordnare@dalarna.demo", document) == 404  # another county
    assert status("samordnare@dalarna.demo", document, slug="dalarna") == 404
    assert status("beredning1@jamtland.demo", document) == 404
    assert status("sokande@ostersund.demo", letter) == 404  # minutes not approved yet
    client.logout()
    assert (
        login("beredning1@jamtland.demo")
        .get(reverse("applications:decision_documents_status", args=["jamtland", meeting.pk]))
        .status_code
        == 403
    )

    release(meeting, coordinator, forum)
    assert status("sokande@ostersund.demo", letter) == 200  # their letter, released
    assert status("sokande@ostersund.demo", document) == 404  # only letters
    assert status("sokande@folkhalsoenheten.demo", letter) == 404  # another organisation
    assert status("sokande@vasteras.demo", letter) == 404  # another county
    client.logout()
    assert client.get(url(letter)).status_code == 302  # to the log-in


def test_a_version_not_finished_is_not_downloadable(login, decided, coordinator):
    meeting, *_ = decided
    queued = document_request(
        meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator
    )
    url = reverse("applications:decision_document_download", args=["jamtland", queued.pk])
    assert login("samordnare@jamtland.demo").get(url).status_code == 404
