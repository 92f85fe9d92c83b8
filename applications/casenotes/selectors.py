"""Reads of case notes: an application's notes in the order they were written."""

from django.db.models import QuerySet

from applications.models import Application, CaseNote


def _notes() -> QuerySet[CaseNote]:
    return CaseNote.objects.select_related("author").order_by("created_at", "pk")


def case_notes_of(*, application: Application) -> QuerySet[CaseNote]:
    return _notes().filter(application=application)


def case_notes_of_many(*, application_ids: list[int]) -> dict[int, list[CaseNote]]:
    """The notes of several applications in one query, per application."""
    found: dict[int, list[CaseNote]] = {pk: [] for pk in application_ids}
    for note in _notes().filter(application_id__in=application_ids):
        found[note.application_id].append(note)
    return found
