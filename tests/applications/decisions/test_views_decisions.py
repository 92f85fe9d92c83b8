"""The decision forum's meeting in the browser's terms: the coordinator creates it and puts
the adopted proposals on the agenda, the forum adopts the list with exceptions within the
allocation, the meeting is closed, the minutes approved, and the applicant sees the
decision only then."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.decisions.selectors.meetings import decided_sums
from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.meetings import agenda_add_line, correction_add
from applications.decisions.services.rulings import (
    Ruling,
    decided_sum,
    decision_rule,
    item_adopt_as_whole,
)
from applications.models import (
    AgendaItem,
    Assessment,
    Decision,
    DecisionMeeting,
    MeetingState,
    Outcome,
    RejectionReason,
    Status,
)
from tests.applications.decision_helpers import open_meeting
from tests.applications.decision_view_helpers import (
    agenda,
    exception,
    forum_members,
    item_url,
    line_url,
    meeting_url,
    ruling,
    three_proposals,
)
from tests.services import in_english

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposals(review_round, in_review, applicant, coordinator, reviewers):
    return three_proposals(in_review, applicant, coordinator, reviewers)


@pytest.fixture
def on_agenda(proposals, jamtland, seeded, coordinator):
    return agenda(jamtland, seeded, coordinator)


def html_of(response) -> str:
    return response.content.decode()


# --- creating a meeting ---------------------------------------------------------------------


def test_the_coordinator_creates_a_meeting(login, jamtland, seeded):
    forum = forum_members()
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:decision_meeting_create", args=[jamtland.slug])
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="members_present"' in html_of(form)
    response = client.post(
        url,
        {
            "agreement": seeded.pk,
            "held_on": "2025-03-07",
            "place": "Östersund, Regionens hus",
            "first_paragraph": "9",
            "members_present": [forum[0].pk, forum[1].pk],
            "chair": forum[0].pk,
            "minutes_approver": forum[1].pk,
        },
    )
    meeting = DecisionMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting_url(meeting)
    assert (meeting.county, meeting.held_on, meeting.first_paragraph) == (
        jamtland,
        datetime.date(2025, 3, 7),
        9,
    )
    assert (meeting.chair, meeting.minutes_approver) == forum
    assert set(meeting.members_present.all()) == set(forum)
    listing = html_of(client.get(reverse("applications:decision_meetings", args=["jamtland"])))
    assert "2025-03-07" in listing and "Östersund, Regionens hus" in listing


def test_a_bad_date_and_no_members_are_marked_and_the_input_kept(login, jamtland, seeded):
    forum = forum_members()
    response = login("samordnare@jamtland.demo").post(
        reverse("applications:decision_meeting_create", args=[jamtland.slug]),
        {
            "agreement": seeded.pk,
            "held_on": "2025-02-30",
            "place": "Strömsund",
            "first_paragraph": "12",
            "chair": forum[0].pk,
        },
    )
    assert response.status_code == 400
    html = html_of(response)
    assert "Fyll i ett giltigt datum." in html  # Django's own Swedish message
    assert "Detta fält måste fyllas i." in html  # no member present
    assert 'value="2025-02-30"' in html
    assert 'value="Strömsund"' in html and 'value="12"' in html
    assert html.count('aria-invalid="true"') >= 2
    assert not DecisionMeeting.objects.exists()


def test_the_chair_must_be_present_and_not_the_approver(login, jamtland, seeded):
    forum = forum_members()
    response = login("samordnare@jamtland.demo").post(
        reverse("applications:decision_meeting_create", args=[jamtland.slug]),
        {
            "agreement": seeded.pk,
            "held_on": "2025-03-07",
            "first_paragraph": "1",
            "members_present": [forum[0].pk],
            "chair": forum[0].pk,
            "minutes_approver": forum[0].pk,
        },
    )
    assert response.status_code == 400
    assert 'id="id_minutes_approver"' in html_of(response)
    assert not DecisionMeeting.objects.exists()


def test_the_coordinator_edits_an_open_meeting(login, on_agenda):
    meeting, _item, _lines = on_agenda
    forum = forum_members()
    client = login("samordnare@jamtland.demo")
    url = meeting_url(meeting, "decision_meeting_edit")
    form = html_of(client.get(url))
    assert 'value="Östersund, Regionens hus"' in form
    assert 'name="agreement"' not in form  # the year stays
    response = client.post(
        url,
        {
            "held_on": "2025-03-21",
            "place": "Digitalt",
            "first_paragraph": "9",
            "members_present": [forum[0].pk, forum[1].pk],
            "chair": forum[1].pk,
            "minutes_approver": forum[0].pk,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.held_on, meeting.chair) == (
        "Digitalt",
        datetime.date(2025, 3, 21),
        forum[1],
    )


# --- the agenda -----------------------------------------------------------------------------


def test_the_adopted_proposals_go_on_the_agenda_as_one_paragraph(
    login, proposals, jamtland, seeded, coordinator
):
    forum = forum_members()
    meeting = open_meeting(jamtland, seeded, coordinator, members=forum, chair=forum[0])
    client = login("samordnare@jamtland.demo")
    assert "(3" in html_of(client.get(meeting_url(meeting)))  # three waiting
    response = client.post(meeting_url(meeting, "decision_proposals_add"))
    assert response.status_code == 302
    assert response["Location"].endswith("#paragraf-9")
    html = html_of(client.get(meeting_url(meeting)))
    assert "§9" in html
    for proposal in proposals:
        assert proposal.application.case_number in html
    assert "1 000 000 kr" in html and "3 000 000 kr" in html
    assert "6 000 000 kr" in html  # proposed in area 4
    assert "6 190 809 kr" in html  # area 4's allocation
    assert 'name="line-' in html  # the adoption form
    assert AgendaItem.objects.get(meeting=meeting).decisions.count() == 3
    # nothing left to add
    response = client.post(meeting_url(meeting, "decision_proposals_add"))
    assert AgendaItem.objects.filter(meeting=meeting).count() == 1


def test_a_paragraph_and_a_line_without_application(login, on_agenda, ostersund, seeded):
    meeting, _item, _lines = on_agenda
    client = login("samordnare@jamtland.demo")
    response = client.post(meeting_url(meeting, "decision_item_add"), {"item-heading": "Övrigt"})
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting, number=10)
    area1 = seeded.focus_areas.get(number=1)
    area4 = seeded.focus_areas.get(number=4)
    wrong_sub_area = area1.sub_areas.first()
    data = {
        f"n{item.pk}-focus_area": area4.pk,
        f"n{item.pk}-sub_area": wrong_sub_area.pk,
        f"n{item.pk}-title": "Samordnare suicidprevention",
        f"n{item.pk}-amount": "150 000",
        f"n{item.pk}-responsible_organisation": ostersund.pk,
        f"n{item.pk}-handling_organisation": ostersund.pk,
        f"n{item.pk}-handling_note": "för vidare fördelning",
    }
    refused = client.post(item_url(item, "decision_line_add"), data)
    assert refused.status_code == 400
    html = html_of(refused)
    assert f'id="id_n{item.pk}-sub_area"' in html and "is-invalid" in html
    assert 'value="150 000"' in html and 'value="för vidare fördelning"' in html
    assert not item.decisions.exists()

    data[f"n{item.pk}-sub_area"] = ""
    assert client.post(item_url(item, "decision_line_add"), data).status_code == 302
    line = item.decisions.get()
    assert (line.proposed_amount, line.application, line.handling_note) == (
        150_000,
        None,
        "för vidare fördelning",
    )
    page = html_of(client.get(meeting_url(meeting)))
    assert "§10 Övrigt" in page and "Samordnare suicidprevention" in page


def test_a_forum_member_changes_who_handles_the_money(login, on_agenda, jamtland):
    _meeting, _item, lines = on_agenda
    kfjh = jamtland.organisations.get(name="Kommunförbundet Jämtland Härjedalen")
    line = lines[0]
    response = login("forum@jamtland.demo").post(
        line_url(line, "decision_line_organisation"),
        {
            f"o{line.pk}-responsible_organisation": line.responsible_organisation_id,
            f"o{line.pk}-handling_organisation": kfjh.pk,
            f"o{line.pk}-handling_note": "för vidare fördelning",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.handling_organisation, line.handling_note) == (kfjh, "för vidare fördelning")


# --- deciding -------------------------------------------------------------------------------


def test_the_forum_adopts_the_list_with_one_partial_approval_and_one_rejection(
    login, on_agenda, jamtland
):
    meeting, item, lines = on_agenda
    reason = RejectionReason.objects.create(county=jamtland, text="Insatsen är inte länsgemensam.")
    client = login("forum@jamtland.demo")
    page = html_of(client.get(meeting_url(meeting)))
    assert "Insatsen är inte länsgemensam." in page  # offered in the exception
    response = client.post(
        item_url(item),
        {
            **exception(lines[0], outcome="", motivation="", conditions=""),
            **exception(
                lines[1],
                outcome="approved_in_part",
                amount="1 500 000",
                motivation="Ryms delvis.",
                conditions="Redovisa halvårsvis.",
            ),
            **exception(lines[2], outcome="rejected", rejection_reason=reason.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#paragraf-9")
    decided = {d.proposed_amount: d for d in item.decisions.all()}
    assert (decided[1_000_000].outcome, decided[1_000_000].amount) == (Outcome.APPROVED, 1_000_000)
    assert (decided[2_000_000].outcome, decided[2_000_000].amount) == (
        Outcome.APPROVED_IN_PART,
        1_500_000,
    )
    assert decided[2_000_000].conditions == "Redovisa halvårsvis."
    assert (decided[3_000_000].outcome, decided[3_000_000].rejection_reason) == (
        Outcome.REJECTED,
        reason,
    )
    page = html_of(client.get(meeting_url(meeting)))
    assert "2 500 000 kr" in page  # decided so far in area 4
    assert "3 690 809 kr" in page  # remaining of 6 190 809
    assert "Ryms delvis." in page
    assert 'name="line-' not in page  # nothing left to adopt


def test_the_guard_refusal_shows_in_the_focus_area_and_keeps_what_was_typed(
    login, on_agenda, coordinator
):
    meeting, item, lines = on_agenda
    extra = agenda_add_line(
        item=item,
        user=coordinator,
        focus_area=lines[0].focus_area,
        title="Samordnare suicidprevention",
        amount=200_000,
        responsible_organisation=lines[0].responsible_organisation,
        handling_organisation=lines[0].handling_organisation,
    )
    response = login("forum@jamtland.demo").post(
        item_url(item),
        {
            **exception(lines[0], outcome="", motivation="Särskilt angeläget.", conditions=""),
            **exception(extra, outcome="", motivation="", conditions="Anställ före juni."),
        },
    )
    assert response.status_code == 400
    html = html_of(response)
    assert "9 191 kr" in html  # 6 200 000 − 6 190 809
    area = f'id="guard-error-{item.pk}-4"'
    assert area in html  # in focus area 4 of the adoption form
    assert html.index(area) < html.index(f'id="besluta-rad-{extra.pk}"')
    assert "Särskilt angeläget." in html and "Anställ före juni." in html
    assert not Decision.objects.exclude(outcome=Outcome.PENDING).exists()


def test_field_problems_are_marked_on_their_line_with_the_input_kept(login, on_agenda):
    meeting, item, lines = on_agenda
    response = login("forum2@jamtland.demo").post(
        item_url(item),
        {
            **exception(lines[1], outcome="approved_in_part", amount="2 500 000", motivation=""),
            **exception(lines[2], outcome="rejected", motivation=""),
        },
    )
    assert response.status_code == 400
    html = html_of(response)
    assert f'id="id_line-{lines[1].pk}-amount"' in html
    assert 'value="2 500 000"' in html  # typed, kept
    assert "2 000 000 kr" in html  # the message names the proposed amount
    assert html.count('aria-invalid="true"') >= 3  # amount and motivation, reason
    assert f'id="adopt-error-{item.pk}"' in html
    assert not Decision.objects.exclude(outcome=Outcome.PENDING).exists()


def test_one_line_decided_on_its_own_and_the_guard_next_to_it(login, on_agenda, coordinator):
    meeting, item, lines = on_agenda
    item_adopt_as_whole(item=item, user=coordinator)  # 6 000 000 of 6 190 809
    extra = agenda_add_line(
        item=item,
        user=coordinator,
        focus_area=lines[0].focus_area,
        title="Utbildning",
        amount=200_000,
        responsible_organisation=lines[0].responsible_organisation,
        handling_organisation=lines[0].handling_organisation,
    )
    client = login("forum@jamtland.demo")
    response = client.post(
        line_url(extra), ruling(extra, outcome="approved", motivation="Viktigt.", conditions="")
    )
    assert response.status_code == 400
    html = html_of(response)
    error = f'id="line-error-{extra.pk}"'
    assert error in html and "9 191 kr" in html
    assert html.index(f'id="rad-{extra.pk}"') < html.index(error)
    assert "Viktigt." in html
    extra.refresh_from_db()
    assert extra.outcome == Outcome.PENDING

    response = client.post(
        line_url(extra),
        ruling(extra, outcome="approved_in_part", amount="190 809", motivation="Det som ryms."),
    )
    assert response.status_code == 302
    extra.refresh_from_db()
    assert (extra.outcome, extra.amount) == (Outcome.APPROVED_IN_PART, 190_809)
    assert "0 kr" in html_of(client.get(meeting_url(meeting)))


def test_a_member_takes_no_part_and_the_coordinator_records_it_for_another(login, on_agenda):
    meeting, item, lines = on_agenda
    forum = forum_members()
    client = login("forum2@jamtland.demo")
    assert client.post(line_url(lines[0], "decision_not_participating")).status_code == 302
    assert list(lines[0].not_participating.all()) == [forum[1]]
    html = html_of(client.get(meeting_url(meeting)))
    assert f'name="d{lines[0].pk}-outcome"' not in html  # no ruling form on that line
    assert f'name="line-{lines[0].pk}-outcome"' not in html
    assert f'name="line-{lines[1].pk}-outcome"' in html

    # a member may not record it for someone else
    refused = client.post(
        line_url(lines[1], "decision_not_participating"), {f"j{lines[1].pk}-member": forum[0].pk}
    )
    assert refused.status_code == 403
    coordinator = login("samordnare@jamtland.demo")
    response = coordinator.post(
        line_url(lines[1], "decision_not_participating"), {f"j{lines[1].pk}-member": forum[0].pk}
    )
    assert response.status_code == 302
    assert list(lines[1].not_participating.all()) == [forum[0]]

    # adopting the list as forum2 leaves their line to the others
    client = login("forum2@jamtland.demo")
    assert client.post(item_url(item), {}).status_code == 302
    outcomes = dict(item.decisions.values_list("pk", "outcome"))
    assert outcomes[lines[0].pk] == Outcome.PENDING
    assert outcomes[lines[1].pk] == outcomes[lines[2].pk] == Outcome.APPROVED


# --- closing, approving the minutes, releasing ----------------------------------------------


def test_closing_approving_and_releasing_to_the_applicant(login, on_agenda, client):
    meeting, item, lines = on_agenda
    application = lines[1].application
    Assessment.objects.filter(application=application).update(
        applicant_comment="Tydlig plan, men budgeten är hög."
    )
    detail = reverse("applications:application_detail", args=[application.pk])
    item_adopt_as_whole(
        item=item,
        user=forum_members()[0],
        exceptions={
            lines[1].pk: Ruling(
                Outcome.APPROVED_IN_PART, amount=1_500_000, motivation="Ryms delvis."
            )
        },
    )

    coordinator = login("samordnare@jamtland.demo")
    confirm = coordinator.get(meeting_url(meeting, "decision_meeting_close"))
    assert confirm.status_code == 200
    assert meeting.state == MeetingState.OPEN
    assert coordinator.post(meeting_url(meeting, "decision_meeting_close")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    page = html_of(coordinator.get(meeting_url(meeting)))
    assert 'name="line-' not in page and f'name="d{lines[0].pk}-outcome"' not in page
    assert meeting_url(meeting, "decision_minutes_approve") not in page  # not chair/approver
    assert "1 500 000 kr" in page

    applicant = login("sokande@ostersund.demo")
    before = html_of(applicant.get(detail))
    assert "Ryms delvis." not in before and 'id="decision-heading"' not in before

    chair = login("forum@jamtland.demo")
    approve = meeting_url(meeting, "decision_minutes_approve")
    assert f'action="{approve}"' in html_of(chair.get(meeting_url(meeting)))
    assert chair.post(approve).status_code == 302
    meeting.refresh_from_db()
    assert meeting.chair_approved_at is not None and meeting.state == MeetingState.CLOSED
    page = html_of(chair.get(meeting_url(meeting)))
    assert f'action="{approve}"' not in page  # once each
    assert timezone.localtime(meeting.chair_approved_at).strftime("%Y-%m-%d") in page
    assert 'id="decision-heading"' not in html_of(login("sokande@ostersund.demo").get(detail))

    approver = login("forum2@jamtland.demo")
    assert approver.post(approve).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.MINUTES_APPROVED
    assert 'role="status"' in html_of(approver.get(meeting_url(meeting)))

    applicant = login("sokande@ostersund.demo")
    after = html_of(applicant.get(detail))
    assert 'id="decision-heading"' in after
    assert "1 500 000 kr" in after and "§9" in after and "SVOM" in after
    assert "2025-03-14" in after and "Ryms delvis." in after
    assert "Tydlig plan, men budgeten är hög." in after
    application.refresh_from_db()
    assert application.status == Status.APPROVED_IN_PART

    staff = html_of(login("samordnare@jamtland.demo").get(detail))
    assert 'id="decision-heading"' in staff and "Ryms delvis." in staff


def test_a_rejection_shows_its_reason_to_the_applicant(login, on_agenda, jamtland, coordinator):
    meeting, item, lines = on_agenda
    reason = RejectionReason.objects.create(county=jamtland, text="Ryms inte inom ramen.")
    forum = forum_members()
    item_adopt_as_whole(
        item=item,
        user=forum[0],
        exceptions={lines[0].pk: Ruling(Outcome.REJECTED, rejection_reason=reason)},
    )
    meeting_close(meeting=meeting, user=coordinator)
    minutes_approve(meeting=meeting, user=forum[0])
    minutes_approve(meeting=meeting, user=forum[1])
    detail = reverse("applications:application_detail", args=[lines[0].application.pk])
    html = html_of(login("sokande@ostersund.demo").get(detail))
    assert "Ryms inte inom ramen." in html
    assert 'id="decision-heading"' in html


def test_a_correction_of_a_final_decision(login, on_agenda, jamtland, seeded, coordinator):
    meeting, item, lines = on_agenda
    item_adopt_as_whole(item=item, user=coordinator)
    meeting_close(meeting=meeting, user=coordinator)
    later = open_meeting(jamtland, seeded, coordinator, members=forum_members(), first_paragraph=20)
    client = login("samordnare@jamtland.demo")
    page = html_of(client.get(meeting_url(later)))
    assert 'name="correction-corrected"' not in page  # searched on its own page
    assert 'name="q"' in page
    search = meeting_url(later, "decision_correction_add")
    page = html_of(client.get(search, {"q": lines[0].application.case_number}))
    assert 'name="correction-corrected"' in page
    assert lines[0].application.case_number in page  # offered for correction
    assert lines[1].application.case_number not in page  # only what matches
    assert 'name="correction-corrected"' in html_of(client.get(search, {"q": "§9"}))
    assert "correction-corrected" not in html_of(client.get(search, {"q": "ingenting"}))
    response = client.post(
        meeting_url(later, "decision_correction_add"), {"correction-corrected": lines[0].pk}
    )
    assert response.status_code == 302
    correction = Decision.objects.get(corrects=lines[0])
    assert correction.item.meeting == later and correction.item.number == 20
    page = html_of(client.get(meeting_url(later)))
    assert "§9" in page and "2025-03-14" in page  # "corrects the decision in §9 of …"

    again = client.post(
        meeting_url(later, "decision_correction_add"), {"correction-corrected": lines[0].pk}
    )
    assert again.status_code == 400  # no longer offered: corrected already
    assert Decision.objects.filter(corrects=lines[0]).count() == 1


def test_the_standings_count_what_stands_decided_as_the_guard_does(
    login, on_agenda, jamtland, seeded, coordinator
):
    meeting, item, lines = on_agenda
    item_adopt_as_whole(item=item, user=coordinator)
    meeting_close(meeting=meeting, user=coordinator)
    later = open_meeting(jamtland, seeded, coordinator, members=forum_members(), first_paragraph=20)
    correction = correction_add(meeting=later, user=coordinator, corrected=lines[2])
    decision_rule(
        decision=correction,
        user=coordinator,
        ruling=Ruling(Outcome.APPROVED_IN_PART, amount=500_000, motivation="Rättelse."),
    )
    area4 = lines[0].focus_area_id
    expected = decided_sum(county_id=jamtland.pk, focus_area_id=area4)
    assert expected == 3_500_000  # 1 000 000 + 2 000 000 + 500 000 (replacing 3 000 000)
    assert decided_sums(county_id=jamtland.pk, agreement_id=seeded.pk) == {area4: expected}
    html = html_of(login("forum@jamtland.demo").get(meeting_url(later)))
    assert "3 500 000 kr" in html and "2 690 809 kr" in html  # decided, remaining


def test_the_meeting_page_in_english(login, on_agenda):
    meeting, item, _lines = on_agenda
    client = in_english(login("forum@jamtland.demo"))
    html = html_of(client.get(meeting_url(meeting)))
    assert "Decide §9 according to the proposal list as a whole" in html
    assert "Allocation and decisions per focus area" in html
    assert "Conflict of interest" in html  # a link to the line's own page, where …
    line_page = html_of(client.get(line_url(_lines[0], "decision_line")))
    assert "I take no part (conflict of interest)" in line_page  # … the forms are
    assert "Prepare the agenda" not in html  # the coordinator's panel
    listing = html_of(client.get(reverse("applications:decision_meetings", args=["jamtland"])))
    assert "Decision meetings" in listing and "New meeting" not in listing
    coordinator = in_english(login("samordnare@jamtland.demo"))
    assert "New meeting" in html_of(
        coordinator.get(reverse("applications:decision_meetings", args=["jamtland"]))
    )
