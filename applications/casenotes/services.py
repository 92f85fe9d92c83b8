"""Writing a case note: the one write there is (a note is never changed or deleted)."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from applications.casenotes.permissions import may_keep_notes
from applications.errors import ApplicationError
from applications.models import Application, CaseNote


class CaseNoteRefused(ApplicationError):
    pass


def case_note_add(*, application: Application, author: AbstractBaseUser, text: str) -> CaseNote:
    """Appends a note by `author`, who must keep notes on the application; the note is in
    the audit trail from the moment it is written."""
    if not may_keep_notes(author, application):
        raise CaseNoteRefused(_("You may not write notes on this application."))
    text = text.strip()
    if not text:
        raise CaseNoteRefused(_("Write the note."))
    with transaction.atomic():
        return CaseNote.objects.create(application=application, author=author, text=text)
