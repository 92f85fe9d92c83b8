from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application


class PrivateStorage(FileSystemStorage):
    """Uploads live outside the web root, with no URL: only authorised views serve them.
    The folder is read from settings on every use, so it follows MEDIA_ROOT."""

    @property
    def base_location(self):
        return settings.MEDIA_ROOT / "private"

    @property
    def location(self):
        return str(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through an authorised view.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


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
