"""Review meetings: recording one, adopting proposed decisions within the allocation."""

import datetime

import pytest
from django.urls import reverse

from applications.models import Proposal, ReviewMeeting, Status
from applications.review.services import proposal_adopt
from tests.applications.review_helpers import assess, declare_conflict, in_review_like, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_meeting(review_round, coordinator, reviewers):
    return meeting(review_round, coordinator, reviewers)


def meeting_url(review_meeting):
    return reverse(
        "applications:review_meeting", args=[review_meeting.county.slug, review_meeting.pk]
    )


def adopt_url(review_meeting, application):
    return reverse(
        "applications:proposal_adopt",
        args=[review_meeting.county.slug, review_meeting.pk, application.pk],
    )


def row_data(application, **values) -> dict:
    prefix = f"p{application.pk}"
    return {f"{prefix}-{name}": value for name, value in values.items()}


# --- recording a meeting ------------------------------------------------------------------


def test_a_meeting_is_recorded_with_its_date_and_attendees(
    login, jamtland, review_round, reviewers
):
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:review_meeting_create", args=[jamtland.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"round": review_round.pk, "held_on": "2025-03-05", "attendees": [reviewers[0].pk]},
    )
    created = ReviewMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting_url(created)
    assert created.held_on == datetime.date(2025, 3, 5)
    assert list(created.attendees.all()) == [reviewers[0]]
    assert created.county == jamtland


def test_attendees_are_members_of_the_round(
    login, jamtland, in_review, review_round, coordinator, reviewers
):
    from applications.review.services import review_round_open

    only_first = review_round_open(
        call=in_review.call,
        user=coordinator,
        members=[reviewers[0]],
        due_date=datetime.date(2025, 4, 1),
    )
    url = reverse("applications:review_meeting_create", args=[jamtland.slug])
    response = login("beredning1@jamtland.demo").post(
        url,
        {
            "round": only_first.pk,
            "held_on": "2025-03-05",
            "attendees": [reviewers[0].pk, reviewers[1].pk],
        },
    )
    assert response.status_code == 400
    assert reviewers[1].get_username() in response.content.decode()
    assert not ReviewMeeting.objects.exists()


# --- the agenda ---------------------------------------------------------------------------


def test_the_agenda_prefills_the_recommended_amount(login, in_review, review_meeting, reviewers):
    assess(in_review, reviewers[0], category=1, amount=100_000)
    assess(in_review, reviewers[1], category=2, amount=120_000)
    response = login("samordnare@jamtland.demo").get(meeting_url(review_meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert in_review.case_number in html
    assert f'name="p{in_review.pk}-amount"' in html
    assert 'value="100000"' in html  # the lower median of 100 000 and 120 000
    # every per-row input has a label naming the case number
    assert html.count("</span></label>") >= 3
    assert f"– {in_review.case_number}</span></label>" in html
    assert "6 190 809 kr" in html  # allocation of area 4
    assert "6 090 809 kr" in html  # remaining if the amount entered is adopted
    assert "proposal-sums.js" in html


def test_a_member_with_a_conflict_gets_no_form_and_sees_nothing(
    login, in_review, review_meeting, reviewers
):
    declare_conflict(in_review, reviewers[1])
    assess(in_review, reviewers[0], category=1, amount=123_456)
    html = login("beredning2@jamtland.demo").get(meeting_url(review_meeting)).content.decode()
    assert in_review.case_number in html
    assert f'name="p{in_review.pk}-amount"' not in html
    assert "123 456 kr" not in html


# --- adopting -----------------------------------------------------------------------------


def test_adopting_a_proposal(login, in_review, review_meeting, reviewers):
    declare_conflict(in_review, reviewers[1])
    client = login("beredning1@jamtland.demo")
    response = client.post(
        adopt_url(review_meeting, in_review),
        row_data(in_review, amount="120 000", motivation="Väl förankrad.", conditions="Redovisa."),
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#arende-{in_review.pk}")
    proposal = Proposal.objects.get()
    assert (proposal.amount, proposal.motivation, proposal.conditions) == (
        120_000,
        "Väl förankrad.",
        "Redovisa.",
    )
    assert proposal.meeting == review_meeting
    in_review.refresh_from_db()
    assert in_review.status == Status.PROPOSED  # on the decision forum's agenda
    html = client.get(meeting_url(review_meeting)).content.decode()
    assert "120 000 kr" in html
    assert reviewers[1].get_username() in html  # took no part (jäv)
    assert f'name="p{in_review.pk}-amount"' not in html


def test_the_guard_refuses_beyond_the_allocation_and_keeps_the_typed_values(
    login, in_review, review_meeting, applicant, coordinator
):
    big = in_review_like(in_review, applicant, coordinator, amount=6_100_000)
    proposal_adopt(
        meeting=review_meeting,
        application=big,
        user=coordinator,
        amount=6_100_000,
        motivation="Länsövergripande.",
    )
    response = login("samordnare@jamtland.demo").post(
        adopt_url(review_meeting, in_review),
        row_data(
            in_review, amount="150 000", motivation="Lokal insats i Östersund.", conditions="X"
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "59 191 kr" in html  # 6 100 000 + 150 000 − 6 190 809
    assert f'id="proposal-error-{in_review.pk}"' in html  # next to the row
    assert 'value="150 000"' in html
    assert "Lokal insats i Östersund." in html
    assert Proposal.objects.count() == 1
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_a_missing_motivation_is_marked_on_the_row(login, in_review, review_meeting):
    response = login("samordnare@jamtland.demo").post(
        adopt_url(review_meeting, in_review), row_data(in_review, amount="abc", motivation="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'value="abc"' in html
    assert not Proposal.objects.exists()


def test_a_conflicted_member_cannot_adopt(login, in_review, review_meeting, reviewers):
    declare_conflict(in_review, reviewers[1])
    response = login("beredning2@jamtland.demo").post(
        adopt_url(review_meeting, in_review), row_data(in_review, amount="1", motivation="x")
    )
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_only_applications_of_the_meetings_call(
    login, seeded, in_review, review_meeting, applicant
):
    from tests.applications.factories import make_application, make_call

    other_call = make_call(in_review.county, seeded, title="Annan utlysning")
    stranger = make_application(
        other_call, in_review.organisation, applicant, status=Status.IN_REVIEW
    )
    response = login("samordnare@jamtland.demo").post(
        adopt_url(review_meeting, stranger), row_data(stranger, amount="1", motivation="x")
    )
    assert response.status_code == 404


# --- authorization ------------------------------------------------------------------------


def test_meetings_only_for_the_countys_coordinator_and_review_group(
    login, jamtland, in_review, review_meeting
):
    url = meeting_url(review_meeting)
    create = reverse("applications:review_meeting_create", args=[jamtland.slug])
    assert login("beredning2@jamtland.demo").get(url).status_code == 200
    assert login("sokande@ostersund.demo").get(url).status_code == 403
    assert login("forum@jamtland.demo").get(create).status_code == 403
    assert login("samordnare@dalarna.demo").get(url).status_code == 404
    post = login("samordnare@vastmanland.demo").post(
        adopt_url(review_meeting, in_review), row_data(in_review, amount="1", motivation="x")
    )
    assert post.status_code == 404
    assert not Proposal.objects.exists()


def test_a_meeting_of_another_county_is_not_found(login, review_meeting):
    other = reverse("applications:review_meeting", args=["dalarna", review_meeting.pk])
    assert login("samordnare@dalarna.demo").get(other).status_code == 404
