"""The audit trail: who, when, from where, before/after; the county's CSV log."""

import pytest
from django.urls import reverse

from applications.errors import DecisionFinal
from applications.models import Application, DecisionMeeting, MeetingState, Status
from tests.applications.applying.test_views_applicant import edit_url, form_data


def _submit(login, draft):
    client = login("sokande@ostersund.demo")
    client.post(
        edit_url(draft), form_data(draft.call, submit=""), REMOTE_ADDR="192.0.2.7", follow=True
    )
    return client


def test_submitting_records_who_when_where_and_the_status_change(login, complete_draft):
    _submit(login, complete_draft)
    rows = list(Application.audit_log.model.objects.filter(id=complete_draft.pk).order_by("pk"))
    i = next(i for i, row in enumerate(rows) if row.status == Status.SUBMITTED)
    last = rows[i]
    assert last.history_user.email == "sokande@ostersund.demo"
    assert last.ip_address == "192.0.2.7"
    delta = last.diff_against(rows[i - 1])
    status = next(c for c in delta.changes if c.field == "status")
    assert (status.old, status.new) == (Status.DRAFT, Status.SUBMITTED)


def test_the_applicant_sees_the_history_without_addresses(login, complete_draft):
    client = _submit(login, complete_draft)
    page = client.get(reverse("applications:application_detail", args=[complete_draft.pk]))
    body = page.content.decode()
    assert 'id="audit-heading"' in body and "sokande@ostersund.demo" in body
    assert "192.0.2.7" not in body


def test_the_coordinator_sees_the_address(login, complete_draft):
    _submit(login, complete_draft)
    client = login("samordnare@jamtland.demo")
    body = client.get(
        reverse("applications:application_detail", args=[complete_draft.pk])
    ).content.decode()
    assert "192.0.2.7" in body


def test_the_detail_page_queries_do_not_grow_with_the_history(
    login, complete_draft, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config.data_version import everything_changed

    client = _submit(login, complete_draft)
    url = reverse("applications:application_detail", args=[complete_draft.pk])
    everything_changed()  # both views build the page's cached part: count the whole work
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    application = Application.objects.get(pk=complete_draft.pk)
    for i in range(7):
        application.contact_phone = f"070-00000{i}"
        application.save()
    everything_changed()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_county_log_is_csv_for_its_coordinator_only(login, complete_draft, applicant):
    from tests.applications.factories import make_application

    make_application(complete_draft.call, complete_draft.organisation, applicant, title="UTKAST")
    _submit(login, complete_draft)
    url = reverse("applications:county_log", args=["jamtland"])
    assert login("samordnare@vastmanland.demo").get(url).status_code in {403, 404}
    assert login("sokande@ostersund.demo").get(url).status_code in {403, 404}
    response = login("samordnare@jamtland.demo").get(url)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[2] == "IP-adress" and len(lines[0].split(";")) == 7
    submitted = [line for line in lines if "192.0.2.7" in line and "→" in line]
    assert submitted and "sokande@ostersund.demo" in submitted[-1]
    assert "UTKAST" not in text  # drafts are the applicant's own until submitted


def test_a_closed_meeting_cannot_be_opened_again_by_saving(seeded, jamtland, coordinator):
    meeting = DecisionMeeting.objects.create(
        county=jamtland, agreement=seeded, held_on="2025-05-01", state=MeetingState.CLOSED
    )
    meeting.state = MeetingState.OPEN
    with pytest.raises(DecisionFinal):
        meeting.save()
    meeting.state = MeetingState.MINUTES_APPROVED
    meeting.save()
    assert meeting.audit_log.count() == 2


# --- allocations in the admin -----------------------------------------------------------------


def test_editing_a_county_allocation_in_the_admin_is_recorded(login, seeded):
    from allocations.models import CountyAllocation

    allocation = CountyAllocation.objects.filter(county__slug="jamtland").first()
    before = allocation.amount
    client = login("admin@lansmedel.demo")
    url = reverse("admin:allocations_countyallocation_change", args=[allocation.pk])
    response = client.post(
        url,
        {
            "county": allocation.county_id,
            "focus_area": allocation.focus_area_id,
            "amount": before + 1,
            "basis": allocation.basis,
        },
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    last = allocation.audit_log.first()
    assert last.history_type == "~" and last.history_user.email == "admin@lansmedel.demo"
    assert last.ip_address == "198.51.100.4"
    change = last.diff_against(last.prev_record).changes
    assert [(c.field, c.old, c.new) for c in change] == [("amount", before, before + 1)]


# --- decisions --------------------------------------------------------------------------------


@pytest.fixture
def on_agenda(review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded):
    from tests.applications.decision_view_helpers import agenda, three_proposals

    three_proposals(in_review, applicant, coordinator, reviewers)
    return agenda(jamtland, seeded, coordinator)


def test_a_ruling_records_the_outcome_before_and_after(login, on_agenda):
    from applications.models import Decision, Outcome
    from tests.applications.decision_view_helpers import line_url, ruling

    _meeting, _item, lines = on_agenda
    line = lines[0]
    client = login("forum@jamtland.demo")
    response = client.post(
        line_url(line),
        ruling(line, outcome="rejected", motivation="Ryms inte."),
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    last = Decision.audit_log.model.objects.filter(id=line.pk).latest("history_date")
    assert last.history_user.email == "forum@jamtland.demo" and last.ip_address == "203.0.113.9"
    outcome = next(c for c in last.diff_against(last.prev_record).changes if c.field == "outcome")
    assert (outcome.old, outcome.new) == (Outcome.PENDING, Outcome.REJECTED)


def test_the_meeting_page_shows_its_history_in_a_fixed_number_of_queries(login, on_agenda):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.applications.decision_view_helpers import meeting_url

    meeting, _item, _lines = on_agenda
    client = login("samordnare@jamtland.demo")

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get(meeting_url(meeting)).content.decode()
        return len(queries), body

    for i in range(3 - meeting.audit_log.count()):
        meeting.place = f"Rum {i}"
        meeting.save()
    few, body = count()
    assert 'id="audit-heading"' in body and "samordnare@jamtland.demo" in body
    for i in range(7):
        meeting.place = f"Sal {i}"
        meeting.save()
    many, body = count()
    assert many == few
    assert "Sal 5 → Sal 6" in body


def test_a_grant_shows_its_history_to_the_countys_budget_roles(login, on_agenda, coordinator):
    from applications.decisions.services.closing import meeting_close
    from applications.decisions.services.rulings import item_adopt_as_whole
    from applications.models import Grant

    meeting, item, _lines = on_agenda
    item_adopt_as_whole(item=item, user=coordinator)
    meeting_close(meeting=meeting, user=coordinator)
    grant = Grant.objects.filter(county__slug="jamtland").first()
    url = reverse("applications:grant_history", args=["jamtland", grant.pk])
    assert login("samordnare@vastmanland.demo").get(url).status_code in {403, 404}
    assert login("sokande@ostersund.demo").get(url).status_code in {403, 404}
    body = login("forum@jamtland.demo").get(url).content.decode()
    assert 'id="audit-heading"' in body
    budget = reverse("allocations:budget_cell", args=["jamtland", 2025, "beslutat"])
    assert url in login("samordnare@jamtland.demo").get(budget).content.decode()
