"""A failed job is started again by the task that builds its kind: the kinds are registered by
the domains that start jobs, so a dossier goes back to the dossier task and a table to the
exports' task, and a job no task builds says so instead of being queued for nobody."""

import pytest

from reporting.messaging.jobs import JobNotRestartable, export_job_restart
from reporting.models import ExportJob, ExportState, OutboxMessage
from tests.matrix_fixtures import user

pytestmark = pytest.mark.django_db


def _failed_job(kind: str, requester) -> ExportJob:
    return ExportJob.objects.create(
        kind=kind, format="xlsx", state=ExportState.FAILED, requested_by=requester
    )


@pytest.mark.parametrize(
    ("kind", "task"),
    [
        ("dossier", "applications.tasks_dossier.dossier_build"),
        ("budget_grants", "reporting.tasks.export_job_run"),
    ],
)
def test_a_failed_job_goes_back_to_the_task_of_its_kind(seeded, kind, task):
    # The message is stored in the test's transaction; it is published only after a commit.
    coordinator = user("samordnare@jamtland.demo")
    job = export_job_restart(job=_failed_job(kind, coordinator), user=coordinator)
    assert job.state == ExportState.QUEUED
    assert list(OutboxMessage.objects.values_list("task", "args")) == [(task, [job.pk])]


def test_a_job_no_task_builds_is_refused_and_left_as_it_was(seeded):
    coordinator = user("samordnare@jamtland.demo")
    job = _failed_job("no_such_kind", coordinator)
    with pytest.raises(JobNotRestartable):
        export_job_restart(job=job, user=coordinator)
    job.refresh_from_db()
    assert job.state == ExportState.FAILED
    assert not OutboxMessage.objects.exists()
