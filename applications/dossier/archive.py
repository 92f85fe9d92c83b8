"""A closed grant's dossier (akt): its whole case as one ZIP, the unit a county archives.

Numbered folders in the order of the case, each name safe and unique; `manifest.csv` lists
every other file with its size and the SHA-256 of the very bytes written; `README.txt` says
what the folders hold. The ZIP is written to a file as it goes (stored files streamed), with
the progress per file, always in Swedish (LANGUAGE_CODE), like the county's log.
"""

import hashlib
import json
import zipfile
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import PurePath
from typing import Any, BinaryIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from applications import models as m
from applications.dossier.selectors import DossierCase, dossier_case, dossier_history
from applications.exports import Column, csv_response

CHUNK = 1024 * 1024
ManifestRow = namedtuple("ManifestRow", "path size sha256")


@dataclass(frozen=True)
class DossierFile:
    """One file of the ZIP: its bytes, or a stored file to stream, or how to render it."""

    path: str
    content: bytes | None = None
    stored: Any = None  # a FieldFile
    render: Callable[[], bytes] | None = None

    def chunks(self) -> Iterator[bytes]:
        if self.stored is not None:
            with self.stored.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk
        else:
            yield self.content if self.content is not None else self.render()


def safe_name(name: str, default: str = "fil") -> str:
    """A name without folders, control characters or anything a file system refuses."""
    name = PurePath(str(name).replace("\\", "/")).name
    return get_valid_filename(name.replace("\x00", "")) if name.strip(" .") else default


def _columns(model: type[Model], names: Iterable[str], extra: dict) -> list[Column]:
    """Columns headed by the fields' own names: choices as their labels, people by name."""
    columns = []
    for name in names:
        field = model._meta.get_field(name)
        if name in extra:
            value = extra[name]
        elif field.choices:
            value = lambda r, n=name: getattr(r, f"get_{n}_display")()  # noqa: E731
        elif field.is_relation and field.related_model is get_user_model():
            value = lambda r, n=name: person_name(getattr(r, n))  # noqa: E731
        elif field.is_relation:
            value = lambda r, n=name: str(getattr(r, n) or "")  # noqa: E731
        else:
            value = lambda r, n=name: getattr(r, n)  # noqa: E731
        columns.append(Column(field.verbose_name, value))
    return columns


def _csv(columns: list[Column], rows: Iterable[Any]) -> bytes:
    return csv_response(columns=columns, rows=rows, filename="x").content


def person_name(user) -> str:
    return (user.get_full_name() or user.email or user.get_username()) if user else ""


def _table(path: str, model: type[Model], names: str, rows: list, **extra) -> list:
    """A CSV of the rows (`names`: the fields, space-separated), or nothing when none."""
    if not rows:
        return []
    return [DossierFile(path, render=lambda: _csv(_columns(model, names.split(), extra), rows))]


def _stored(folder: str, items: list, name: Callable[[Any], str]) -> list[DossierFile]:
    return [
        DossierFile(f"{folder}/{index:02d}-{safe_name(name(item))}", stored=item.file)
        for index, item in enumerate(items, start=1)
        if item.file
    ]


# --- the folders ------------------------------------------------------------------------------


def _application(case: DossierCase) -> list[DossierFile]:
    from applications.applying.pdf import application_pdf_render
    from applications.applying.services.attachments import attachment_download_name

    application = case.application
    render = lambda: application_pdf_render(application=application)  # noqa: E731
    files = [DossierFile("01-ansokan/ansokan.pdf", render=render)]
    files += _stored(
        "01-ansokan/bilagor", case.attachments, lambda a: attachment_download_name(attachment=a)
    )
    files += [
        DossierFile(
            f"01-ansokan/versioner/version-{v.number:02d}.json",
            content=json.dumps(v.data, ensure_ascii=False, indent=2, default=str).encode(),
        )
        for v in case.versions
    ]
    names = "checked_at checked_by outcome reason"
    files += _table("01-ansokan/formell-kontroll.csv", m.FormalCheck, names, case.formal_checks)
    names = "requested_at requested_by message due_date answered_at"
    files += _table(
        "02-kompletteringar/kompletteringar.csv", m.CompletionRequest, names, case.completions
    )
    names = (
        "member submitted_at category recommendation recommended_amount motivation conditions"
        " internal_comment applicant_comment"
    )
    files += _table("03-bedomningar/bedomningar.csv", m.Assessment, names, case.assessments)
    files += _table(
        "03-bedomningar/kriterier.csv",
        m.CriterionAssessment,
        "assessment criterion met score comment",
        case.criteria,
        assessment=lambda r: person_name(r.assessment.member),
    )
    names = "meeting amount motivation conditions adopted_by adopted_at"
    meeting = lambda r: r.meeting.held_on  # noqa: E731
    files += _table("04-forslag/forslag.csv", m.Proposal, names, case.proposals, meeting=meeting)
    return files


def _decision_pdf(case: DossierCase) -> DossierFile:
    """The latest stored decision letter; else one rendered now (for a line without an
    application: the extract of the minutes, which every decided line has)."""
    from applications.documents.pdf import TEMPLATES, decision_letter_context, html_to_pdf
    from applications.documents.pdf import minutes_extract_context as extract_context

    letters = [d for d in case.documents if d.kind == m.DocumentKind.DECISION_LETTER]
    if letters:
        return DossierFile("05-beslut/beslut.pdf", stored=letters[-1].file)
    decision = case.decision

    def render() -> bytes:
        if case.application is not None:
            kind, context = m.DocumentKind.DECISION_LETTER, decision_letter_context
        else:
            kind, context = m.DocumentKind.MINUTES_EXTRACT, extract_context
        subject = (
            {"decision_id": decision.pk} if case.application else {"item_id": decision.item_id}
        )
        html = render_to_string(TEMPLATES[kind], {**context(**subject), "document": None})
        return html_to_pdf(html)

    return DossierFile("05-beslut/beslut.pdf", render=render)


def _decision(case: DossierCase) -> list[DossierFile]:
    files = [_decision_pdf(case)]
    names = (
        "item title outcome proposed_amount amount motivation conditions rejection_reason"
        " responsible_organisation handling_organisation decided_at"
    )
    item = lambda r: f"{r.item.meeting} §{r.item.number}"  # noqa: E731
    files += _table("05-beslut/beslutsrad.csv", m.Decision, names, [case.decision], item=item)
    names = (
        "title amount focus_area responsible_organisation handling_organisation handling_note"
        " project_code created_at closed_at closed_by"
    )
    files += _table("05-beslut/bidrag.csv", m.Grant, names, [case.grant])
    files += [
        DossierFile(f"06-skrivelser/{safe_name(doc.download_name)}", stored=doc.file)
        for doc in case.documents
    ]
    return files


def _follow_up(case: DossierCase) -> list[DossierFile]:
    from allocations.models import GrantReportLine, GrantUsage, Repayment

    files = []
    for number, report in enumerate(case.reports, start=1):
        folder = "07-aterredovisning" + (f"/{number:02d}" if len(case.reports) > 1 else "")
        text = render_to_string(
            "applications/dossier/report.txt",
            {
                "report": report,
                "grant": case.grant,
                "submitted_by": person_name(report.submitted_by),
                "reviewed_by": person_name(report.reviewed_by),
            },
        )
        files.append(DossierFile(f"{folder}/aterredovisning.txt", content=text.encode()))
        lines = list(report.lines.all())
        names = "sub_area amount comment"
        files += _table(f"{folder}/medel-per-delomrade.csv", GrantReportLine, names, lines)
        files += _stored(
            f"{folder}/bilagor", list(report.attachments.all()), attrgetter("original_name")
        )
    names = "occurred_on kind amount note"
    path = "07-aterredovisning/fakturerat-och-forbrukat.csv"
    files += _table(path, GrantUsage, names, case.usages)
    names = "focus_area repaid_on amount note"
    files += _table("08-aterbetalning/aterbetalning.csv", Repayment, names, case.repayments)
    return files


HISTORY_COLUMNS = [
    Column(_("Time"), lambda e: e.at),
    Column(_("User"), lambda e: e.user),
    Column(_("IP address"), lambda e: e.ip_address or ""),
    Column(_("Kind"), lambda e: e.model_label),
    Column(_("Object"), lambda e: e.object_label),
    Column(_("Change"), lambda e: e.change_type),
    Column(
        _("Changed fields"),
        lambda e: "; ".join(f"{c.label}: {c.before} → {c.after}" for c in e.changes),
    ),
]


def _history(case: DossierCase) -> list[DossierFile]:
    render = lambda: _csv(HISTORY_COLUMNS, dossier_history(case=case))  # noqa: E731
    files = [DossierFile("09-historik/historik.csv", render=render)]
    names = "at by from_status to_status comment"
    files += _table("09-historik/statusandringar.csv", m.StatusChange, names, case.status_changes)
    names = "date case_number kind sender officer description"
    files += _table("09-historik/diarium.csv", m.RegisterEntry, names, case.register)
    return files


NOTES_PATH = "10-tjansteanteckningar/tjansteanteckningar.pdf"


def case_notes_pdf(case: DossierCase) -> bytes:
    """The application's case notes as one PDF/A document, rendered like the decision
    documents: each note with when it was written and by whom."""
    from applications.documents.pdf import html_to_pdf, page_counter_css

    county = case.grant.county
    notes = [
        {
            "created_at": timezone.localtime(n.created_at),
            "author_name": person_name(n.author),
            "text": n.text,
        }
        for n in case.notes
    ]
    html = render_to_string(
        "applications/dossier/case_notes.html",
        {
            "application": case.application,
            "grant": case.grant,
            "county": county,
            "administrator": county.administering_organisation,
            "notes": notes,
            "page_counter": page_counter_css(),
            "printed_at": timezone.localtime(),
            "document": None,
        },
    )
    return html_to_pdf(html)


def _case_notes(case: DossierCase) -> list[DossierFile]:
    if not case.notes:
        return []
    return [DossierFile(NOTES_PATH, render=lambda: case_notes_pdf(case))]


def dossier_files(case: DossierCase) -> list[DossierFile]:
    """Every file of the dossier but the manifest, sorted by path."""
    files = _application(case) if case.application is not None else []
    files += _decision(case) + _follow_up(case) + _history(case) + _case_notes(case)
    paths = sorted(f.path for f in files)
    readme = render_to_string(
        "applications/dossier/readme.txt",
        {"case": case, "grant": case.grant, "paths": paths, "now": timezone.localtime()},
    )
    files.append(DossierFile("README.txt", content=readme.encode()))
    return sorted(files, key=lambda f: f.path)


# --- writing ----------------------------------------------------------------------------------


def _write(archive: zipfile.ZipFile, item: DossierFile, stamp: tuple) -> ManifestRow:
    digest, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(item.path, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as target:
        for chunk in item.chunks():
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return ManifestRow(item.path, size, digest.hexdigest())


def dossier_filename(case: DossierCase) -> str:
    number = case.application.case_number if case.application is not None else ""
    return get_valid_filename(f"akt-{number.replace('/', '-') or f'bidrag-{case.grant.pk}'}.zip")


def dossier_write(
    *, grant_id: int, target: BinaryIO, report: Callable[[int], None] = lambda p: None
) -> tuple[str, list[ManifestRow]]:
    """Write the grant's dossier as a ZIP into `target`; the ZIP's file name and its manifest.
    `report` gets the share done (0–95 %; the caller's saving is the rest)."""
    with translation.override(settings.LANGUAGE_CODE):
        case = dossier_case(grant_id=grant_id)
        files = dossier_files(case)
        stamp = timezone.localtime().timetuple()[:6]
        manifest: list[ManifestRow] = []
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for index, item in enumerate(files, start=1):
                manifest.append(_write(archive, item, stamp))
                report(index * 95 // (len(files) + 1))
            columns = [
                Column(_("File"), lambda r: r.path),
                Column(_("Size (bytes)"), lambda r: r.size),
                Column("SHA-256", lambda r: r.sha256),
            ]
            _write(archive, DossierFile("manifest.csv", content=_csv(columns, manifest)), stamp)
        report(95)
        return dossier_filename(case), manifest
