"""The report back of a grant: the recipient's draft and submission, the coordinator's
review, attachments, closing the grant, and who may do what."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from allocations.models import County, GrantReport, Membership, ReportState, Role
from applications.models import Grant
from tests.allocations.budget.budget_data import build_year

pytestmark = pytest.mark.django_db

RECIPIENT = "sokande@ostersund.demo"
COORDINATOR = "samordnare@jamtland.demo"


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=email))
    return client


@pytest.fixture
def jamtland(seeded) -> County:
    return County.objects.get(slug="jamtland")


@pytest.fixture
def grant(jamtland, seeded) -> Grant:
    """A current grant without a report, made Östersunds kommun's."""
    build_year(jamtland, seeded, grants=12)
    grant = Grant.objects.filter(county=jamtland, replaced_by=None, reports=None).first()
    recipient = get_user_model().objects.get(username=RECIPIENT)
    organisation = Membership.objects.get(user=recipient, role=Role.APPLICANT).organisation
    Grant.objects.filter(pk=grant.pk).update(responsible_organisation=organisation)  # test data
    return Grant.objects.get(pk=grant.pk)


def form_data(grant: Grant, **overrides) -> dict:
    rows = [*grant.focus_area.sub_areas.all(), None]
    data = {
        "implementation": "Vi utbildade 40 personer.",
        "results": "Fler vågar fråga om suicid.",
        "actors": "Kommunen och regionen, gemensam planering.",
        "note": "",
        "lines-TOTAL_FORMS": str(len(rows)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": str(len(rows)),
        "lines-MAX_NUM_FORMS": str(len(rows)),
    }
    for index in range(len(rows)):
        data[f"lines-{index}-amount"] = ""
        data[f"lines-{index}-comment"] = ""
    data[f"lines-{len(rows) - 1}-amount"] = "10 000"
    data[f"lines-{len(rows) - 1}-comment"] = "Utbildningsdagar"
    data.update(overrides)
    return data


def url(grant: Grant) -> str:
    return reverse("allocations:grant_report", args=[grant.pk])


def test_a_draft_keeps_everything_even_when_incomplete(grant):
    client = client_for(RECIPIENT)
    assert client.get(url(grant)).status_code == 200
    data = form_data(grant, results="", actors="", save="1")
    response = client.post(url(grant), data)
    assert response.status_code == 302
    report = GrantReport.objects.get(grant=grant)
    assert report.state == ReportState.DRAFT
    assert report.implementation == "Vi utbildade 40 personer."
    page = client.get(url(grant)).content.decode()
    assert "Vi utbildade 40 personer." in page and "Utbildningsdagar" in page
    assert sum(line.amount for line in report.lines.all()) == 10_000


def test_submitting_requires_every_text_part_and_keeps_the_input(grant):
    client = client_for(RECIPIENT)
    response = client.post(url(grant), form_data(grant, results="", submit="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page and "Vi utbildade 40 personer." in page
    assert not GrantReport.objects.filter(grant=grant, state=ReportState.SUBMITTED).exists()


def test_more_used_than_granted_is_refused_at_submission(grant):
    client = client_for(RECIPIENT)
    last = len(grant.focus_area.sub_areas.all())
    data = form_data(grant, submit="1", **{f"lines-{last}-amount": str(grant.amount + 1)})
    response = client.post(url(grant), data)
    assert response.status_code == 200
    assert not GrantReport.objects.filter(grant=grant, state=ReportState.SUBMITTED).exists()
    assert "alert-danger" in response.content.decode()


def test_bad_amounts_get_an_error_next_to_the_field(grant):
    client = client_for(RECIPIENT)
    response = client.post(url(grant), form_data(grant, save="1", **{"lines-0-amount": "tio"}))
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert 'value="tio"' in response.content.decode()


def test_submit_return_complete_and_accept(grant):
    recipient, coordinator = client_for(RECIPIENT), client_for(COORDINATOR)
    assert recipient.post(url(grant), form_data(grant, submit="1")).status_code == 302
    report = GrantReport.objects.get(grant=grant)
    assert report.state == ReportState.SUBMITTED and report.reported_on is not None
    # Read-only for the recipient once submitted.
    assert 'name="implementation"' not in recipient.get(url(grant)).content.decode()
    assert recipient.post(url(grant), form_data(grant, implementation="Ändrat", save="1"))
    assert GrantReport.objects.get(grant=grant).implementation == "Vi utbildade 40 personer."

    review = reverse("allocations:grant_report_review", args=[grant.pk])
    refused = coordinator.post(review, {"decision": "return", "comment": ""})
    assert refused.status_code == 400 and "is-invalid" in refused.content.decode()
    assert coordinator.post(review, {"decision": "return", "comment": "Beskriv resultat."})
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert "Beskriv resultat." in recipient.get(url(grant)).content.decode()

    assert recipient.post(url(grant), form_data(grant, results="Mätt effekt", submit="1"))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.results == "Mätt effekt"
    assert coordinator.post(review, {"decision": "accept", "comment": ""}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.reviewed_by.username == COORDINATOR


def test_the_recipient_cannot_review_and_others_cannot_reach_the_report(grant):
    recipient = client_for(RECIPIENT)
    recipient.post(url(grant), form_data(grant, submit="1"))
    review = reverse("allocations:grant_report_review", args=[grant.pk])
    assert recipient.post(review, {"decision": "accept"}).status_code == 403
    assert GrantReport.objects.get(grant=grant).state == ReportState.SUBMITTED
    for email in ("sokande@kfjh.demo", "samordnare@vastmanland.demo"):
        other = client_for(email)
        assert other.get(url(grant)).status_code == 404
        assert other.post(review, {"decision": "accept"}).status_code == 404
    # The coordinator does not write the recipient's report.
    coordinator = client_for(COORDINATOR)
    assert coordinator.post(url(grant), form_data(grant, save="1")).status_code == 403


def test_attachments_are_typed_by_content_and_served_privately(grant):
    client = client_for(RECIPIENT)
    pdf = SimpleUploadedFile("rapport<1>.pdf", b"%PDF-1.4\n%%EOF\n")
    assert (
        client.post(url(grant), {**form_data(grant, save="1"), "attachment": pdf}).status_code
        == 302
    )
    attachment = GrantReport.objects.get(grant=grant).attachments.get()
    response = client.get(reverse("allocations:grant_report_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    other = client_for("sokande@kfjh.demo")
    assert (
        other.get(reverse("allocations:grant_report_attachment", args=[attachment.pk])).status_code
        == 404
    )

    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url(grant), {**form_data(grant, save="1"), "attachment": fake})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert GrantReport.objects.get(grant=grant).attachments.count() == 1

    delete = reverse("allocations:grant_report_attachment_delete", args=[attachment.pk])
    assert other.post(delete).status_code == 404
    assert client.post(delete).status_code == 302
    assert not GrantReport.objects.get(grant=grant).attachments.exists()


def test_a_grant_closes_only_with_an_accepted_report(grant):
    recipient, coordinator = client_for(RECIPIENT), client_for(COORDINATOR)
    close = reverse("allocations:grant_close", args=[grant.pk])
    coordinator.post(close)
    grant.refresh_from_db()
    assert grant.closed_at is None
    recipient.post(url(grant), form_data(grant, submit="1"))
    review = reverse("allocations:grant_report_review", args=[grant.pk])
    coordinator.post(review, {"decision": "accept"})
    assert recipient.post(close).status_code == 403
    assert coordinator.post(close).status_code == 302
    grant.refresh_from_db()
    assert grant.closed_at is not None and grant.closed_by.username == COORDINATOR
    assert grant.audit_log.filter(closed_at__isnull=False).count() == 1  # the history keeps it


def test_the_grant_page_shows_the_report_state_and_the_way_to_it(grant):
    detail = reverse("allocations:grant_detail", args=[grant.pk])
    page = client_for(RECIPIENT).get(detail).content.decode()
    assert url(grant) in page
    client_for(RECIPIENT).post(url(grant), form_data(grant, submit="1"))
    page = client_for(COORDINATOR).get(detail).content.decode()
    assert url(grant) in page
    assert 'id="report-panel-heading"' in page
