"""Attachments (bilagor) of an application: added and deleted only while it is editable.

The type of a file is read from its content, never from its name, and only PDF, DOCX,
XLSX and ODT are kept. Files go to the private storage of `Attachment.file` (no URL).
"""

import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from applications.applying.permissions import may_edit
from applications.errors import ApplicationError
from applications.models import Application, Attachment

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
# Room for "applications/<pk>/" and the storage's suffix within FileField's 100 characters.
_MAX_STEM = 50


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


PDF = FileType(".pdf", "application/pdf")
DOCX = FileType(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ODT = FileType(".odt", "application/vnd.oasis.opendocument.text")
FILE_TYPES = (PDF, DOCX, XLSX, ODT)
EXTENSIONS = {file_type.content_type: file_type.extension for file_type in FILE_TYPES}


def _zip_type(uploaded_file: UploadedFile) -> FileType | None:
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    # A real ODT stores exactly this string; read no more than that.
                    if member.read(64).strip() == ODT.content_type.encode():
                        return ODT
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        return None
    return None


def file_type_detect(*, uploaded_file: UploadedFile) -> FileType | None:
    """The file's type from its first bytes and, for ZIP files, their members."""
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(uploaded_file)
        return None
    finally:
        uploaded_file.seek(0)


def stored_name(original_name: str, file_type: FileType) -> str:
    stem = PurePath(original_name).stem[:_MAX_STEM]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:
        stem = ""
    # A name that sanitises to nothing (or a dot file) still gets a readable one.
    stem = stem.lstrip(".") or "bilaga"
    return f"{stem}{file_type.extension}"


def clean_original_name(name: str) -> str:
    name = PurePath(name.replace("\\", "/")).name
    return re.sub(r"[\x00-\x1f\x7f]", "", name)[:255] or "bilaga"


def attachment_download_name(*, attachment: Attachment) -> str:
    """The name a download gets: the user's own name, with the extension of its real type."""
    stem = PurePath(attachment.original_name).stem or "bilaga"
    return f"{stem}{EXTENSIONS.get(attachment.content_type, '')}"


def storage_failed_message() -> str:
    return _(
        "The file could not be stored just now: the file storage did not answer. Nothing "
        "was attached and your text is kept. Try to attach the file again in a while."
    )


def _editable_locked(application: Application, user: AbstractBaseUser) -> Application:
    # The row lock makes "attach" and "submit" wait for each other, so a submitted
    # application never gains or loses a file afterwards.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if not may_edit(user, locked):
        raise ApplicationError(_("The application can no longer be changed."))
    return locked


def attachment_add(
    *, application: Application, user: AbstractBaseUser, uploaded_file: UploadedFile
) -> Attachment:
    """Store a PDF, DOCX, XLSX or ODT of at most 10 MB with an application the user may edit.

    The stored name is sanitised and carries the extension of the detected type; the
    user's own name is kept in `original_name`.
    """
    if uploaded_file.size is None or uploaded_file.size > MAX_ATTACHMENT_SIZE:
        raise ApplicationError(_("The file is larger than 10 MB."))
    if uploaded_file.size == 0:
        raise ApplicationError(
            _("The file “%(name)s” is empty (0 bytes). Choose the file again, or another one.")
            % {"name": clean_original_name(uploaded_file.name or "")}
        )
    file_type = file_type_detect(uploaded_file=uploaded_file)
    if file_type is None:
        raise ApplicationError(
            _("Only PDF, DOCX, XLSX and ODT files can be attached. This file is not one of them.")
        )
    original_name = clean_original_name(uploaded_file.name or "")
    with transaction.atomic():
        application = _editable_locked(application, user)
        attachment = Attachment(
            application=application,
            original_name=original_name,
            content_type=file_type.content_type,
            size=uploaded_file.size,
            uploaded_by=user,
        )
        try:
            attachment.file.save(stored_name(original_name, file_type), uploaded_file, save=False)
        except OSError as exc:
            # The disk or the bucket failed: no row is written, the draft stays as it is.
            raise ApplicationError(storage_failed_message()) from exc
        stored = attachment.file.name
        storage = attachment.file.storage
        # A file whose row could not be written must not stay behind.
        try:
            attachment.save()
        except Exception:
            storage.delete(stored)
            raise
    return attachment


def attachment_delete(*, attachment: Attachment, user: AbstractBaseUser) -> None:
    """Remove an attachment of an application the user may edit; the file goes after commit."""
    with transaction.atomic():
        _editable_locked(attachment.application, user)
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
