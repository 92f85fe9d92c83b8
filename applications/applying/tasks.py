"""Background work for applications: ids in, reload, and store the e-mail in the mail outbox
(`reporting.messaging.mail`), which delivers it with retries over about a day and shows a failure to
the county's coordinator. Enqueued after commit through the task outbox; a task delivered
twice stores its e-mail once (the message remembers the task's id, a notification its event).
A request for completion and a decision are notifications (`applications.applying.notifications`):
each of the applicant's people gets them as they chose, at once or in the daily digest."""

from celery import shared_task
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from applications.applying.notifications import case_notify, submitted_notify
from applications.models import Application, CompletionRequest
from reporting.messaging.mail import mail_queue
from reporting.models import MailKind, NotificationKind


def _recipients(application: Application) -> list[str]:
    addresses = {application.contact_email}
    if application.created_by and application.created_by.email:
        addresses.add(application.created_by.email)
    return sorted(a for a in addresses if a)


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"applications/email/{template}_subject.txt", context)
        body = render_to_string(f"applications/email/{template}.txt", context)
    return subject, body


def _queue(*, kind: str, template: str, context: dict, about, task_id) -> int:
    application = context["application"]
    subject, body = _render(template, context)
    email = mail_queue(
        kind=kind,
        to=_recipients(application),
        subject=subject,
        body=body,
        county=application.county,
        related=about,
        source_task_id=task_id,
    )
    return email.pk


@shared_task(name="applications.tasks.application_receipt_send", bind=True)
def application_receipt_send(self, application_id: int) -> int:
    """The receipt with the case number, to the contact person."""
    application = Application.objects.select_related(
        "call", "county", "organisation", "created_by"
    ).get(pk=application_id)
    return _queue(
        kind=MailKind.RECEIPT,
        template="receipt",
        context={"application": application},
        about=application,
        task_id=self.request.id,
    )


@shared_task(name="applications.tasks.completion_request_notify", bind=True)
def completion_request_notify(self, request_id: int) -> dict[str, int]:
    """Tell the applicant's people what to complete and by when."""
    request = CompletionRequest.objects.select_related(
        "application__county", "application__organisation", "application__created_by"
    ).get(pk=request_id)
    subject, body = _render("completion", {"application": request.application, "request": request})
    return case_notify(
        kind=NotificationKind.COMPLETION_ASKED,
        application=request.application,
        subject=subject,
        body=body,
        related=request,
        key=f"completion:{request.pk}",
    )


@shared_task(name="applications.tasks.decision_notify", bind=True)
def decision_notify(self, decision_id: int) -> dict[str, int]:
    """Tell the applicant's people what was decided, once the minutes are approved."""
    from applications.models import Decision

    decision = Decision.objects.select_related(
        "application__county",
        "application__organisation",
        "application__created_by",
        "item__meeting__county",
    ).get(pk=decision_id)
    subject, body = _render("decision", {"application": decision.application, "decision": decision})
    return case_notify(
        kind=NotificationKind.DECIDED,
        application=decision.application,
        subject=subject,
        body=body,
        related=decision,
        key=f"decision:{decision.pk}",
    )


@shared_task(name="applications.tasks.submitted_notify", bind=True)
def submitted_notify_send(self, application_id: int, version: int = 1) -> dict[str, int]:
    """Tell the county's coordinators of a submission (version 1) or a completion handed in
    (version 2 and later), after the submission committed. Told twice (the task delivered
    again), each person still has it once: the event's key says it was told."""
    application = Application.objects.select_related("county", "organisation").get(
        pk=application_id
    )
    return submitted_notify(application=application, version=version)
