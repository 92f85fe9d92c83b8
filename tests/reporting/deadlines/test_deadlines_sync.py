"""Deadlines are seeded from the agreement and follow what happens: a call, a completion
request, a review round or a grant brings its deadline; doing the thing marks it done."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from allocations.models import County, GrantReport, Organisation, Requisition, Role
from applications.models import CompletionRequest
from reporting.deadlines.selectors import RECIPIENT_FIELDS, recipients_of
from reporting.models import Deadline, DeadlineKind
from tests.applications.factories import make_application, make_call
from tests.matrix_fixtures import grant_without_application, user

pytestmark = pytest.mark.django_db


def kinds(county: County) -> dict[str, datetime.date]:
    return dict(Deadline.objects.filter(county=county).values_list("kind", "due_on"))


def test_load_deadlines_seeds_the_agreement_dates_and_is_idempotent(seeded):
    call_command("load_deadlines", all=True)
    count = Deadline.objects.count()
    call_command("load_deadlines", year=2025)
    assert Deadline.objects.count() == count
    jamtland = kinds(County.objects.get(slug="jamtland"))
    assert jamtland == {
        DeadlineKind.REQUISITION: datetime.date(2025, 12, 1),
        DeadlineKind.REPAYMENT: datetime.date(2026, 3, 31),
        DeadlineKind.INVOICING: datetime.date(2025, 8, 30),
    }
    assert DeadlineKind.INVOICING not in kinds(County.objects.get(slug="dalarna"))


def test_a_moved_deadline_keeps_its_date_when_loaded_again(seeded):
    call_command("load_deadlines", year=2025)
    deadline = Deadline.objects.filter(kind=DeadlineKind.REQUISITION).first()
    Deadline.objects.filter(pk=deadline.pk).update(due_on=datetime.date(2025, 11, 28))
    call_command("load_deadlines", year=2025)
    deadline.refresh_from_db()
    assert deadline.due_on == datetime.date(2025, 11, 28)


def test_a_call_brings_its_closing_for_the_applicants_with_a_draft(seeded):
    jamtland = County.objects.get(slug="jamtland")
    call = make_call(jamtland, seeded)
    deadline = Deadline.objects.get(call=call, kind=DeadlineKind.CALL_CLOSING)
    assert deadline.due_on == timezone.localdate(call.closes_at)
    ostersund = Organisation.objects.get(name="Östersunds kommun")
    make_application(call, ostersund, user("sokande@ostersund.demo"))
    row = Deadline.objects.filter(pk=deadline.pk).values(*RECIPIENT_FIELDS).get()
    assert recipients_of([row]) == {deadline.pk: {user("sokande@ostersund.demo").pk}}
    call.closes_at = timezone.now() + datetime.timedelta(days=20)
    call.save()
    deadline.refresh_from_db()
    assert deadline.due_on == timezone.localdate(call.closes_at)


def test_a_completion_request_is_a_deadline_done_when_answered(seeded):
    jamtland = County.objects.get(slug="jamtland")
    ostersund = Organisation.objects.get(name="Östersunds kommun")
    application = make_application(
        make_call(jamtland, seeded), ostersund, user("sokande@ostersund.demo")
    )
    request = CompletionRequest.objects.create(
        application=application, message="Budget saknas", due_date=datetime.date(2025, 5, 2)
    )
    deadline = request.deadline
    assert (deadline.due_on, deadline.responsible_organisation) == (request.due_date, ostersund)
    assert deadline.done_at is None
    request.answered_at = timezone.now()
    request.save()
    deadline.refresh_from_db()
    assert deadline.done_at is not None


def test_a_grant_brings_its_report_back_done_when_the_report_is_submitted(seeded, monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    grant = grant_without_application(seeded)
    mail.outbox.clear()
    deadline = Deadline.objects.get(grant=grant, kind=DeadlineKind.REPORT_BACK)
    assert deadline.due_on == datetime.date(2025, 12, 31)
    assert deadline.responsible_role == Role.APPLICANT
    assert deadline.responsible_organisation == grant.responsible_organisation
    report = GrantReport.objects.create(grant=grant)
    deadline.refresh_from_db()
    assert deadline.done_at is None  # a draft is not a report
    report.state = "submitted"
    report.save()
    deadline.refresh_from_db()
    assert deadline.done_at is not None


def test_requisitions_of_every_area_in_full_mark_the_requisition_deadline_done(seeded):
    from allocations.models import CountyAllocation

    call_command("load_deadlines", year=2025)
    jamtland = County.objects.get(slug="jamtland")
    requisition = Deadline.objects.get(county=jamtland, kind=DeadlineKind.REQUISITION)
    allocations = list(
        CountyAllocation.objects.filter(county=jamtland, focus_area__agreement=seeded)
    )
    day = datetime.date(2025, 11, 3)
    for allocation in allocations[:-1]:
        Requisition.objects.create(
            county=jamtland,
            focus_area=allocation.focus_area,
            amount=allocation.amount,
            requisitioned_on=day,
        )
    last = allocations[-1]
    Requisition.objects.create(
        county=jamtland, focus_area=last.focus_area, amount=1, requisitioned_on=day
    )
    requisition.refresh_from_db()
    assert requisition.done_at is None  # 1 kr of the last area is not the area requisitioned
    Requisition.objects.create(
        county=jamtland, focus_area=last.focus_area, amount=last.amount - 1, requisitioned_on=day
    )
    requisition.refresh_from_db()
    assert requisition.done_at is not None


def test_send_reminders_scans_the_given_day(seeded, monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    call_command("load_deadlines", year=2025)
    call_command("send_reminders", date="2025-11-01")
    assert Deadline.objects.filter(reminders__offset_days=30).count() == 4  # every county
