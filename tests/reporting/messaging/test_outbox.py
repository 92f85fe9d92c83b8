"""The outbox without services: eager tasks run in-process, a broker error loses nothing."""

import pytest
from django.core import mail
from django.core.management import call_command
from kombu.exceptions import OperationalError

from reporting.exports.services import problem_report_create
from reporting.models import OutboxMessage, ProblemReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _eager(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def test_a_task_is_stored_and_published_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = problem_report_create(description="Kontrasten är för låg.")
    message = OutboxMessage.objects.get()
    assert (message.task, message.args) == (
        "reporting.tasks.problem_report_forward",
        [report.pk],
    )
    assert message.enqueued_at is not None
    assert len(mail.outbox) == 1


def test_a_broker_error_leaves_the_message_for_the_sweeper(
    django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    task = app.tasks["reporting.tasks.problem_report_forward"]

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(task, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            problem_report_create(description="Kontrasten är för låg.")  # does not raise
        message = OutboxMessage.objects.get()
        assert message.enqueued_at is None
        assert "Connection refused" in message.last_error
        call_command("outbox_sweep", older_than=0)  # still down: still pending
        message.refresh_from_db()
        assert (message.enqueued_at, message.attempts) == (None, 2)

    call_command("outbox_sweep")  # younger than the grace period: left to its own publish
    assert OutboxMessage.objects.get().enqueued_at is None
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves after commit
        call_command("outbox_sweep", older_than=0)
    assert OutboxMessage.objects.get().enqueued_at is not None
    assert ProblemReport.objects.get().forwarded_at is not None
    assert len(mail.outbox) == 1


def test_the_sweeper_runs_every_minute():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry == {"task": "reporting.tasks.outbox_sweep_run", "schedule": 60.0}
