"""The report back (återredovisning) of a grant: the recipient saves a draft and submits it,
the coordinator accepts it or returns it with a comment; attachments; closing the grant.

The states move only along `REPORT_TRANSITIONS`. Submitting checks that every text part
is written and that at least one amount states the money used, not more than the grant
(so an accepted report always states its use; blank rows are not stored). Nothing changes
on a closed grant.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import (
    REPORT_TRANSITIONS,
    GrantReport,
    GrantReportAttachment,
    GrantReportLine,
    ReportState,
    SubArea,
)
from allocations.money import format_kronor
from applications.applying.services.attachments import (
    MAX_ATTACHMENT_SIZE,
    clean_original_name,
    file_type_detect,
    storage_failed_message,
    stored_name,
)
from applications.grants.permissions import is_coordinator_of, is_recipient_of
from applications.models import Grant

EDITABLE = frozenset({ReportState.DRAFT, ReportState.RETURNED})
TEXTS = ("implementation", "results", "actors")


class ReportRefused(Exception):
    """Why a report back cannot move, per form field (None: the whole report)."""

    def __init__(self, problems: dict[str | None, list[str]]) -> None:
        super().__init__(problems)
        self.problems = problems

    @classmethod
    def of(cls, message: str) -> "ReportRefused":
        return cls({None: [message]})


@dataclass(frozen=True)
class LineInput:
    sub_area: SubArea | None  # None: the focus area as a whole
    amount: int | None  # None: left blank (a blank row without comment is not stored)
    comment: str = ""


def _locked(grant: Grant) -> GrantReport | None:
    return GrantReport.objects.select_for_update().filter(grant=grant).first()


def _move(report: GrantReport, to: ReportState) -> None:
    if to not in REPORT_TRANSITIONS[ReportState(report.state)]:
        raise ReportRefused.of(_("The report back cannot be moved from its present state."))
    report.state = to


def _writable(grant: Grant, by: AbstractBaseUser) -> GrantReport:
    """The grant's report, created as a draft if missing, locked, if `by` may write it."""
    if not is_recipient_of(by, grant):
        raise ReportRefused.of(_("Only the recipient of the grant writes its report back."))
    # The grant row is locked first, so two first saves at once do not both create a report.
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.closed_at is not None:
        raise ReportRefused.of(_("The grant is closed and can no longer be changed."))
    if grant.replaced_by_id:
        raise ReportRefused.of(_("A correction replaced this grant: report on the new grant."))
    report = _locked(grant)
    if report is None:
        report = GrantReport.objects.create(grant=grant, recorded_by=by)
    if report.state not in EDITABLE:
        raise ReportRefused.of(
            _("The report back has been submitted and can no longer be changed.")
        )
    return report


def _write(report: GrantReport, texts: dict[str, str], lines: list[LineInput]) -> None:
    for name in (*TEXTS, "note"):
        setattr(report, name, texts.get(name, ""))
    report.save()
    report.lines.all().delete()
    GrantReportLine.objects.bulk_create(
        GrantReportLine(
            report=report, sub_area=line.sub_area, amount=line.amount or 0, comment=line.comment
        )
        for line in lines
        if line.amount is not None or line.comment.strip()
    )


@transaction.atomic
def report_save_draft(
    *, grant: Grant, by: AbstractBaseUser, texts: dict[str, str], lines: list[LineInput]
) -> GrantReport:
    """Keep what the recipient wrote so far; nothing is checked but the right to write."""
    report = _writable(grant, by)
    _write(report, texts, lines)
    return report


def report_problems(*, grant: Grant, texts: dict[str, str], lines: list[LineInput]) -> dict:
    problems: dict[str | None, list[str]] = {}
    for name in TEXTS:
        if not (texts.get(name) or "").strip():
            problems[name] = [_("Fill in this part before you submit the report.")]
    used = sum(line.amount or 0 for line in lines)
    if not any(line.amount is not None for line in lines):
        problems["lines"] = [
            _(
                "State how much of the grant was used: enter an amount on at least one row "
                "(0 kr if nothing was used)."
            )
        ]
    elif used > grant.amount:
        problems["lines"] = [
            _("The money used (%(used)s) exceeds the grant (%(granted)s).")
            % {"used": format_kronor(used), "granted": format_kronor(grant.amount)}
        ]
    return problems


@transaction.atomic
def report_submit(
    *, grant: Grant, by: AbstractBaseUser, texts: dict[str, str], lines: list[LineInput]
) -> GrantReport:
    """Save and submit (a draft or a returned report) for the coordinator to review."""
    report = _writable(grant, by)
    problems = report_problems(grant=grant, texts=texts, lines=lines)
    if problems:
        raise ReportRefused(problems)
    _move(report, ReportState.SUBMITTED)
    report.reported_on = timezone.localdate()
    report.submitted_by = by
    _write(report, texts, lines)
    return report


def _reviewable(report: GrantReport, by: AbstractBaseUser) -> GrantReport:
    grant = report.grant
    if not is_coordinator_of(by, grant) or is_recipient_of(by, grant):
        raise ReportRefused.of(_("Only the county's coordinator reviews a report back."))
    locked = GrantReport.objects.select_for_update().get(pk=report.pk)
    if locked.submitted_by_id is not None and locked.submitted_by_id == by.pk:
        raise ReportRefused.of(_("You cannot review a report you submitted yourself."))
    return locked


@transaction.atomic
def report_accept(*, report: GrantReport, by: AbstractBaseUser, comment: str = "") -> GrantReport:
    locked = _reviewable(report, by)
    _move(locked, ReportState.ACCEPTED)
    locked.review_comment, locked.reviewed_by, locked.reviewed_at = comment, by, timezone.now()
    locked.save()
    return locked


@transaction.atomic
def report_return(*, report: GrantReport, by: AbstractBaseUser, comment: str) -> GrantReport:
    """Send the report back to the recipient, saying what to complete."""
    if not comment.strip():
        raise ReportRefused({"comment": [_("Say what the recipient should complete.")]})
    locked = _reviewable(report, by)
    _move(locked, ReportState.RETURNED)
    locked.review_comment, locked.reviewed_by, locked.reviewed_at = comment, by, timezone.now()
    locked.save()
    return locked


@transaction.atomic
def report_attachment_add(
    *, grant: Grant, by: AbstractBaseUser, uploaded_file: UploadedFile
) -> GrantReportAttachment:
    """A PDF, DOCX, XLSX or ODT of at most 10 MB, checked as application attachments are."""
    if uploaded_file.size is None or uploaded_file.size > MAX_ATTACHMENT_SIZE:
        raise ReportRefused({"attachment": [_("The file is larger than 10 MB.")]})
    file_type = file_type_detect(uploaded_file=uploaded_file)
    if file_type is None:
        raise ReportRefused(
            {
                "attachment": [
                    _(
                        "Only PDF, DOCX, XLSX and ODT files can be attached. "
                        "This file is not one of them."
                    )
                ]
            }
        )
    report = _writable(grant, by)
    original_name = clean_original_name(uploaded_file.name or "")
    attachment = GrantReportAttachment(
        report=report,
        original_name=original_name,
        content_type=file_type.content_type,
        size=uploaded_file.size,
        uploaded_by=by,
    )
    try:
        attachment.file.save(stored_name(original_name, file_type), uploaded_file, save=False)
    except OSError as exc:
        raise ReportRefused({"attachment": [storage_failed_message()]}) from exc
    stored, storage = attachment.file.name, attachment.file.storage
    try:
        attachment.save()
    except Exception:
        storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def report_attachment_remove(*, attachment: GrantReportAttachment, by: AbstractBaseUser) -> None:
    _writable(attachment.report.grant, by)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def grant_close(*, grant: Grant, by: AbstractBaseUser) -> Grant:
    """Close a grant whose report back is accepted (its case may then be archived)."""
    if not is_coordinator_of(by, grant):
        raise ReportRefused.of(_("Only the county's coordinator closes a grant."))
    locked = Grant.objects.select_for_update().get(pk=grant.pk)
    if locked.closed_at is not None:
        raise ReportRefused.of(_("The grant is already closed."))
    if not GrantReport.objects.filter(grant=locked, state=ReportState.ACCEPTED).exists():
        raise ReportRefused.of(_("A grant is closed only when its report back is accepted."))
    locked.closed_at, locked.closed_by = timezone.now(), by
    locked.save(update_fields=["closed_at", "closed_by"])
    return locked
