import logging

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from reporting.exports.tables import EXPORT_KINDS, export_table, write_table
from reporting.messaging.jobs import export_job_beat, export_job_start, job_task_register
from reporting.models import ExportJob, ExportState, ProblemReport


@shared_task(name="reporting.tasks.problem_report_forward")
def problem_report_forward(report_id: int) -> None:
    """Store the problem report's e-mail to the accessibility contact in the mail outbox,
    once (`forwarded_at` is set in the same transaction); the outbox delivers it."""
    from reporting.messaging.mail import mail_queue
    from reporting.models import MailKind

    with transaction.atomic():
        report = ProblemReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.forwarded_at is not None:
            return
        mail_queue(
            kind=MailKind.PROBLEM_REPORT,
            to=[settings.ACCESSIBILITY_CONTACT_EMAIL],
            subject=f"Tillgänglighetsproblem rapporterat {report.created_at:%Y-%m-%d}",
            body=(
                f"Sida: {report.page_url or '–'}\n"
                f"Svar till: {report.email or '–'}\n\n{report.description}\n"
            ),
            related=report,
        )
        report.forwarded_at = timezone.now()
        report.save(update_fields=["forwarded_at"])


@shared_task(name="reporting.tasks.export_job_run")
def export_job_run(job_id: int) -> None:
    """Build the job's table and write its file, updating the progress as rows are written.
    A job already started (a redelivered message) is left alone, unless its worker was lost."""
    if not export_job_start(job_id=job_id):
        return
    job = ExportJob.objects.get(pk=job_id)

    def report(percent: int) -> None:
        export_job_beat(job_id=job_id, progress=percent)

    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            table = export_table(job.kind, job.params)
            content, filename = write_table(table, format=job.format, report=report)
    except Exception as exc:
        logging.getLogger(__name__).exception("Export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    job.file.save(filename, ContentFile(content), save=False)
    job.filename = filename
    job.rows = table.count
    job.state = ExportState.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "rows", "state", "progress", "finished_at"])


for _kind in EXPORT_KINDS:
    job_task_register(kind=_kind, task_name=export_job_run.name)
