"""The proposal list as XLSX and the "förslag till beslut" per focus area as PDF (real
WeasyPrint, read back with pypdf)."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from applications.review.services import proposal_adopt
from tests.applications.review_helpers import declare_conflict, in_review_like, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(in_review, review_round, reviewers, coordinator, applicant):
    """Two proposals in focus area 4 at one meeting; the second member had a conflict in
    the first case."""
    review_meeting = meeting(review_round, coordinator, reviewers)
    second = in_review_like(
        in_review, applicant, coordinator, amount=300_000, title="Utbildning i suicidprevention"
    )
    declare_conflict(in_review, reviewers[1])
    proposal_adopt(
        meeting=review_meeting,
        application=in_review,
        user=coordinator,
        amount=150_000,
        motivation="Väl förankrad lokal plan.",
        conditions="Redovisas senast 2025-12-31.",
    )
    proposal_adopt(
        meeting=review_meeting,
        application=second,
        user=reviewers[0],
        amount=250_000,
        motivation="Bred målgrupp.",
    )
    return review_meeting, in_review, second


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def pdf_url(review_meeting, area: int) -> str:
    return reverse(
        "applications:proposals_pdf", args=[review_meeting.county.slug, review_meeting.pk, area]
    )


def test_the_pdf_proposed_decision_of_a_focus_area(login, adopted, reviewers):
    review_meeting, first, second = adopted
    response = login("samordnare@jamtland.demo").get(pdf_url(review_meeting, 4))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="forslag-till-beslut-jamtland-2025-03-05-omrade-4.pdf"'
    )
    text = pdf_text(response.content)
    assert first.case_number in text
    assert second.case_number in text
    assert "150 000 kr" in text  # applied for and proposed
    assert "250 000 kr" in text
    assert "400 000 kr" in text  # the total proposed
    assert "6 190 809 kr" in text  # the allocation
    assert "5 790 809 kr" in text  # what remains
    assert "2025-03-05" in text
    assert reviewers[0].get_username() in text  # attendees
    assert "Väl förankrad lokal plan." in text
    assert "Redovisas senast 2025-12-31." in text
    with translation.override("sv"):
        jav = translation.gettext(
            "%(name)s took no part in the preparation of case %(case)s because of a conflict "
            "of interest."
        ) % {"name": reviewers[1].get_username(), "case": first.case_number}
    assert jav in text


def test_a_focus_area_without_proposals_says_so(login, adopted):
    review_meeting, first, _second = adopted
    response = login("beredning1@jamtland.demo").get(pdf_url(review_meeting, 1))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert first.case_number not in text
    assert "4 000 000 kr" in text  # area 1's allocation


def test_a_focus_area_outside_the_call_is_not_found(login, adopted):
    review_meeting, _first, _second = adopted
    assert login("samordnare@jamtland.demo").get(pdf_url(review_meeting, 2)).status_code == 404


def test_the_xlsx_proposal_list(login, adopted, reviewers):
    review_meeting, first, second = adopted
    url = reverse("applications:proposals_xlsx", args=["jamtland", review_meeting.pk])
    response = login("samordnare@jamtland.demo").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="forslag-till-beslut-jamtland-2025-03-05.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    with translation.override("sv"):
        gettext = translation.gettext
        header = rows[0]
        assert header[:6] == [
            gettext("Focus area"),
            gettext("Case number"),
            gettext("Applicant"),
            gettext("Intervention"),
            gettext("Amount applied for"),
            gettext("Proposed amount"),
        ]
    assert [row[1] for row in rows[1:]] == [first.case_number, second.case_number]
    assert rows[1][0] == 4
    assert rows[1][4:6] == [150_000, 150_000]
    assert rows[2][4:6] == [300_000, 250_000]
    assert all(isinstance(value, int) for value in rows[2][4:6])
    assert rows[1][7] == "Redovisas senast 2025-12-31."
    assert rows[1][8] == reviewers[1].get_username()  # took no part (jäv)
    assert rows[2][8] is None


def test_exports_only_for_the_countys_review_staff(login, adopted):
    review_meeting, _first, _second = adopted
    xlsx = reverse("applications:proposals_xlsx", args=["jamtland", review_meeting.pk])
    pdf = pdf_url(review_meeting, 4)
    for url in (xlsx, pdf):
        assert login("sokande@ostersund.demo").get(url).status_code == 403
        assert login("samordnare@dalarna.demo").get(url).status_code == 404
    other_county = reverse("applications:proposals_xlsx", args=["dalarna", review_meeting.pk])
    assert login("samordnare@dalarna.demo").get(other_county).status_code == 404
