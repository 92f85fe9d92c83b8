import datetime

import pytest

from allocations.models import CountyAllocation
from applications.applying.services import application_submit
from applications.errors import ApplicationError, ApplicationIncomplete, TransitionRefused
from applications.models import (
    Application,
    BudgetLine,
    CostKind,
    FormalCheckOutcome,
    Proposal,
    Status,
)
from applications.review.services import (
    assessment_save,
    conflict_declare,
    formal_check_record,
    proposal_adopt,
    review_assign,
    review_meeting_create,
    review_round_open,
)

pytestmark = pytest.mark.django_db


def criteria_values(application, answers: dict[int, str], scores: dict[int, int] | None = None):
    scores = scores or {}
    return {
        c.pk: {"met": answers.get(c.rank, ""), "score": scores.get(c.rank), "comment": ""}
        for c in application.county.criteria.filter(agreement=application.call.agreement)
    }


def full_assessment(application, member, *, category=2, amount=120_000, submit=True):
    answers = {rank: ("yes" if rank >= category else "no") for rank in range(1, 5)}
    return assessment_save(
        application=application,
        member=member,
        values={
            "recommendation": "approve_in_part",
            "recommended_amount": amount,
            "motivation": "Bra insats.",
        },
        criteria=criteria_values(application, answers, {1: 3, 2: 4}),
        submit=submit,
    )


def test_formal_check_passes_to_review(in_review):
    assert in_review.status == Status.IN_REVIEW
    assert in_review.formal_checks.get().outcome == FormalCheckOutcome.PASSED


def test_formal_check_rejects_as_ineligible_with_a_reason(complete_draft, applicant, coordinator):
    application = application_submit(application=complete_draft, user=applicant)
    with pytest.raises(TransitionRefused):
        formal_check_record(
            application=application, user=coordinator, outcome=FormalCheckOutcome.INELIGIBLE
        )
    formal_check_record(
        application=application,
        user=coordinator,
        outcome=FormalCheckOutcome.INELIGIBLE,
        reason="Insatsen ligger utanför överenskommelsen.",
    )
    application.refresh_from_db()
    assert application.status == Status.INELIGIBLE
    assert application.history.last().comment == "Insatsen ligger utanför överenskommelsen."


def test_formal_check_can_ask_for_completion(complete_draft, applicant, coordinator):
    application = application_submit(application=complete_draft, user=applicant)
    formal_check_record(
        application=application,
        user=coordinator,
        outcome=FormalCheckOutcome.COMPLETION,
        reason="Budgeten saknar lönekostnader.",
        due_date=datetime.date.today() + datetime.timedelta(days=5),
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETION_REQUESTED


def test_only_the_coordinator_does_the_formal_check(complete_draft, applicant, reviewers):
    application = application_submit(application=complete_draft, user=applicant)
    with pytest.raises(TransitionRefused):
        formal_check_record(
            application=application, user=reviewers[0], outcome=FormalCheckOutcome.PASSED
        )


def test_a_round_takes_only_review_group_members(in_review, coordinator, applicant):
    with pytest.raises(ApplicationError):
        review_round_open(
            call=in_review.call,
            user=coordinator,
            members=[applicant],
            due_date=datetime.date(2025, 3, 1),
        )


def test_assessing_needs_a_declaration_first(in_review, review_round, reviewers):
    with pytest.raises(TransitionRefused) as exc:
        full_assessment(in_review, reviewers[0])
    assert "jävig" in exc.value.message


def test_a_conflicted_member_cannot_assess_and_cannot_take_it_back(
    in_review, review_round, reviewers
):
    member = reviewers[0]
    with pytest.raises(TransitionRefused):
        conflict_declare(application=in_review, member=member, has_conflict=True, reason="")
    conflict_declare(
        application=in_review, member=member, has_conflict=True, reason="Min make leder projektet."
    )
    with pytest.raises(TransitionRefused):
        full_assessment(in_review, member)
    with pytest.raises(TransitionRefused):
        conflict_declare(application=in_review, member=member, has_conflict=False)


def test_an_assessment_derives_the_category_and_is_final_when_submitted(
    in_review, review_round, reviewers
):
    member = reviewers[0]
    conflict_declare(application=in_review, member=member, has_conflict=False)
    draft = full_assessment(in_review, member, category=3, submit=False)
    assert draft.category == 3
    assert draft.submitted_at is None
    submitted = full_assessment(in_review, member, category=2)
    assert submitted.category == 2
    assert submitted.submitted_at is not None
    with pytest.raises(TransitionRefused):
        full_assessment(in_review, member)


def test_submitting_an_incomplete_assessment_lists_what_is_missing(
    in_review, review_round, reviewers
):
    member = reviewers[0]
    conflict_declare(application=in_review, member=member, has_conflict=False)
    with pytest.raises(ApplicationIncomplete) as exc:
        assessment_save(application=in_review, member=member, values={}, criteria={}, submit=True)
    assert {"recommendation", "motivation"} <= set(exc.value.problems)
    assert sum(key.startswith("criterion-") for key in exc.value.problems) == 4


def test_the_recommended_amount_is_at_most_the_amount_applied_for(
    in_review, review_round, reviewers
):
    member = reviewers[0]
    conflict_declare(application=in_review, member=member, has_conflict=False)
    with pytest.raises(ApplicationIncomplete) as exc:
        full_assessment(in_review, member, amount=150_001)
    assert "recommended_amount" in exc.value.problems


def test_assigned_rounds_limit_who_assesses_what(in_review, coordinator, reviewers):
    review_round = review_round_open(
        call=in_review.call,
        user=coordinator,
        members=list(reviewers),
        due_date=datetime.date(2025, 3, 1),
        assess_all=False,
    )
    assert (
        review_assign(
            review_round=review_round,
            user=coordinator,
            members=[reviewers[0]],
            applications=[in_review],
        )
        == 1
    )
    conflict_declare(application=in_review, member=reviewers[0], has_conflict=False)
    with pytest.raises(TransitionRefused):
        conflict_declare(application=in_review, member=reviewers[1], has_conflict=False)


def another_in_review(in_review, applicant, coordinator, amount: int) -> Application:
    copy = Application.objects.get(pk=in_review.pk)
    copy.pk = None
    copy.status = Status.DRAFT
    copy.case_number = None
    copy.amount_requested = amount
    copy.save()
    BudgetLine.objects.create(application=copy, cost_kind=CostKind.OTHER, amount=amount)
    copy = application_submit(application=copy, user=applicant)
    formal_check_record(application=copy, user=coordinator, outcome=FormalCheckOutcome.PASSED)
    copy.refresh_from_db()
    return copy


def test_adoption_never_exceeds_the_focus_areas_allocation(
    in_review, review_round, reviewers, applicant, coordinator
):
    allocation = CountyAllocation.objects.get(
        county=in_review.county, focus_area=in_review.focus_area
    )
    assert allocation.amount == 6_190_809
    big = another_in_review(in_review, applicant, coordinator, amount=6_100_000)
    meeting = review_meeting_create(
        review_round=review_round,
        user=coordinator,
        held_on=datetime.date(2025, 3, 5),
        attendees=list(reviewers),
    )
    proposal_adopt(
        meeting=meeting,
        application=big,
        user=coordinator,
        amount=6_100_000,
        motivation="Länsövergripande.",
    )
    with pytest.raises(TransitionRefused) as exc:
        proposal_adopt(
            meeting=meeting,
            application=in_review,
            user=coordinator,
            amount=150_000,
            motivation="Lokal.",
        )
    assert "59 191 kr" in exc.value.message  # 6 100 000 + 150 000 − 6 190 809
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    proposal = proposal_adopt(
        meeting=meeting, application=in_review, user=coordinator, amount=90_809, motivation="Lokal."
    )
    in_review.refresh_from_db()
    assert in_review.status == Status.PROPOSED
    assert proposal.amount == 90_809
    assert Proposal.objects.count() == 2


def test_a_conflicted_member_takes_no_part_in_the_adoption(
    in_review, review_round, reviewers, coordinator
):
    conflict_declare(
        application=in_review,
        member=reviewers[1],
        has_conflict=True,
        reason="Anställd hos sökande.",
    )
    meeting = review_meeting_create(
        review_round=review_round,
        user=coordinator,
        held_on=datetime.date(2025, 3, 5),
        attendees=list(reviewers),
    )
    with pytest.raises(TransitionRefused):
        proposal_adopt(
            meeting=meeting, application=in_review, user=reviewers[1], amount=1, motivation="x"
        )
    proposal = proposal_adopt(
        meeting=meeting, application=in_review, user=reviewers[0], amount=100_000, motivation="Bra."
    )
    assert list(proposal.excluded_members.all()) == [reviewers[1]]
