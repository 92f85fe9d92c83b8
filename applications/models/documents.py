from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.storage import PrivateStorage, private_storage  # noqa: F401 - migrations
from applications.models.application import Application


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("application"),
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["application", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class ApplicationVersion(models.Model):
    """A frozen copy of an application as submitted or resubmitted."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("application"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    data = models.JSONField(_("content"))

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("application version")
        verbose_name_plural = _("application versions")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="version_number_unique_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} v{self.number}"
