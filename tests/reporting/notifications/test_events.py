"""Each event of a case is told to the people it concerns as each of them chose: an e-mail
at once, an item of the daily digest, or nothing (except a request for completion and a
decision, which cannot be switched off); the notification's link opens a page the person
may see, and no person gets two e-mails for one event."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from applications.applying.services import application_submit, completion_request
from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.rulings import item_adopt_as_whole
from reporting.deadlines.reminders import reminders_scan
from reporting.models import (
    Deadline,
    DeadlineKind,
    Delivery,
    DigestItem,
    MailKind,
    NotificationChoice,
    NotificationKind,
    OutboxMessage,
    OutgoingEmail,
    Reminder,
)
from reporting.notifications.services import absolute_link, choices_save, digest_send
from tests.applications.decision_helpers import meeting_with_proposals, proposed, user
from tests.matrix_fixtures import grant_without_application

pytestmark = pytest.mark.django_db

CONTACT = "anna@ostersund.se"  # the application's contact person, no account


def choose(person, kind: NotificationKind, delivery: str | None) -> None:
    if delivery is not None:
        NotificationChoice.objects.update_or_create(
            user=person, kind=kind, defaults={"delivery": delivery}
        )


def mails_to(address: str, kind: str | None = None) -> list[OutgoingEmail]:
    mails = [m for m in OutgoingEmail.objects.order_by("pk") if address in m.to]
    return [m for m in mails if kind is None or m.kind == kind]


def digest_of(person, kind: NotificationKind) -> list[DigestItem]:
    return list(DigestItem.objects.filter(user=person, kind=kind, sent_at__isnull=True))


def run_tasks(name: str) -> None:
    """Run the task outbox's messages of `name` in-process, as a worker would after commit."""
    from config.celery import app

    for message in OutboxMessage.objects.filter(task=name).order_by("pk"):
        app.tasks[name].apply(args=message.args, task_id=str(message.task_id))


def opens_for(person, link: str) -> int:
    client = Client()
    client.force_login(person)
    return client.get(link).status_code


def link_in(email: OutgoingEmail) -> str:
    [line] = [line for line in email.body.splitlines() if "://" in line]
    return urlsplit(line.strip()).path


# An application submitted: the county's coordinators -----------------------------------------


@pytest.mark.parametrize(
    ("delivery", "mailed", "digested"),
    [(Delivery.NOW, True, False), (Delivery.DIGEST, False, True), (Delivery.NONE, False, False)],
)
def test_a_submission_reaches_the_coordinator_as_chosen(
    complete_draft, applicant, coordinator, delivery, mailed, digested
):
    choose(coordinator, NotificationKind.SUBMITTED, delivery)
    application = application_submit(application=complete_draft, user=applicant)
    run_tasks("applications.tasks.submitted_notify")  # the coordinators are told after commit

    told = mails_to(coordinator.email, MailKind.NOTIFICATION)
    assert [application.case_number in m.subject for m in told] == ([True] if mailed else [])
    items = digest_of(coordinator, NotificationKind.SUBMITTED)
    assert len(items) == (1 if digested else 0)
    # The applicant has the receipt only, not a coordinator's notification.
    assert mails_to(applicant.email, MailKind.NOTIFICATION) == []
    run_tasks("applications.tasks.application_receipt_send")
    assert len(mails_to(applicant.email, MailKind.RECEIPT)) == 1
    if mailed:
        assert opens_for(coordinator, link_in(told[0])) == 200
    if digested:
        assert application.case_number in items[0].subject
        assert opens_for(coordinator, items[0].link) == 200


def test_a_coordinator_who_chose_nothing_gets_submissions_in_the_daily_digest(
    complete_draft, applicant, coordinator
):
    application = application_submit(application=complete_draft, user=applicant)
    run_tasks("applications.tasks.submitted_notify")  # the coordinators are told after commit
    assert mails_to(coordinator.email, MailKind.NOTIFICATION) == []
    assert digest_send(user_ids=[coordinator.pk]) == 1
    [digest] = mails_to(coordinator.email, MailKind.DIGEST)
    assert application.case_number in digest.body
    assert absolute_link(f"/ansokningar/{application.pk}/") in digest.body


def test_a_completion_handed_in_is_told_to_the_coordinator_too(
    complete_draft, applicant, coordinator
):
    choose(coordinator, NotificationKind.SUBMITTED, Delivery.NOW)
    application = application_submit(application=complete_draft, user=applicant)
    completion_request(
        application=application,
        user=coordinator,
        message="Komplettera budgeten.",
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    application_submit(application=application, user=applicant)
    run_tasks("applications.tasks.submitted_notify")  # the coordinators are told after commit
    told = mails_to(coordinator.email, MailKind.NOTIFICATION)
    assert len(told) == 2 and application.case_number in told[1].subject


# A completion asked for: the applicant's people, and its contact person -------------------------


def _ask_completion(complete_draft, applicant, coordinator):
    application = application_submit(application=complete_draft, user=applicant)
    completion_request(
        application=application,
        user=coordinator,
        message="Bifoga styrelsens protokoll.",
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    run_tasks("applications.tasks.completion_request_notify")
    return application


def test_a_completion_request_is_e_mailed_at_once_to_the_applicant_and_the_contact(
    complete_draft, applicant, coordinator
):
    application = _ask_completion(complete_draft, applicant, coordinator)
    [email] = mails_to(applicant.email, MailKind.COMPLETION)
    assert CONTACT in email.to  # one e-mail for the case, as before
    assert "Bifoga styrelsens protokoll." in email.body
    assert opens_for(applicant, link_in(email)) == 200
    assert application.case_number in email.body


def test_a_completion_request_in_the_digest_still_reaches_the_contact_at_once(
    complete_draft, applicant, coordinator
):
    choices_save(user=applicant, deliveries={NotificationKind.COMPLETION_ASKED: Delivery.DIGEST})
    _ask_completion(complete_draft, applicant, coordinator)
    assert mails_to(applicant.email, MailKind.COMPLETION) == []
    [item] = digest_of(applicant, NotificationKind.COMPLETION_ASKED)
    assert "Bifoga styrelsens protokoll." in item.body
    assert opens_for(applicant, item.link) == 200
    [email] = mails_to(CONTACT, MailKind.COMPLETION)
    assert email.to == [CONTACT]


def test_a_completion_request_cannot_be_switched_off(complete_draft, applicant, coordinator):
    with pytest.raises(ValueError):
        choices_save(user=applicant, deliveries={NotificationKind.COMPLETION_ASKED: Delivery.NONE})
    choose(applicant, NotificationKind.COMPLETION_ASKED, Delivery.NONE)  # a row left from before
    _ask_completion(complete_draft, applicant, coordinator)
    assert len(mails_to(applicant.email, MailKind.COMPLETION)) == 1


def test_a_completion_request_told_twice_is_one_e_mail(complete_draft, applicant, coordinator):
    _ask_completion(complete_draft, applicant, coordinator)
    run_tasks("applications.tasks.completion_request_notify")  # the task delivered again
    assert len(mails_to(applicant.email, MailKind.COMPLETION)) == 1


# A decision: the applicant's people, only when both have approved the minutes ------------------


@pytest.fixture
def decided(review_round, in_review, applicant, coordinator, reviewers, jamtland, seeded):
    """A proposal decided in a closed meeting of SVOM, its minutes not yet approved."""
    forum = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    proposal = proposed(
        in_review,
        applicant,
        coordinator,
        reviewers,
        amount=1_000_000,
        focus_area=in_review.call.focus_areas.get(number=4),
        title="Insats för unga vuxna",
    )
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    item_adopt_as_whole(item=item, user=forum[0])
    meeting_close(meeting=meeting, user=coordinator)
    return meeting, proposal.application, forum


def _release(meeting, forum) -> None:
    minutes_approve(meeting=meeting, user=forum[0])
    run_tasks("applications.tasks.decision_notify")
    assert OutgoingEmail.objects.filter(kind=MailKind.DECISION).count() == 0
    assert not DigestItem.objects.filter(kind=NotificationKind.DECIDED).exists()
    minutes_approve(meeting=meeting, user=forum[1])
    run_tasks("applications.tasks.decision_notify")


def _decision_mails(address: str, application) -> list[OutgoingEmail]:
    return [m for m in mails_to(address, MailKind.DECISION) if application.case_number in m.subject]


def test_a_decision_is_e_mailed_once_both_have_approved_the_minutes(decided, applicant):
    meeting, application, forum = decided
    _release(meeting, forum)
    [email] = _decision_mails(applicant.email, application)
    assert CONTACT in email.to
    assert "1 000 000 kr" in email.body
    assert opens_for(applicant, link_in(email)) == 200


def test_a_decision_in_the_digest_reaches_the_applicant_once_and_the_contact_at_once(
    decided, applicant
):
    meeting, application, forum = decided
    choices_save(user=applicant, deliveries={NotificationKind.DECIDED: Delivery.DIGEST})
    _release(meeting, forum)
    assert _decision_mails(applicant.email, application) == []
    [item] = [
        i
        for i in digest_of(applicant, NotificationKind.DECIDED)
        if application.case_number in i.subject
    ]
    assert opens_for(applicant, item.link) == 200
    assert [m.to for m in _decision_mails(CONTACT, application)] == [[CONTACT]]
    digest_send(user_ids=[applicant.pk])
    [digest] = mails_to(applicant.email, MailKind.DIGEST)
    assert application.case_number in digest.body


def test_a_decision_cannot_be_switched_off(decided, applicant):
    meeting, application, forum = decided
    with pytest.raises(ValueError):
        choices_save(user=applicant, deliveries={NotificationKind.DECIDED: Delivery.NONE})
    choose(applicant, NotificationKind.DECIDED, Delivery.NONE)  # a row left from before
    _release(meeting, forum)
    assert len(_decision_mails(applicant.email, application)) == 1


# A report back due: the recipient organisation's people ----------------------------------------


@pytest.fixture
def report_back(seeded) -> Deadline:
    grant = grant_without_application(seeded, title="Samordnare för suicidprevention")
    return Deadline.objects.get(grant=grant, kind=DeadlineKind.REPORT_BACK)


def _remind(deadline: Deadline, days_before: int) -> None:
    reminders_scan(today=deadline.due_on - datetime.timedelta(days=days_before))


def _early(deadline: Deadline) -> int:
    return max(o for o in deadline.reminder_offsets if o > 7)


def _reminders_to(address: str, deadline: Deadline) -> list[OutgoingEmail]:
    return [m for m in mails_to(address, MailKind.REMINDER) if deadline.title in m.subject]


@pytest.mark.parametrize(
    ("delivery", "mailed", "digested"),
    [(None, True, False), (Delivery.DIGEST, False, True), (Delivery.NONE, False, False)],
)
def test_a_report_back_reminder_reaches_the_recipient_as_chosen(
    report_back, applicant, delivery, mailed, digested
):
    choose(applicant, NotificationKind.REPORT_DUE, delivery)
    _remind(report_back, _early(report_back))

    assert len(_reminders_to(applicant.email, report_back)) == (1 if mailed else 0)
    items = [
        i
        for i in digest_of(applicant, NotificationKind.REPORT_DUE)
        if report_back.title in i.subject
    ]
    assert len(items) == (1 if digested else 0)
    recorded = Reminder.objects.filter(deadline=report_back, recipient=applicant)
    assert recorded.count() == (1 if mailed or digested else 0)
    if digested:
        assert recorded.get().state == "sent"  # shown as sent on the deadlines page
        assert opens_for(applicant, items[0].link) == 200
        _remind(report_back, _early(report_back))  # the scan run again adds nothing
        assert len(digest_of(applicant, NotificationKind.REPORT_DUE)) == 1


@pytest.mark.parametrize("delivery", [Delivery.DIGEST, Delivery.NONE])
def test_the_last_report_back_reminder_is_always_e_mailed_at_once(report_back, applicant, delivery):
    choose(applicant, NotificationKind.REPORT_DUE, delivery)
    _remind(report_back, 1)
    assert len(_reminders_to(applicant.email, report_back)) == 1
    assert digest_of(applicant, NotificationKind.REPORT_DUE) == []


def test_a_submission_and_a_completion_request_are_one_e_mail_each(complete_draft, applicant):
    """The coordinator e-mailed at once of submissions and the applicant of the request
    get one e-mail each; the applicant's receipt is not doubled by a notification."""
    coordinator = get_user_model().objects.get(username="samordnare@jamtland.demo")
    choose(coordinator, NotificationKind.SUBMITTED, Delivery.NOW)
    _ask_completion(complete_draft, applicant, coordinator)
    run_tasks("applications.tasks.submitted_notify")  # the coordinators are told after commit
    assert len(mails_to(coordinator.email, MailKind.NOTIFICATION)) == 1
    assert len(mails_to(applicant.email, MailKind.COMPLETION)) == 1
    assert mails_to(applicant.email, MailKind.NOTIFICATION) == []
    run_tasks("applications.tasks.application_receipt_send")
    assert len(mails_to(applicant.email, MailKind.RECEIPT)) == 1


# A repayment recorded: the county's coordinators ----------------------------------------------


@pytest.mark.parametrize(
    ("delivery", "mailed", "digested"),
    [(Delivery.NOW, True, False), (Delivery.DIGEST, False, True), (Delivery.NONE, False, False)],
)
def test_a_repayment_reaches_the_coordinators_as_chosen(
    jamtland, coordinator, delivery, mailed, digested
):
    from allocations.obligations.services.repayment import repayment_record
    from allocations.obligations.services.requisition import requisition_record

    choose(coordinator, NotificationKind.REPAYMENT_COMPUTED, delivery)
    area = jamtland.allocations.select_related("focus_area").first().focus_area
    day = datetime.date(2026, 3, 1)
    requisition_record(
        county=jamtland, focus_area=area, amount=500_000, requisitioned_on=day, by=coordinator
    )
    repayment_record(
        county=jamtland, focus_area=area, amount=120_000, repaid_on=day, by=coordinator
    )
    told = [m for m in mails_to(coordinator.email, MailKind.NOTIFICATION) if "120 000" in m.subject]
    assert len(told) == (1 if mailed else 0)
    items = digest_of(coordinator, NotificationKind.REPAYMENT_COMPUTED)
    assert len(items) == (1 if digested else 0)
    if mailed:
        assert opens_for(coordinator, link_in(told[0])) == 200
    if digested:
        assert "120 000" in items[0].subject
        assert opens_for(coordinator, items[0].link) == 200
