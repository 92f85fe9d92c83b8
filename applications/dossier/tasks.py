"""A grant's case packaged in the background, as an export job (`reporting.ExportJob`, format
"zip"): the dossier of a closed grant (kind "dossier"), the decided case as an E-ARK SIP for
the e-archive (kind "sip") and every decided case of a county's year as one SIP (kind
"sip_year"). The generic job page shows their progress and serves the file.

Registered with the worker by `reporting/exports/tasks.py`, which imports this module.
"""

import logging
import tempfile
from collections.abc import Callable

from celery import shared_task
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import County
from applications.dossier.archive import dossier_write
from applications.dossier.selectors import (
    may_request_dossier,
    may_request_year_package,
    year_grant_ids,
)
from applications.models import Grant
from reporting.messaging.jobs import export_job_beat, export_job_start, job_task_register
from reporting.messaging.outbox import enqueue
from reporting.models import ExportJob, ExportState

KIND = "dossier"
SIP_KIND = "sip"
SIP_YEAR_KIND = "sip_year"
FORMAT = "zip"


class DossierRefused(Exception):
    """The dossier cannot be made; the message says why, for the user."""


def _job_request(*, kind: str, task, params: dict, user: AbstractBaseUser) -> ExportJob:
    """Queue `task` for what `params` name; a job of the same kind and subject the user
    already has under way is returned instead of a second one. Runs inside the caller's
    transaction."""
    busy = ExportJob.objects.filter(
        kind=kind,
        requested_by=user,
        state__in=[ExportState.QUEUED, ExportState.RUNNING],
        **{f"params__{key}": value for key, value in params.items()},
    ).first()
    if busy is not None:
        return busy
    job = ExportJob.objects.create(kind=kind, format=FORMAT, params=params, requested_by=user)
    enqueue(task, job.pk)
    return job


def _job_build(*, job_id: int, kind: str, write: Callable) -> None:
    """Write the package to a temporary file, then store it with the job. A job already
    started (a redelivered message) is left alone unless its worker was lost; an error
    marks the job FAILED."""
    if not export_job_start(job_id=job_id, kind=kind):
        return
    job = ExportJob.objects.get(pk=job_id)

    def report(percent: int) -> None:
        export_job_beat(job_id=job_id, progress=min(percent, 99))

    try:
        with tempfile.TemporaryFile() as target:
            filename, manifest = write(target=target, report=report, **job.params)
            target.seek(0)
            job.file.save(filename, File(target, name=filename), save=False)
    except Exception as exc:
        logging.getLogger(__name__).exception("%s %s failed", kind, job_id)
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    job.filename = filename
    job.rows = len(manifest)
    job.state = ExportState.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "rows", "state", "progress", "finished_at"])


def dossier_request(*, grant: Grant, user: AbstractBaseUser) -> ExportJob:
    """Queue the building of the closed grant's dossier."""
    if not may_request_dossier(user, grant):
        raise DossierRefused(_("Only the county's coordinator can make the dossier of a grant."))
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        if grant.closed_at is None:
            raise DossierRefused(
                _(
                    "The grant is not closed yet. Its dossier can be made once the report back"
                    " is accepted and the grant is closed."
                )
            )
        return _job_request(kind=KIND, task=dossier_build, params={"grant_id": grant.pk}, user=user)


def sip_request(*, grant: Grant, user: AbstractBaseUser) -> ExportJob:
    """Queue the building of the decided case's E-ARK SIP (a grant exists once decided)."""
    if not may_request_dossier(user, grant):
        raise DossierRefused(_("Only the county's coordinator can make the dossier of a grant."))
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        return _job_request(kind=SIP_KIND, task=sip_build, params={"grant_id": grant.pk}, user=user)


def sip_year_request(*, county: County, year: int, user: AbstractBaseUser) -> ExportJob:
    """Queue the building of the SIP of every decided case of the county's year."""
    if not may_request_year_package(user, county.pk):
        raise DossierRefused(_("Only the county's coordinator can make the archive package."))
    if not year_grant_ids(county_id=county.pk, year=year):
        raise DossierRefused(_("The year has no decided cases to archive yet."))
    with transaction.atomic():
        return _job_request(
            kind=SIP_YEAR_KIND,
            task=sip_year_build,
            params={"county_id": county.pk, "year": year},
            user=user,
        )


@shared_task(name="applications.tasks_dossier.dossier_build")
def dossier_build(job_id: int) -> None:
    _job_build(job_id=job_id, kind=KIND, write=dossier_write)


@shared_task(name="applications.tasks_dossier.sip_build")
def sip_build(job_id: int) -> None:
    from applications.dossier.sip import sip_write

    _job_build(job_id=job_id, kind=SIP_KIND, write=sip_write)


@shared_task(name="applications.tasks_dossier.sip_year_build")
def sip_year_build(job_id: int) -> None:
    from applications.dossier.sip_year import sip_year_write

    _job_build(job_id=job_id, kind=SIP_YEAR_KIND, write=sip_year_write)


job_task_register(kind=KIND, task_name=dossier_build.name)
job_task_register(kind=SIP_KIND, task_name=sip_build.name)
job_task_register(kind=SIP_YEAR_KIND, task_name=sip_year_build.name)
