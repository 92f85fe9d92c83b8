"""A recommending county (Jämtland with two members) whose forum's minutes are approved,
and the person who records Östersund's adoptions (given the role before the approval, so
that the opening notice reaches them)."""

import pytest

from allocations.models import County, Membership, Organisation, Role
from allocations.models.county import DecisionMode
from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.rulings import item_adopt_as_whole
from tests.applications.decision_helpers import meeting_with_proposals, proposed, user


@pytest.fixture
def recommending(jamtland: County) -> County:
    jamtland.decision_mode = DecisionMode.RECOMMENDATION
    jamtland.adoption_period_days = 30
    jamtland.save()
    Organisation.objects.filter(county=jamtland).update(is_member=False)
    Organisation.objects.filter(
        county=jamtland, name__in=["Östersunds kommun", "Krokoms kommun"]
    ).update(is_member=True)
    return jamtland


@pytest.fixture
def adopter(recommending, seeded):
    person = user("sokande@ostersund.demo")
    Membership.objects.create(
        user=person,
        county=recommending,
        role=Role.ADOPTER,
        organisation=Organisation.objects.get(name="Östersunds kommun"),
    )
    return person


@pytest.fixture
def approved(
    recommending, seeded, adopter, review_round, in_review, applicant, coordinator, reviewers
):
    forum = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    area4 = in_review.call.focus_areas.get(number=4)
    proposed(in_review, applicant, coordinator, reviewers, amount=900_000, focus_area=area4)
    meeting, item = meeting_with_proposals(
        recommending, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    item_adopt_as_whole(item=item, user=forum[0])
    meeting_close(meeting=meeting, user=coordinator)
    minutes_approve(meeting=meeting, user=forum[0])
    return minutes_approve(meeting=meeting, user=forum[1])
