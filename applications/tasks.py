"""Background work for applications: ids in, reload, send. Enqueued after commit."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Application, CompletionRequest


def _recipients(application: Application) -> list[str]:
    addresses = {application.contact_email}
    if application.created_by and application.created_by.email:
        addresses.add(application.created_by.email)
    return sorted(a for a in addresses if a)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_receipt_send(application_id: int) -> None:
    """The receipt with the case number, to the contact person."""
    application = Application.objects.select_related("call", "county", "organisation").get(
        pk=application_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {"application": application}
        send_mail(
            subject=render_to_string("applications/email/receipt_subject.txt", context).strip(),
            message=render_to_string("applications/email/receipt.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=_recipients(application),
        )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def completion_request_notify(request_id: int) -> None:
    """Tell the applicant what to complete and by when."""
    request = CompletionRequest.objects.select_related(
        "application__county", "application__created_by"
    ).get(pk=request_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"application": request.application, "request": request}
        send_mail(
            subject=render_to_string("applications/email/completion_subject.txt", context).strip(),
            message=render_to_string("applications/email/completion.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=_recipients(request.application),
        )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def decision_notify(decision_id: int) -> None:
    """Tell the applicant what was decided, once the minutes are approved."""
    from .models import Decision

    decision = Decision.objects.select_related(
        "application__county", "application__created_by", "item__meeting__county"
    ).get(pk=decision_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"application": decision.application, "decision": decision}
        send_mail(
            subject=render_to_string("applications/email/decision_subject.txt", context).strip(),
            message=render_to_string("applications/email/decision.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=_recipients(decision.application),
        )


# Registered here so the worker's autodiscovery (which imports `<app>.tasks`) finds it.
from .tasks_documents import document_generate  # noqa: E402, F401
