import datetime

import pytest
from django.urls import reverse

from applications.applying.services import application_submit
from applications.models import FormalCheck, FormalCheckOutcome, Status

pytestmark = pytest.mark.django_db

REASON = "Insatsen ligger utanför överenskommelsens fokusområden."


@pytest.fixture
def submitted(complete_draft, applicant):
    return application_submit(application=complete_draft, user=applicant)


def check_url(application) -> str:
    return reverse("applications:formal_check", args=[application.pk])


def detail_url(application) -> str:
    return reverse("applications:application_detail", args=[application.pk])


def in_five_days() -> str:
    return (datetime.date.today() + datetime.timedelta(days=5)).isoformat()


def test_the_coordinator_sees_the_formal_check_on_the_detail_page(login, submitted):
    html = login("samordnare@jamtland.demo").get(detail_url(submitted)).content.decode()
    assert check_url(submitted) in html
    assert 'name="check-outcome"' in html


def test_others_do_not_see_the_formal_check_form(login, submitted):
    for email in ("beredning1@jamtland.demo", "sokande@ostersund.demo"):
        html = login(email).get(detail_url(submitted)).content.decode()
        assert 'name="check-outcome"' not in html, email


def test_passing_the_check_puts_the_application_in_review(login, submitted):
    client = login("samordnare@jamtland.demo")
    response = client.post(check_url(submitted), {"check-outcome": "passed"})
    assert response.status_code == 302
    assert response["Location"] == detail_url(submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    assert FormalCheck.objects.get().outcome == FormalCheckOutcome.PASSED
    # Once in review, the check is done: the form is gone.
    assert 'name="check-outcome"' not in client.get(detail_url(submitted)).content.decode()


def test_asking_for_completion_opens_the_application_to_the_applicant(login, submitted):
    client = login("samordnare@jamtland.demo")
    response = client.post(
        check_url(submitted),
        {
            "check-outcome": "completion",
            "check-reason": "Budgeten saknar lönekostnader.",
            "check-due_date": in_five_days(),
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.COMPLETION_REQUESTED
    html = login("sokande@ostersund.demo").get(detail_url(submitted)).content.decode()
    assert "Budgeten saknar lönekostnader." in html


def test_ineligible_with_a_reason_the_applicant_sees(login, submitted):
    client = login("samordnare@jamtland.demo")
    response = client.post(
        check_url(submitted), {"check-outcome": "ineligible", "check-reason": REASON}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.INELIGIBLE
    html = login("sokande@ostersund.demo").get(detail_url(submitted)).content.decode()
    outcome = html.split('class="alert alert-danger formal-check-outcome"', 1)
    assert len(outcome) == 2, "the formal check's outcome is shown as a notice"
    assert REASON in outcome[1].split("</div>", 1)[0]
    assert reverse("applications:withdraw", args=[submitted.pk]) not in html  # nothing to withdraw


def test_a_missing_reason_is_marked_next_to_the_field_and_the_input_kept(login, submitted):
    client = login("samordnare@jamtland.demo")
    due = in_five_days()
    response = client.post(
        check_url(submitted),
        {"check-outcome": "completion", "check-reason": "  ", "check-due_date": due},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error_1_id_check-reason"' in html
    assert f'value="{due}"' in html
    assert 'value="completion"' in html.split("checked", 1)[0].rsplit("<input", 1)[1]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not FormalCheck.objects.exists()


def test_a_missing_due_date_keeps_the_typed_reason(login, submitted):
    client = login("samordnare@jamtland.demo")
    response = client.post(
        check_url(submitted), {"check-outcome": "completion", "check-reason": "Bifoga budget."}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error_1_id_check-due_date"' in html
    assert "Bifoga budget." in html


def test_a_due_date_in_the_past_is_refused_by_the_service(login, submitted):
    client = login("samordnare@jamtland.demo")
    response = client.post(
        check_url(submitted),
        {
            "check-outcome": "completion",
            "check-reason": "Bifoga budget.",
            "check-due_date": "2020-01-01",
        },
    )
    assert response.status_code == 400
    assert "Bifoga budget." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_only_the_countys_coordinator_records_the_check(login, submitted):
    data = {"check-outcome": "passed"}
    assert login("beredning1@jamtland.demo").post(check_url(submitted), data).status_code == 403
    assert login("sokande@ostersund.demo").post(check_url(submitted), data).status_code == 403
    assert login("samordnare@dalarna.demo").post(check_url(submitted), data).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_the_check_is_only_for_submitted_applications(login, in_review):
    response = login("samordnare@jamtland.demo").post(
        check_url(in_review), {"check-outcome": "ineligible", "check-reason": REASON}
    )
    assert response.status_code == 403
