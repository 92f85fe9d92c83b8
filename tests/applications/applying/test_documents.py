"""The printable page and the PDF, rendered by the real WeasyPrint and read back with pypdf."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from allocations.models import Organisation
from applications.models import Attachment, BudgetLine, CostKind, Status
from tests.applications.factories import make_application, make_call
from tests.services import in_english

pytestmark = pytest.mark.django_db

CASE_NUMBER = "23-2025-0007"


@pytest.fixture
def draft(seeded, jamtland, ostersund, applicant):
    call = make_call(jamtland, seeded, title="Länsgemensamma medel 2025, Jämtland Härjedalen")
    application = make_application(
        call,
        ostersund,
        applicant,
        contact_name="Anna Andersson",
        contact_email="anna@ostersund.se",
        contact_phone="063-14 30 00",
        focus_area=seeded.focus_areas.get(number=4),
        title="Suicidpreventiv handlingsplan för Östersund",
        description="Vi tar fram en lokal handlingsplan.\n\nMed två stycken.",
        purpose="Färre suicid och suicidförsök.",
        target_group="Kommunens invånare.",
        kind="new",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 12, 31),
        finances_posts=True,
        post_share_percent=50,
        amount_requested=1_050_000,
    )
    application.cooperating_organisations.set(
        Organisation.objects.filter(name="Kommunförbundet Jämtland Härjedalen")
    )
    BudgetLine.objects.create(
        application=application, cost_kind=CostKind.SALARIES, amount=800_000, comment="Samordnare"
    )
    BudgetLine.objects.create(
        application=application, cost_kind=CostKind.ACTIVITIES, amount=250_000, position=1
    )
    Attachment.objects.create(
        application=application,
        original_name="Verksamhetsplan 2025.pdf",
        content_type="application/pdf",
        size=2048,
    )
    return application


@pytest.fixture
def submitted(draft):
    draft.status = Status.SUBMITTED
    draft.case_number = CASE_NUMBER
    draft.submitted_at = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)
    draft.save()
    return draft


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_holds_the_application_with_its_case_number_and_amounts(login, submitted):
    response = login("sokande@ostersund.demo").get(
        reverse("applications:application_pdf", args=[submitted.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{CASE_NUMBER}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert CASE_NUMBER in text
    assert "1 050 000 kr" in text  # amount applied for and the budget total
    assert "800 000 kr" in text
    assert "Suicidpreventiv handlingsplan för Östersund" in text
    assert "Kommunförbundet Jämtland Härjedalen" in text
    assert "Verksamhetsplan 2025.pdf" in text
    assert "2025-03-14" in text


def test_the_county_coordinator_gets_the_pdf_too(login, submitted):
    response = login("samordnare@jamtland.demo").get(
        reverse("applications:application_pdf", args=[submitted.pk])
    )
    assert response.status_code == 200
    assert CASE_NUMBER in pdf_text(response.content)


def test_the_pdf_follows_the_language(login, submitted):
    response = in_english(login("sokande@ostersund.demo")).get(
        reverse("applications:application_pdf", args=[submitted.pk])
    )
    assert "Application for county-joint funds" in pdf_text(response.content)


def test_a_draft_has_no_pdf(login, draft):
    response = login("sokande@ostersund.demo").get(
        reverse("applications:application_pdf", args=[draft.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "email", ["sokande@folkhalsoenheten.demo", "sokande@vasteras.demo", "samordnare@dalarna.demo"]
)
def test_others_get_404_for_the_pdf_and_the_printout(login, submitted, email):
    client = login(email)
    for name in ("application_pdf", "application_print"):
        assert client.get(reverse(f"applications:{name}", args=[submitted.pk])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, submitted):
    response = client.get(reverse("applications:application_pdf", args=[submitted.pk]))
    assert response.status_code == 302


def test_the_printout_is_a_standalone_page_with_the_print_stylesheet(login, submitted):
    response = in_english(login("sokande@ostersund.demo")).get(
        reverse("applications:application_print", args=[submitted.pk]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert f"<title>{CASE_NUMBER} – Suicidpreventiv handlingsplan för Östersund" in html
    assert "<h1>Suicidpreventiv handlingsplan för Östersund</h1>" in html
    assert "css/print.css" in html
    assert "bootstrap" not in html  # not the app's chrome
    assert "style=" not in html
    assert reverse("applications:application_pdf", args=[submitted.pk]) in html
    for text in (
        CASE_NUMBER,
        "1 050 000 kr",
        "250 000 kr",
        "Anna Andersson",
        "Kommunförbundet Jämtland Härjedalen",
        "Verksamhetsplan 2025.pdf",
        "2025-04-01",
        "50 %",
        "<p>Med två stycken.</p>",
        "Submitted",
    ):
        assert text in html, text


def test_a_draft_prints_as_a_draft_for_its_applicant_only(login, draft):
    url = reverse("applications:application_print", args=[draft.pk])
    html = in_english(login("sokande@ostersund.demo")).get(url).content.decode()
    assert "Draft – not submitted." in html
    assert reverse("applications:application_pdf", args=[draft.pk]) not in html
    assert login("samordnare@jamtland.demo").get(url).status_code == 404
