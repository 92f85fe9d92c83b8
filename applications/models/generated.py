"""Documents generated in the background (decision documents, letters, extracts of minutes).

Each request is a new version; earlier versions stay downloadable as part of the record.
A version is for one subject: the meeting (decision document), one decided line (letter)
or one paragraph (extract of minutes); the constraints below keep each subject's version
numbers unique and the subject fitting the kind.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from allocations.models.audit import audited
from applications.models.adoption import Adoption
from applications.models.application import Application
from applications.models.decisions import AgendaItem, Decision, DecisionMeeting
from applications.models.documents import private_storage
from config.jobs import job_is_stalled


class DocumentKind(models.TextChoices):
    DECISION_DOCUMENT = "decision_document", _("Decision document")
    DECISION_LETTER = "decision_letter", _("Decision letter")
    MINUTES_EXTRACT = "minutes_extract", _("Extract of minutes")
    MINUTES = "minutes", _("Minutes")
    ADOPTION_MEMO = "adoption_memo", _("Cover memo for adoption")


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
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("paragraph"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="generated_documents",
        verbose_name=_("application"),
    )
    adoption = models.ForeignKey(
        Adoption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("adoption"),
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
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # The task's last sign of life while it works (config/jobs.py: when a job has stalled).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Set when the file carries the installation's PAdES signature (approved minutes).
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by_certificate = models.CharField(_("signing certificate"), max_length=300, blank=True)

    audit_log = audited()

    class Meta:
        ordering = ["meeting", "kind", "decision", "item", "-version"]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["decision_document", "minutes"],
                        decision__isnull=True,
                        item__isnull=True,
                        adoption__isnull=True,
                    )
                    | Q(
                        kind="decision_letter",
                        decision__isnull=False,
                        item__isnull=True,
                        adoption__isnull=True,
                    )
                    | Q(
                        kind="minutes_extract",
                        decision__isnull=True,
                        item__isnull=False,
                        adoption__isnull=True,
                    )
                    | Q(
                        kind="adoption_memo",
                        decision__isnull=True,
                        item__isnull=True,
                        adoption__isnull=False,
                    )
                ),
                name="generated_document_subject_fits_kind",
            ),
            models.UniqueConstraint(
                fields=["meeting", "version"],
                condition=Q(kind="decision_document"),
                name="generated_decision_document_version_unique",
            ),
            models.UniqueConstraint(
                fields=["decision", "version"],
                condition=Q(kind="decision_letter"),
                name="generated_letter_version_unique",
            ),
            models.UniqueConstraint(
                fields=["item", "version"],
                condition=Q(kind="minutes_extract"),
                name="generated_extract_version_unique",
            ),
            models.UniqueConstraint(
                fields=["meeting", "version"],
                condition=Q(kind="minutes"),
                name="generated_minutes_version_unique",
            ),
            models.UniqueConstraint(
                fields=["adoption", "version"],
                condition=Q(kind="adoption_memo"),
                name="generated_adoption_memo_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"

    @property
    def is_finished(self) -> bool:
        return self.state in {JobState.DONE, JobState.FAILED}

    @property
    def is_stalled(self) -> bool:
        """Queued or running with no sign of life for too long: its worker was lost."""
        return job_is_stalled(
            queued=self.state == JobState.QUEUED,
            running=self.state == JobState.RUNNING,
            requested_at=self.requested_at,
            started_at=self.started_at,
            heartbeat_at=self.heartbeat_at,
        )

    @property
    def is_busy(self) -> bool:
        return self.state in {JobState.QUEUED, JobState.RUNNING}

    @property
    def download_name(self) -> str:
        """`<kind>-<meeting date>[-<subject>]-v<version>.pdf`; the subject tells a letter
        (its case number or line) and an extract (its paragraph) from their siblings."""
        parts = [self.kind, self.meeting.held_on.isoformat()]
        if self.kind == DocumentKind.DECISION_LETTER:
            case_number = self.application.case_number if self.application_id else ""
            parts.append(case_number or f"line{self.decision_id}")
        elif self.kind == DocumentKind.MINUTES_EXTRACT:
            parts.append(f"p{self.item.number}")
        elif self.kind == DocumentKind.ADOPTION_MEMO:
            parts.append(slugify(self.adoption.member.name))
        return "-".join([*parts, f"v{self.version}"]) + ".pdf"
