"""The records a request names, gathered, and masked as delivered.

For each case: the application's submitted text, its decisions (of meetings no longer
open: a decision still being made is no record yet), the documents made for it and the
case notes. Each piece of text is a *part* with a stable key; a masking names a part and
withholds it whole or an exact passage of it. Masking happens on the text itself: the
withheld characters are replaced by a marker naming the ground, so they never reach the
PDF.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from allocations.money import format_kronor
from applications.casenotes.selectors import case_notes_of_many
from applications.models import (
    Application,
    Decision,
    GeneratedDocument,
    JobState,
    Masking,
    MeetingState,
)

# The application's text fields, in the order its form shows them.
APPLICATION_PARTS = (
    "title",
    "contact_name",
    "contact_email",
    "contact_phone",
    "description",
    "purpose",
    "target_group",
)
DECISION_PARTS = ("motivation", "conditions")


@dataclass
class RecordPart:
    key: str
    label: str
    text: str
    # Set by `mask`: the text as delivered and the grounds it was masked under.
    shown: str = ""
    grounds: list[str] = field(default_factory=list)
    # Where the part is, for choosing it: the case number and the record's heading.
    place: str = ""

    @property
    def label_with_case(self) -> str:
        return f"{self.place} – {self.label}"

    @property
    def is_masked(self) -> bool:
        return bool(self.grounds)


@dataclass
class RecordGroup:
    """One record of a case: the application, one decision, the documents, one note."""

    heading: str
    parts: list[RecordPart]


@dataclass
class CaseRecord:
    application: Application
    groups: list[RecordGroup]

    @property
    def parts(self) -> list[RecordPart]:
        return [part for group in self.groups for part in group.parts]


def marker(codes: Iterable[str]) -> str:
    return _("[Masked under %(grounds)s]") % {"grounds": ", ".join(dict.fromkeys(codes))}


def _intervals(text: str, passage: str) -> list[tuple[int, int]]:
    found, start = [], text.find(passage)
    while passage and start != -1:
        found.append((start, start + len(passage)))
        start = text.find(passage, start + 1)
    return found


def masked_text(text: str, maskings: list[tuple[str, str]]) -> str:
    """`text` with every occurrence of each (passage, ground code) replaced by a marker; a
    masking without a passage withholds the whole text. Overlapping passages are merged
    into one marker, so no character of any of them is left."""
    if not maskings:
        return text
    if any(not passage for passage, _code in maskings):
        return marker(code for _passage, code in maskings)
    spans = sorted(
        (start, end, code) for passage, code in maskings for start, end in _intervals(text, passage)
    )
    merged: list[list] = []
    for start, end, code in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(code)
        else:
            merged.append([start, end, [code]])
    out, position = [], 0
    for start, end, codes in merged:
        out += [text[position:start], marker(codes)]
        position = end
    out.append(text[position:])
    return "".join(out)


def _meeting_label(decision: Decision) -> str:
    meeting = decision.item.meeting
    return _("Decision, §%(number)s, %(date)s") % {
        "number": decision.item.number,
        "date": meeting.held_on.isoformat(),
    }


def gather(applications: list[Application]) -> list[CaseRecord]:
    """The records of the cases, in case-number order, read in a fixed number of queries."""
    applications = sorted(applications, key=lambda a: a.case_number or "")
    ids = [a.pk for a in applications]
    decisions: dict[int, list[Decision]] = {pk: [] for pk in ids}
    for decision in (
        Decision.objects.filter(application_id__in=ids)
        .exclude(item__meeting__state=MeetingState.OPEN)
        .select_related("item__meeting")
        .order_by("item__meeting__held_on", "item__number", "position", "pk")
    ):
        decisions[decision.application_id].append(decision)
    documents: dict[int, list[GeneratedDocument]] = {pk: [] for pk in ids}
    for document in (
        GeneratedDocument.objects.filter(application_id__in=ids, state=JobState.DONE)
        .select_related("meeting")
        .order_by("requested_at", "pk")
    ):
        documents[document.application_id].append(document)
    notes = case_notes_of_many(application_ids=ids)
    records = []
    for application in applications:
        groups = [
            RecordGroup(
                heading=_("Application"),
                parts=[
                    RecordPart(
                        key=f"application:{application.pk}:{name}",
                        label=str(Application._meta.get_field(name).verbose_name).capitalize(),
                        text=getattr(application, name) or "",
                    )
                    for name in APPLICATION_PARTS
                ],
            )
        ]
        for decision in decisions[application.pk]:
            parts = [
                RecordPart(
                    key=f"decision:{decision.pk}:outcome",
                    label=_("Decision"),
                    text=_("%(outcome)s, %(amount)s")
                    % {
                        "outcome": decision.get_outcome_display(),
                        "amount": format_kronor(decision.amount),
                    },
                )
            ]
            parts += [
                RecordPart(
                    key=f"decision:{decision.pk}:{name}",
                    label=str(Decision._meta.get_field(name).verbose_name).capitalize(),
                    text=getattr(decision, name),
                )
                for name in DECISION_PARTS
                if getattr(decision, name)
            ]
            groups.append(RecordGroup(heading=_meeting_label(decision), parts=parts))
        if documents[application.pk]:
            groups.append(
                RecordGroup(
                    heading=_("Documents made in the case"),
                    parts=[
                        RecordPart(
                            key=f"document:{document.pk}",
                            label=document.get_kind_display(),
                            text=_("%(kind)s, version %(version)s, %(date)s")
                            % {
                                "kind": document.get_kind_display(),
                                "version": document.version,
                                "date": document.meeting.held_on.isoformat(),
                            },
                        )
                        for document in documents[application.pk]
                    ],
                )
            )
        for note in notes[application.pk]:
            author = note.author.get_full_name() or note.author.get_username()
            groups.append(
                RecordGroup(
                    heading=_("Case note, %(date)s, %(author)s")
                    % {"date": f"{note.created_at:%Y-%m-%d %H:%M}", "author": author},
                    parts=[RecordPart(key=f"note:{note.pk}", label=_("Note"), text=note.text)],
                )
            )
        for group in groups:
            for part in group.parts:
                part.place = f"{application.case_number}, {group.heading}"
        records.append(CaseRecord(application=application, groups=groups))
    return records


def mask(records: list[CaseRecord], maskings: Iterable[Masking]) -> list[CaseRecord]:
    """Sets each part's delivered text and grounds from the maskings (grounds read with
    them: `select_related("ground")`)."""
    by_part: dict[str, list[tuple[str, str]]] = {}
    for masking in maskings:
        by_part.setdefault(masking.part, []).append((masking.passage, masking.ground.code))
    for record in records:
        for part in record.parts:
            found = by_part.get(part.key, [])
            part.shown = masked_text(part.text, found)
            part.grounds = list(dict.fromkeys(code for _passage, code in found))
    return records


def parts_by_key(records: list[CaseRecord]) -> dict[str, tuple[CaseRecord, RecordPart]]:
    return {part.key: (record, part) for record in records for part in record.parts}
