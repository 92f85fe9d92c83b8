"""The worker's side of a message to applicants. The task name is kept as first published:
stored outbox rows name it."""

from celery import shared_task

from reporting.bulk.services import DELIVER_TASK, bulk_message_deliver


@shared_task(name=DELIVER_TASK, ignore_result=True, acks_late=True)
def bulk_message_deliver_run(message_id: int) -> int:
    """Store the message's e-mails in the mail outbox; a second delivery does nothing."""
    return bulk_message_deliver(message_id=message_id)
