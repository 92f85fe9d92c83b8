"""The records a request names, gathered, and masked as delivered.

For each case: the application as the applicant submitted it (each submitted version is a
record of its own: a resubmission after a completion request does not replace the first),
its decisions (of meetings no longer open: a decision still being made is no record yet),
the documents made for it, with the text of each, and the case notes. Each piece of text
is a *part* with a stable key; a masking names a part and withholds it whole or an exact
passage of it. Masking happens on the text itself: the withheld characters are replaced by
a marker naming the ground, so they never reach the PDF.

Keys: `application:12:v2:description` (a field of submitted version 2),
`application:12:description` (a field of the application as it stands, only for an
application of which no version is stored), `decision:3:motivation`, `document:5`,
`note:7`. A masking made on `application:12:description` before versions were gathered
withholds that field in every version, and is listed under the latest.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.money import format_kronor
from applications.applying.versions import field_label
from applications.casenotes.selectors import case_notes_of_many
from applications.disclosure.enclosed import document_text
from applications.models import (
    Application,
    ApplicationVersion,
    Decision,
    GeneratedDocument,
    JobState,
    Masking,
    MeetingState,
)

# The fields of a submitted version, in the order the application's form shows them; a
# field the version does not hold is left out, one not named here comes last.
VERSION_PARTS = (
    "title",
    "contact_name",
    "contact_email",
    "contact_phone",
    "focus_area",
    "sub_area",
    "kind",
    "period_start",
    "period_end",
    "description",
    "purpose",
    "target_group",
    "cooperating_organisations",
    "finances_posts",
    "post_share_percent",
    "amount_requested",
    "budget_lines",
    "attachments",
)
# The application's text fields as they stand, for an application without a version.
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
    # Other keys a masking of this part may carry (the unversioned key of a field).
    aliases: tuple[str, ...] = ()
    # For a stored document: the document, whose pages the copy encloses when nothing of
    # it is withheld.
    document: GeneratedDocument | None = None
    # Set by `mask`: withheld whole by at least one masking.
    withheld_whole: bool = False

    @property
    def label_with_case(self) -> str:
        return f"{self.place} – {self.label}"

    @property
    def is_masked(self) -> bool:
        return bool(self.grounds)

    @property
    def is_enclosed_whole(self) -> bool:
        """A stored document nothing of which is withheld: its own pages go in the copy."""
        return self.document is not None and bool(self.text) and not self.is_masked


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


def _version_parts(application: Application, version: ApplicationVersion) -> list[RecordPart]:
    data = version.data or {}
    names = [n for n in VERSION_PARTS if n in data] + [n for n in data if n not in VERSION_PARTS]
    return [
        RecordPart(
            key=f"application:{application.pk}:v{version.number}:{name}",
            label=_field_label(name),
            text=str(data[name] or ""),
            aliases=(f"application:{application.pk}:{name}",),
        )
        for name in names
    ]


def _field_label(name: str) -> str:
    try:
        return field_label(name)
    except FieldDoesNotExist:  # a field of an old version that the application no longer has
        return name.replace("_", " ").capitalize()


def _application_groups(
    application: Application, versions: list[ApplicationVersion]
) -> list[RecordGroup]:
    """One record per submitted version, oldest first; without any, the application as it
    stands, labelled so."""
    if not versions:
        return [
            RecordGroup(
                heading=_("Application, current content (no submitted version is stored)"),
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
    return [
        RecordGroup(
            heading=_("Application as submitted, version %(number)s, %(date)s")
            % {
                "number": version.number,
                "date": f"{timezone.localtime(version.created_at):%Y-%m-%d}",
            },
            parts=_version_parts(application, version),
        )
        for version in versions
    ]


def _decision_group(decision: Decision) -> RecordGroup:
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
    return RecordGroup(heading=_meeting_label(decision), parts=parts)


def _document_part(document: GeneratedDocument) -> RecordPart:
    return RecordPart(
        key=f"document:{document.pk}",
        label=_("%(kind)s, version %(version)s, %(date)s")
        % {
            "kind": document.get_kind_display(),
            "version": document.version,
            "date": document.meeting.held_on.isoformat(),
        },
        text=document_text(document),
        document=document,
    )


def _by_application(rows, ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {pk: [] for pk in ids}
    for row in rows:
        found[row.application_id].append(row)
    return found


def gather(applications: list[Application]) -> list[CaseRecord]:
    """The records of the cases, in case-number order, read in a fixed number of queries
    (a document's text is read from its stored file, once: `enclosed.document_text`)."""
    applications = sorted(applications, key=lambda a: a.case_number or "")
    ids = [a.pk for a in applications]
    versions = _by_application(
        ApplicationVersion.objects.filter(application_id__in=ids).order_by("number"), ids
    )
    decisions = _by_application(
        Decision.objects.filter(application_id__in=ids)
        .exclude(item__meeting__state=MeetingState.OPEN)
        .select_related("item__meeting")
        .order_by("item__meeting__held_on", "item__number", "position", "pk"),
        ids,
    )
    documents = _by_application(
        GeneratedDocument.objects.filter(application_id__in=ids, state=JobState.DONE)
        .select_related("meeting")
        .order_by("requested_at", "pk"),
        ids,
    )
    notes = case_notes_of_many(application_ids=ids)
    records = []
    for application in applications:
        groups = _application_groups(application, versions[application.pk])
        groups += [_decision_group(decision) for decision in decisions[application.pk]]
        if documents[application.pk]:
            groups.append(
                RecordGroup(
                    heading=_("Documents made in the case"),
                    parts=[_document_part(document) for document in documents[application.pk]],
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
            found = [m for key in (part.key, *part.aliases) for m in by_part.get(key, [])]
            part.shown = masked_text(part.text, found)
            part.grounds = list(dict.fromkeys(code for _passage, code in found))
            part.withheld_whole = any(not passage for passage, _code in found)
    return records


def parts_by_key(records: list[CaseRecord]) -> dict[str, tuple[CaseRecord, RecordPart]]:
    """Each part by its key, and by an alias the part of the latest version that has it
    (a part's own key always wins)."""
    found = {
        alias: (record, part)
        for record in records
        for part in record.parts
        for alias in part.aliases
    }
    found.update({part.key: (record, part) for record in records for part in record.parts})
    return found


def enclosed_documents(records: list[CaseRecord]) -> list[GeneratedDocument]:
    """The stored documents the copy encloses whole, in the order the records name them."""
    return [part.document for record in records for part in record.parts if part.is_enclosed_whole]
