"""The life of an export job (a table, a case dossier): start, signs of life, start again.

Tasks call `export_job_start` first: it moves a QUEUED job, or a RUNNING one whose worker
was lost (stalled), to RUNNING in one statement, so of two deliveries of the same task only
one works. `export_job_beat` records progress and a sign of life. `export_job_restart` is
the person's "Starta igen" for a stalled or failed job.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config.jobs import stalled_cutoff
from reporting.messaging.outbox import enqueue
from reporting.models import ExportJob, ExportState


class JobNotRestartable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def export_job_start(*, job_id: int, kind: str | None = None) -> bool:
    """Whether this delivery of the task should do the job (it is now RUNNING)."""
    now = timezone.now()
    takeable = Q(state=ExportState.QUEUED) | Q(
        Q(heartbeat_at__lt=stalled_cutoff()) | Q(heartbeat_at__isnull=True),
        state=ExportState.RUNNING,
        started_at__lt=stalled_cutoff(),
    )
    jobs = ExportJob.objects.filter(takeable, pk=job_id)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return bool(
        jobs.update(
            state=ExportState.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
        )
    )


def export_job_beat(*, job_id: int, progress: int) -> None:
    ExportJob.objects.filter(pk=job_id, state=ExportState.RUNNING).update(
        progress=progress, heartbeat_at=timezone.now()
    )


# The task that builds a job of each kind, by its registered name. The domains that start
# jobs register their kinds beside their tasks, which every process imports at start-up
# (`applications.tasks`, `reporting.tasks`).
_JOB_TASKS: dict[str, str] = {}


def job_task_register(*, kind: str, task_name: str) -> None:
    """Jobs of `kind` are built, and started again, by the task registered as `task_name`."""
    _JOB_TASKS[kind] = task_name


def export_job_restart(*, job: ExportJob, user: AbstractBaseUser) -> ExportJob:
    """Queue a stalled or failed job again, for the person who asked for it."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        if job.requested_by_id != user.pk:
            raise JobNotRestartable(_("Only the person who asked for the export can start it."))
        if job.state != ExportState.FAILED and not job.is_stalled:
            raise JobNotRestartable(_("The export is still going; it has not stopped."))
        task_name = _JOB_TASKS.get(job.kind)
        if task_name is None:
            raise JobNotRestartable(_("This kind of job cannot be started again."))
        job.state = ExportState.QUEUED
        job.progress = 0
        job.error = ""
        job.started_at = job.finished_at = None
        job.heartbeat_at = timezone.now()  # queued again now
        job.save(
            update_fields=[
                "state",
                "progress",
                "error",
                "started_at",
                "finished_at",
                "heartbeat_at",
            ]
        )
        enqueue(task_name, job.pk)
    return job
