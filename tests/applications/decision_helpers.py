"""Proposals, decision meetings and decisions made through the services."""

import datetime

from django.contrib.auth import get_user_model

from applications.decisions.services.meetings import agenda_add_proposals, meeting_create
from applications.models import Application, DecisionMeeting, Proposal
from applications.review.services import proposal_adopt
from tests.applications.review_helpers import assess, in_review_like, meeting


def user(email: str):
    return get_user_model().objects.get(username=email)


def proposed(
    template: Application, applicant, coordinator, reviewers, *, amount: int, **fields
) -> Proposal:
    """Another application of the template's call, assessed by both reviewers and proposed
    at `amount` by the review group."""
    from applications.review.services import round_for_member

    application = in_review_like(
        template, applicant, coordinator, amount=fields.pop("requested", amount), **fields
    )
    review_round = round_for_member(template, reviewers[0])
    for member in reviewers:
        assess(application, member, category=1, amount=amount, recommendation="approve")
    review_meeting = review_round.meetings.first() or meeting(review_round, coordinator, reviewers)
    return proposal_adopt(
        meeting=review_meeting,
        application=application,
        user=coordinator,
        amount=amount,
        motivation="Väl förankrad länsgemensam insats.",
    )


def open_meeting(
    county,
    agreement,
    coordinator,
    *,
    members=(),
    chair=None,
    approver=None,
    first_paragraph: int = 9,
) -> DecisionMeeting:
    return meeting_create(
        county=county,
        agreement=agreement,
        user=coordinator,
        held_on=datetime.date(2025, 3, 14),
        place="Östersund, Regionens hus",
        first_paragraph=first_paragraph,
        members_present=list(members),
        chair=chair,
        minutes_approver=approver,
    )


def meeting_with_proposals(county, agreement, coordinator, **kw):
    decision_meeting = open_meeting(county, agreement, coordinator, **kw)
    item = agenda_add_proposals(meeting=decision_meeting, user=coordinator)
    return decision_meeting, item
