import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from applications.applying.services import (
    application_resubmit,
    application_submit,
    application_withdraw,
    completion_request,
    transition,
)
from applications.errors import ApplicationIncomplete, TransitionRefused
from applications.models import (
    TRANSITIONS,
    Application,
    BudgetLine,
    CostKind,
    RegisterEntry,
    RegisterEntryKind,
    Status,
)
from tests.services import wait_until

pytestmark = pytest.mark.django_db


def test_submission_gives_case_number_version_register_entry_and_receipt(
    complete_draft, applicant, celery_worker_if_broker
):
    application = application_submit(application=complete_draft, user=applicant)
    assert application.status == Status.SUBMITTED
    assert application.case_number == "23-2025-0001"
    assert application.submitted_at is not None
    assert application.versions.get().data["title"] == complete_draft.title
    entry = RegisterEntry.objects.get()
    assert (entry.kind, entry.case_number, entry.sender) == (
        RegisterEntryKind.APPLICATION,
        "23-2025-0001",
        "Östersunds kommun",
    )
    change = application.history.get()
    assert (change.from_status, change.to_status, change.by) == ("draft", "submitted", applicant)
    wait_until(lambda: len(mail.outbox) == 1)
    assert "23-2025-0001" in mail.outbox[0].subject
    assert "150 000 kr" in mail.outbox[0].body
    assert "anna@ostersund.se" in mail.outbox[0].to


def test_case_numbers_follow_each_other_per_county_and_year(complete_draft, applicant):
    first = application_submit(application=complete_draft, user=applicant)
    second = Application.objects.get(pk=first.pk)
    second.pk = None
    second.case_number = None
    second.status = Status.DRAFT
    second.save()
    BudgetLine.objects.create(application=second, cost_kind=CostKind.OTHER, amount=150_000)
    second = application_submit(application=second, user=applicant)
    assert (first.case_number, second.case_number) == ("23-2025-0001", "23-2025-0002")


def test_the_countys_own_case_number_format(complete_draft, applicant, jamtland):
    jamtland.case_number_format = "RJH {year}/{number}"
    jamtland.save()
    assert application_submit(application=complete_draft, user=applicant).case_number == (
        "RJH 2025/1"
    )


def test_an_incomplete_application_is_refused_with_every_reason(open_call, ostersund, applicant):
    draft = Application.objects.create(
        county=open_call.county, call=open_call, organisation=ostersund, created_by=applicant
    )
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=draft, user=applicant)
    problems = exc.value.problems
    for field in ["title", "description", "focus_area", "amount_requested", "period_start"]:
        assert field in problems, field
    assert problems[""] == ["Lägg till minst en budgetrad."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.case_number is None


def test_budget_must_equal_the_amount_applied_for(complete_draft, applicant):
    complete_draft.amount_requested = 160_000
    complete_draft.save()
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert exc.value.problems["amount_requested"] == [
        "Budgetraderna summerar till 150 000 kr, inte 160 000 kr."
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": datetime.date(2025, 1, 1)}, "period_end"),
        ({"finances_posts": True}, "post_share_percent"),
    ],
)
def test_field_rules(complete_draft, applicant, change, field):
    Application.objects.filter(pk=complete_draft.pk).update(**change)
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert field in exc.value.problems


def test_sub_area_is_required_where_the_call_opens_sub_areas(complete_draft, applicant, open_call):
    complete_draft.focus_area = open_call.focus_areas.get(number=1)
    complete_draft.save()
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert "sub_area" in exc.value.problems


def test_the_calls_amount_limits(complete_draft, applicant, open_call):
    open_call.max_amount = 100_000
    open_call.save()
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert exc.value.problems["amount_requested"] == ["Utlysningens högsta belopp är 100 000 kr."]


def test_after_the_call_closes_submission_is_refused_and_the_draft_stays(complete_draft, applicant):
    later = complete_draft.call.closes_at + datetime.timedelta(seconds=1)
    with pytest.raises(TransitionRefused) as exc:
        application_submit(application=complete_draft, user=applicant, now=later)
    assert "går inte längre att skicka in" in exc.value.message
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DRAFT
    assert complete_draft.title


def test_a_submitted_application_cannot_be_submitted_again(complete_draft, applicant):
    application_submit(application=complete_draft, user=applicant)
    with pytest.raises(TransitionRefused):
        application_submit(application=complete_draft, user=applicant)


def test_another_organisations_applicant_cannot_submit(complete_draft, seeded):
    other = get_user_model().objects.get(username="sokande@kfjh.demo")
    with pytest.raises(TransitionRefused):
        application_submit(application=complete_draft, user=other)


def test_completion_round_trip_keeps_every_version(
    complete_draft, applicant, coordinator, celery_worker_if_broker
):
    application = application_submit(application=complete_draft, user=applicant)
    request = completion_request(
        application=application,
        user=coordinator,
        message="Beskriv målgruppen tydligare.",
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETION_REQUESTED
    assert application.is_editable_by_applicant
    Application.objects.filter(pk=application.pk).update(target_group="Unga vuxna 18–25 år.")
    application = application_resubmit(application=application, user=applicant)
    assert application.status == Status.RESUBMITTED
    assert application.case_number == "23-2025-0001"
    versions = list(application.versions.all())
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].data["target_group"] == "Unga vuxna 18–25 år."
    request.refresh_from_db()
    assert request.answered_at is not None
    kinds = list(RegisterEntry.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["application", "completion_request", "completion"]
    wait_until(lambda: any("Beskriv målgruppen" in m.body for m in mail.outbox))


def test_an_applicant_cannot_ask_for_completion(complete_draft, applicant):
    application = application_submit(application=complete_draft, user=applicant)
    with pytest.raises(TransitionRefused):
        completion_request(
            application=application,
            user=applicant,
            message="x",
            due_date=timezone.localdate(),
        )


def test_a_completion_due_date_in_the_past_is_refused(complete_draft, applicant, coordinator):
    application = application_submit(application=complete_draft, user=applicant)
    with pytest.raises(TransitionRefused):
        completion_request(
            application=application,
            user=coordinator,
            message="x",
            due_date=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_withdrawal_needs_a_reason_and_is_recorded(complete_draft, applicant):
    application = application_submit(application=complete_draft, user=applicant)
    with pytest.raises(TransitionRefused):
        application_withdraw(application=application, user=applicant, reason="  ")
    application = application_withdraw(
        application=application, user=applicant, reason="Projektet skjuts upp."
    )
    assert application.status == Status.WITHDRAWN
    assert application.history.last().comment == "Projektet skjuts upp."
    assert RegisterEntry.objects.filter(kind=RegisterEntryKind.WITHDRAWAL).exists()


def test_a_decided_application_cannot_be_withdrawn(complete_draft, applicant):
    application = application_submit(application=complete_draft, user=applicant)
    Application.objects.filter(pk=application.pk).update(status=Status.APPROVED)
    application.refresh_from_db()
    with pytest.raises(TransitionRefused):
        application_withdraw(application=application, user=applicant, reason="Ångrat")


def test_every_move_outside_the_table_is_refused(complete_draft, coordinator, applicant):
    refused = 0
    for frm in Status:
        for to in Status:
            if (frm, to) in TRANSITIONS:
                continue
            Application.objects.filter(pk=complete_draft.pk).update(status=frm)
            complete_draft.refresh_from_db()
            for user in (coordinator, applicant):
                with pytest.raises(TransitionRefused):
                    transition(application=complete_draft, to=to, by=user)
                refused += 1
            complete_draft.refresh_from_db()
            assert complete_draft.status == frm
    assert refused == 2 * (len(Status) ** 2 - len(TRANSITIONS))
    assert not complete_draft.history.exists()


def test_a_move_in_the_table_is_refused_to_the_wrong_role(complete_draft, coordinator):
    with pytest.raises(TransitionRefused) as exc:
        transition(application=complete_draft, to=Status.SUBMITTED, by=coordinator)
    assert exc.value.message == "Din roll tillåter inte det här steget."


def test_a_focus_area_outside_the_call_is_refused(complete_draft, applicant, seeded):
    complete_draft.focus_area = seeded.focus_areas.get(number=2)
    complete_draft.save()
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert exc.value.problems["focus_area"] == [
        "Utlysningen är inte öppen för det här fokusområdet."
    ]


def test_a_sub_area_where_the_call_has_none_is_refused(complete_draft, applicant, seeded):
    complete_draft.sub_area = seeded.focus_areas.get(number=1).sub_areas.first()
    complete_draft.save()
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert "sub_area" in exc.value.problems


def test_the_calls_smallest_amount(complete_draft, applicant, open_call):
    open_call.min_amount = 200_000
    open_call.save()
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert exc.value.problems["amount_requested"] == ["Utlysningens lägsta belopp är 200 000 kr."]


def test_a_continuation_names_the_grant_it_continues(complete_draft, applicant, open_call):
    complete_draft.kind = "continuation"
    complete_draft.save()
    with pytest.raises(ApplicationIncomplete) as exc:
        application_submit(application=complete_draft, user=applicant)
    assert exc.value.problems["continues"] == ["Välj det bidrag som insatsen fortsätter."]
