"""Reminders to the members whose adoption is pending (beat, once a day)."""

from celery import shared_task

from applications.adoptions.services import adoption_reminders_send


@shared_task(name="applications.tasks_adoptions.adoption_reminders_daily", ignore_result=True)
def adoption_reminders_daily() -> int:
    """Remind the pending members due within two weeks, at most once a week each."""
    return adoption_reminders_send()
