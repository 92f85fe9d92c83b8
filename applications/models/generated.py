"""Documents generated in the background (decision documents, letters, extracts of minutes).

Each request is a new version; earlier versions stay downloadable as part of the record.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application
from .decisions import Decision, DecisionMeeting
from .documents import private_storage


class DocumentKind(models.TextChoices):
    DECISION_DOCUMENT = "decision_document", _("Decision document")
    DECISION_LETTER = "decision_letter", _("Decision letter")
    MINUTES_EXTRACT = "minutes_extract", _("Extract of minutes")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def generated_path(instance: "GeneratedDocument", filename: str) -> str:
    return f"generated/{instance.meeting_id}/{filename}"


class GeneratedDocument(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    meeting = models.ForeignKey(
        DecisionMeeting,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("decision"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="generated_documents",
        verbose_name=_("application"),
    )
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=generated_path, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "decision", "-version"]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}
