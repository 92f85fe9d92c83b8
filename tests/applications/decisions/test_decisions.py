"""The decision forum decides within the allocation; closed meetings are final."""

import pytest
from django.core import mail

from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.meetings import (
    agenda_add_item,
    agenda_add_line,
    correction_add,
)
from applications.decisions.services.rulings import (
    Ruling,
    decided_sum,
    decision_rule,
    item_adopt_as_whole,
)
from applications.errors import ApplicationIncomplete, DecisionFinal, TransitionRefused
from applications.models import Decision, Grant, MeetingState, Outcome, Status
from tests.applications.decision_helpers import meeting_with_proposals, open_meeting, proposed, user
from tests.services import wait_until

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(seeded):
    return user("forum@jamtland.demo"), user("forum2@jamtland.demo")


@pytest.fixture
def three_proposals(review_round, in_review, applicant, coordinator, reviewers):
    area4 = in_review.call.focus_areas.get(number=4)
    return [
        proposed(
            in_review,
            applicant,
            coordinator,
            reviewers,
            amount=a,
            focus_area=area4,
            title=f"Insats {a}",
        )
        for a in (1_000_000, 2_000_000, 3_000_000)
    ]


def test_the_list_is_adopted_as_a_whole_with_one_exception(
    three_proposals, jamtland, seeded, coordinator, forum
):
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    assert item.number == 9
    lines = list(item.decisions.order_by("proposed_amount"))
    assert [d.proposed_amount for d in lines] == [1_000_000, 2_000_000, 3_000_000]

    item_adopt_as_whole(
        item=item,
        user=forum[0],
        exceptions={
            lines[1].pk: Ruling(Outcome.APPROVED_IN_PART, amount=1_500_000, motivation="Delvis."),
            lines[2].pk: Ruling(Outcome.REJECTED, motivation="Ej länsgemensam."),
        },
    )
    outcomes = {d.proposed_amount: (d.outcome, d.amount) for d in item.decisions.all()}
    assert outcomes == {
        1_000_000: (Outcome.APPROVED, 1_000_000),
        2_000_000: (Outcome.APPROVED_IN_PART, 1_500_000),
        3_000_000: (Outcome.REJECTED, 0),
    }
    area4 = lines[0].focus_area
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area4.pk) == 2_500_000


def test_a_partial_approval_must_be_below_the_proposal_and_motivated(
    three_proposals, jamtland, seeded, coordinator, forum
):
    meeting, item = meeting_with_proposals(jamtland, seeded, coordinator, members=forum)
    line = item.decisions.order_by("proposed_amount").first()
    with pytest.raises(ApplicationIncomplete) as refused:
        decision_rule(
            decision=line,
            user=forum[0],
            ruling=Ruling(Outcome.APPROVED_IN_PART, amount=1_000_000, motivation=""),
        )
    assert set(refused.value.problems) == {"amount", "motivation"}
    line.refresh_from_db()
    assert line.outcome == Outcome.PENDING


def test_the_forum_never_decides_beyond_the_allocation(
    three_proposals, jamtland, seeded, coordinator, forum
):
    meeting, item = meeting_with_proposals(jamtland, seeded, coordinator, members=forum)
    area4 = three_proposals[0].application.focus_area
    # Jämtland's area 4 allocation is 6 190 809 kr: 6 000 000 is proposed, add a line of 200 000.
    extra = agenda_add_line(
        item=item,
        user=coordinator,
        focus_area=area4,
        title="Samordnare suicidprevention",
        amount=200_000,
        responsible_organisation=three_proposals[0].application.organisation,
        handling_organisation=three_proposals[0].application.organisation,
    )
    with pytest.raises(TransitionRefused) as refused:
        item_adopt_as_whole(item=item, user=forum[0])
    assert "9 191 kr" in refused.value.message  # 6 200 000 − 6 190 809
    assert not Decision.objects.exclude(outcome=Outcome.PENDING).exists()

    decision_rule(
        decision=extra, user=forum[0], ruling=Ruling(Outcome.REJECTED, motivation="Ryms ej.")
    )
    item_adopt_as_whole(item=item, user=forum[0])
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area4.pk) == 6_000_000


def test_a_member_with_a_conflict_does_not_decide_the_item(
    three_proposals, jamtland, seeded, coordinator, forum
):
    from applications.decisions.services.rulings import member_not_participating

    meeting, item = meeting_with_proposals(jamtland, seeded, coordinator, members=forum)
    line = item.decisions.first()
    member_not_participating(decision=line, user=forum[0], member=forum[0])
    with pytest.raises(ApplicationIncomplete):
        decision_rule(decision=line, user=forum[0], ruling=Ruling(Outcome.APPROVED))
    decision_rule(decision=line, user=forum[1], ruling=Ruling(Outcome.APPROVED))
    line.refresh_from_db()
    assert line.outcome == Outcome.APPROVED
    assert list(line.not_participating.all()) == [forum[0]]


def test_closing_makes_decisions_final_and_grants_the_approved(
    three_proposals, jamtland, seeded, coordinator, forum
):
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    with pytest.raises(TransitionRefused):
        meeting_close(meeting=meeting, user=coordinator)  # nothing decided yet
    last = item.decisions.order_by("proposed_amount").last()
    item_adopt_as_whole(
        item=item, user=forum[0], exceptions={last.pk: Ruling(Outcome.REJECTED, motivation="Nej")}
    )
    meeting_close(meeting=meeting, user=coordinator)

    grants = Grant.objects.filter(county=jamtland).order_by("amount")
    assert [g.amount for g in grants] == [1_000_000, 2_000_000]
    assert grants[0].responsible_organisation.name == "Östersunds kommun"
    with pytest.raises(DecisionFinal):
        decision_rule(decision=last, user=forum[0], ruling=Ruling(Outcome.APPROVED))
    last.refresh_from_db()
    last.outcome = Outcome.APPROVED
    with pytest.raises(DecisionFinal):
        last.save()  # refused at the model, not only in the services
    with pytest.raises(DecisionFinal):
        agenda_add_item(meeting=meeting, user=coordinator, heading="Övrigt")


def test_decisions_reach_applicants_only_when_both_have_approved_the_minutes(
    three_proposals, jamtland, seeded, coordinator, forum, celery_worker_if_broker
):
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    item_adopt_as_whole(item=item, user=forum[0])
    meeting_close(meeting=meeting, user=coordinator)
    application = three_proposals[0].application
    mail.outbox.clear()

    with pytest.raises(TransitionRefused):
        minutes_approve(meeting=meeting, user=coordinator)  # neither chair nor approver
    minutes_approve(meeting=meeting, user=forum[0])
    application.refresh_from_db()
    assert application.status == Status.PROPOSED
    assert mail.outbox == []

    with pytest.raises(TransitionRefused):
        minutes_approve(meeting=meeting, user=forum[0])  # once each
    meeting = minutes_approve(meeting=meeting, user=forum[1])
    assert meeting.state == MeetingState.MINUTES_APPROVED
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    # One decision e-mail per applicant, sent by the worker (or in-process); SVOM only
    # recommends, so the members' adopters are also told, in their own e-mails.
    cases = {p.application.case_number for p in three_proposals}
    wait_until(lambda: {c for c in cases for m in mail.outbox if c in m.subject} == cases)
    [message] = [m for m in mail.outbox if application.case_number in m.subject]
    assert "SVOM" in message.subject
    assert "1 000 000 kr" in message.body and "§9" in message.body


def test_a_correction_replaces_a_final_decision_and_keeps_the_chain(
    three_proposals, jamtland, seeded, coordinator, forum
):
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    item_adopt_as_whole(item=item, user=forum[0])
    meeting_close(meeting=meeting, user=coordinator)
    old = item.decisions.order_by("proposed_amount").first()
    area4 = old.focus_area
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area4.pk) == 6_000_000

    later = open_meeting(jamtland, seeded, coordinator, members=forum, first_paragraph=20)
    not_final = later_decision_in_open_meeting(later, coordinator, area4, old)
    with pytest.raises(TransitionRefused):
        correction_add(meeting=later, user=coordinator, corrected=not_final)
    correction = correction_add(meeting=later, user=coordinator, corrected=old)
    assert correction.item.number == 21
    decision_rule(
        decision=not_final, user=forum[0], ruling=Ruling(Outcome.REJECTED, motivation="Nej")
    )
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area4.pk) == 6_000_000
    decision_rule(
        decision=correction,
        user=forum[0],
        ruling=Ruling(Outcome.APPROVED_IN_PART, amount=400_000, motivation="Rättelse."),
    )
    assert decided_sum(county_id=jamtland.pk, focus_area_id=area4.pk) == 5_400_000
    meeting_close(meeting=later, user=coordinator)
    old_grant = Grant.objects.get(decision=old)
    assert old_grant.replaced_by == correction
    assert correction.grant.amount == 400_000
    with pytest.raises(TransitionRefused):
        correction_add(
            meeting=open_meeting(jamtland, seeded, coordinator), user=coordinator, corrected=old
        )


def later_decision_in_open_meeting(meeting, coordinator, area, template):
    """A decision of a meeting that is still open: not final, so not correctable."""
    item = agenda_add_item(meeting=meeting, user=coordinator, heading="Övrigt")
    return agenda_add_line(
        item=item,
        user=coordinator,
        focus_area=area,
        title="Rad",
        amount=1,
        responsible_organisation=template.responsible_organisation,
        handling_organisation=template.handling_organisation,
    )


def test_only_the_forum_and_the_coordinator_decide(
    three_proposals, jamtland, seeded, coordinator, reviewers, applicant, forum
):
    meeting, item = meeting_with_proposals(jamtland, seeded, coordinator, members=forum)
    line = item.decisions.first()
    for outsider in [reviewers[0], applicant, user("forum@vastmanland.demo")]:
        with pytest.raises(TransitionRefused):
            decision_rule(decision=line, user=outsider, ruling=Ruling(Outcome.APPROVED))


def test_a_grant_keeps_what_its_decision_fixed(agreement_2025):
    from allocations.agreements.services import read_seed
    from applications.decisions.services.seed import decision_seed_load

    decision_seed_load(data=read_seed("decision_jamtland_2025.toml"))
    grant = Grant.objects.get(amount=2_385_000)
    grant.project_code = "Proj 4170"
    grant.save()  # the project code is follow-up data
    grant.amount = 3_000_000
    with pytest.raises(DecisionFinal):
        grant.save()
    with pytest.raises(DecisionFinal):
        grant.delete()
    grant.refresh_from_db()
    assert (grant.amount, grant.project_code) == (2_385_000, "Proj 4170")
