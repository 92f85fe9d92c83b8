"""Reads of case notes: an application's notes in the order they were written."""

from django.db.models import QuerySet

from applications.models import Application, CaseNote


def case_notes_of(*, application: Application) -> QuerySet[CaseNote]:
    return (
        CaseNote.objects.filter(application=application)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def case_notes_of_many(*, application_ids: list[int]) -> dict[int, list[CaseNote]]:
    """The notes of several applications in one query, per application."""
    found: dict[int, list[CaseNote]] = {pk: [] for pk in application_ids}
    notes = (
        CaseNote.objects.filter(application_id__in=application_ids)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for note in notes:
        found[note.application_id].append(note)
    return found
