from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from reporting.exports.tables import EXPORT_KINDS
from reporting.messaging.outbox import enqueue
from reporting.models import ExportJob, ProblemReport


def problem_report_create(
    *,
    description: str,
    page_url: str = "",
    email: str = "",
    reporter: AbstractBaseUser | AnonymousUser | None = None,
) -> ProblemReport:
    """Record an accessibility problem and, after commit, forward it by e-mail."""
    from reporting.exports.tasks import problem_report_forward

    with transaction.atomic():
        report = ProblemReport.objects.create(
            description=description,
            page_url=page_url,
            email=email,
            reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        )
        enqueue(problem_report_forward, report.pk)
    return report


def export_job_request(
    *, kind: str, format: str, params: dict, user: AbstractBaseUser
) -> ExportJob:
    """Queue a background export; the worker starts once the request's transaction commits.
    The caller has checked that `user` may see the table."""
    from reporting.exports.tasks import export_job_run

    if kind not in EXPORT_KINDS:
        raise ValueError(f"Unknown export kind: {kind}")
    with transaction.atomic():
        job = ExportJob.objects.create(kind=kind, format=format, params=params, requested_by=user)
        enqueue(export_job_run, job.pk)
    return job
