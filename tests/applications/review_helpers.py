"""Applications in review and assessments of them, made through the services."""

import datetime

from applications.applying.services import application_submit
from applications.models import (
    Application,
    BudgetLine,
    ConflictDeclaration,
    CostKind,
    FormalCheckOutcome,
    ReviewMeeting,
    Status,
)
from applications.review.services import (
    assessment_save,
    conflict_declare,
    formal_check_record,
    review_meeting_create,
)


def in_review_like(
    template: Application, applicant, coordinator, *, amount: int, **fields
) -> Application:
    """Another application in the template's call, submitted and passed to review."""
    copy = Application.objects.get(pk=template.pk)
    copy.pk = None
    copy.status = Status.DRAFT
    copy.case_number = None
    copy.amount_requested = amount
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    BudgetLine.objects.create(application=copy, cost_kind=CostKind.OTHER, amount=amount)
    copy = application_submit(application=copy, user=applicant)
    formal_check_record(application=copy, user=coordinator, outcome=FormalCheckOutcome.PASSED)
    copy.refresh_from_db()
    return copy


def assess(
    application: Application,
    member,
    *,
    category: int | None,
    scores: dict[int, int] | None = None,
    recommendation: str = "approve_in_part",
    amount: int | None = 100_000,
    submit: bool = True,
):
    """The member declares no conflict (if not yet declared) and assesses: criteria ranked
    `category` and below are met, so the derived category is `category` (None: none met)."""
    if not ConflictDeclaration.objects.filter(application=application, member=member).exists():
        conflict_declare(application=application, member=member, has_conflict=False)
    answers = {
        rank: ("yes" if category is not None and rank >= category else "no") for rank in range(1, 5)
    }
    scores = scores or {}
    criteria = {
        c.pk: {"met": answers[c.rank], "score": scores.get(c.rank), "comment": ""}
        for c in application.county.criteria.filter(agreement=application.call.agreement)
    }
    return assessment_save(
        application=application,
        member=member,
        values={
            "recommendation": recommendation,
            "recommended_amount": amount,
            "motivation": "Motiverat.",
        },
        criteria=criteria,
        submit=submit,
    )


def declare_conflict(application: Application, member) -> None:
    conflict_declare(
        application=application, member=member, has_conflict=True, reason="Anställd hos sökande."
    )


def meeting(review_round, coordinator, attendees) -> ReviewMeeting:
    return review_meeting_create(
        review_round=review_round,
        user=coordinator,
        held_on=datetime.date(2025, 3, 5),
        attendees=list(attendees),
    )
