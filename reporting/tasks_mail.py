"""Workers' side of the mail outbox (`reporting.mail`): one try per task, and the sweep."""

from celery import shared_task

from reporting.mail import mail_deliver, mail_sweep


@shared_task(ignore_result=True, acks_late=True)
def mail_deliver_run(email_id: int) -> str:
    """One try at a stored e-mail; a duplicate or early delivery of the task does nothing."""
    return mail_deliver(email_id=email_id)


@shared_task(ignore_result=True)
def mail_sweep_run() -> int:
    """Beat, every minute: hand the e-mails whose next try is due to the workers."""
    return mail_sweep()
