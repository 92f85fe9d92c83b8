"""The daily digest (beat, once a day): each person's pending notifications in one e-mail."""

from celery import shared_task

from reporting.notifications.services import digest_send


@shared_task(name="reporting.tasks_notifications.digest_send_daily", ignore_result=True)
def digest_send_daily() -> int:
    """Send today's digests; items already sent are not sent again."""
    return digest_send()
