import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.storage import private_storage
from config.jobs import job_is_stalled


class ProblemReport(models.Model):
    """An accessibility problem reported from the accessibility statement page."""

    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    email = models.EmailField(_("e-mail address for a reply"), blank=True)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("description of the problem"))
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility problem report")
        verbose_name_plural = _("accessibility problem reports")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} – {self.description[:60]}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def export_path(instance: "ExportJob", filename: str) -> str:
    return f"exports/{instance.pk}/{filename}"


def _private_storage():
    return private_storage()


class ExportJob(models.Model):
    """A large table written to a file in the background, with its progress.

    `kind` names a table builder in `reporting.exports.tables.EXPORT_KINDS`; `params` are what it
    needs (ids, the language) as plain JSON. Only the person who asked sees the job.
    """

    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=8)
    state = models.CharField(
        _("state"), max_length=12, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), storage=_private_storage, upload_to=export_path, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # The task's last sign of life while it works (config/jobs.py: when a job has stalled).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in {ExportState.DONE, ExportState.FAILED}

    @property
    def is_stalled(self) -> bool:
        """Queued or running with no sign of life for too long: its worker was lost."""
        return job_is_stalled(
            queued=self.state == ExportState.QUEUED,
            running=self.state == ExportState.RUNNING,
            requested_at=self.requested_at,
            started_at=self.started_at,
            heartbeat_at=self.heartbeat_at,
        )


class OutboxMessage(models.Model):
    """A task to enqueue, stored in the transaction of the change that asked for it.

    `reporting.messaging.outbox.enqueue` writes it; after commit it is published to the broker and
    `enqueued_at` set. When the broker cannot be reached the row stays pending and the
    sweeper (`outbox_sweep`, every minute) publishes it later, so no task is lost. The
    task's own failures (an SMTP server refusing, after its retries) are recorded here too:
    `last_error`, and `failed_at` once Celery gives up.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    task_id = models.UUIDField(_("task id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    enqueued_at = models.DateTimeField(_("enqueued"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(enqueued_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
