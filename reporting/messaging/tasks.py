"""Workers' side of the outboxes: one try per stored e-mail, and the sweeps that hand out what is
due. Task names are kept as they were first published: stored outbox rows and beat name them."""

from celery import shared_task

from reporting.messaging.mail import DELIVER_TASK, mail_deliver, mail_sweep
from reporting.messaging.outbox import outbox_sweep


@shared_task(name=DELIVER_TASK, ignore_result=True, acks_late=True)
def mail_deliver_run(email_id: int) -> str:
    """One try at a stored e-mail; a duplicate or early delivery of the task does nothing."""
    return mail_deliver(email_id=email_id)


@shared_task(name="reporting.tasks_mail.mail_sweep_run", ignore_result=True)
def mail_sweep_run() -> int:
    """Beat, every minute: hand the e-mails whose next try is due to the workers."""
    return mail_sweep()


@shared_task(name="reporting.tasks.outbox_sweep_run", ignore_result=True)
def outbox_sweep_run() -> int:
    """Publish the outbox's pending messages (beat, every minute)."""
    return outbox_sweep()
