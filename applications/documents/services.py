# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""Documents of the decision forum generated in the background: request, produce, retry.

A request makes a new version (QUEUED) numbered under a row lock of the meeting, so two
requests at once never share a number; the work is enqueued after commit. The task moves it
QUEUED → RUNNING → DONE, or FAILED with the error kept for the coordinator; a failed version
can be retried. Versions are never overwritten: regenerating makes the next version and the
earlier ones stay downloadable with their checksums.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from allocations.models import Role
from applications.applying.permissions import roles_in_county
from applications.documents.signing import SignedPdf, pdf_sign
from applications.errors import TransitionRefused
from applications.models import (
    Adoption,
    AgendaItem,
    Decision,
    DecisionMeeting,
    DocumentKind,
    GeneratedDocument,
    JobState,
    Outcome,
)
from reporting.messaging.outbox import enqueue

logger = logging.getLogger(__name__)

DOCUMENT_MANAGERS = {Role.COORDINATOR, Role.FORUM}
ERROR_LIMIT = 4000


def may_manage_documents(user: AbstractBaseUser, county_id: int) -> bool:
    """The county's coordinators and decision forum members request and download them."""
    return bool(roles_in_county(user, county_id) & DOCUMENT_MANAGERS)


def _require_manager(user: AbstractBaseUser, county_id: int) -> None:
    if not may_manage_documents(user, county_id):
        raise TransitionRefused(_("Your role does not allow this step."))


def _check_subject(
    meeting: DecisionMeeting, kind: DocumentKind, decision: Decision | None, item: AgendaItem | None
) -> None:
    if kind == DocumentKind.DECISION_DOCUMENT:
        if decision is not None or item is not None:
            raise TransitionRefused(_("The decision document is made for the whole meeting."))
    elif kind == DocumentKind.MINUTES:
        if decision is not None or item is not None:
            raise TransitionRefused(_("The minutes are made for the whole meeting."))
    elif kind == DocumentKind.DECISION_LETTER:
        if decision is None or decision.item.meeting_id != meeting.pk:
            raise TransitionRefused(_("Choose a decided line of this meeting."))
        if decision.application_id is None:
            raise TransitionRefused(
                _("A decision letter goes to an applicant: this line has no application.")
            )
        if decision.outcome == Outcome.PENDING:
            raise TransitionRefused(_("The line is not decided yet."))
    elif item is None or item.meeting_id != meeting.pk:  # an extract of minutes
        raise TransitionRefused(_("Choose a paragraph of this meeting."))


def _is_stale(document: GeneratedDocument) -> bool:
    """A version stalled with its lost worker (config/jobs.py) no longer stands in the way
    of a new request, and a redelivered task may take it over."""
    return document.is_stalled


# The worker's task that makes a document (`applications.documents.tasks`).
GENERATE_TASK = "applications.tasks_documents.document_generate"


def _enqueue(document_id: int) -> None:

    enqueue(GENERATE_TASK, document_id)


def document_request(
    *,
    meeting: DecisionMeeting,
    kind: DocumentKind | str,
    user: AbstractBaseUser,
    decision: Decision | None = None,
    item: AgendaItem | None = None,
) -> GeneratedDocument:
    """A new version of the document (QUEUED), generated in the background after commit.
    While a version of the same document is still queued or being generated, that one is
    returned instead of a second (a double click makes one version)."""
    kind = DocumentKind(kind)
    _require_manager(user, meeting.county_id)
    _check_subject(meeting, kind, decision, item)
    return _version_create(meeting=meeting, kind=kind, user=user, decision=decision, item=item)


def minutes_request_on_release(
    *, meeting: DecisionMeeting, user: AbstractBaseUser
) -> GeneratedDocument:
    """The minutes of a meeting whose minutes were just approved, made (and signed) in the
    background after commit. Called by the approval itself, so whoever approved last is
    recorded as having asked for them, whatever their role."""
    return _version_create(meeting=meeting, kind=DocumentKind.MINUTES, user=user)


def _version_create(
    *,
    meeting: DecisionMeeting,
    kind: DocumentKind,
    user: AbstractBaseUser,
    decision: Decision | None = None,
    item: AgendaItem | None = None,
) -> GeneratedDocument:
    with transaction.atomic():
        meeting = DecisionMeeting.objects.select_for_update().get(pk=meeting.pk)
        same = GeneratedDocument.objects.filter(
            meeting=meeting, kind=kind, decision=decision, item=item
        )
        for busy in same.filter(state__in=[JobState.QUEUED, JobState.RUNNING]):
            if not _is_stale(busy):
                return busy
        version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
        document = GeneratedDocument.objects.create(
            kind=kind,
            meeting=meeting,
            decision=decision,
            item=item,
            application_id=decision.application_id if decision is not None else None,
            version=version,
            requested_by=user,
        )
        _enqueue(document.pk)
    return document


def adoption_memo_request(*, adoption: Adoption) -> GeneratedDocument:
    """A new version of the member's cover memo (QUEUED), generated in the background after
    commit from the adoption as it is then. A version still waiting in the queue will show
    the memo's fields as they are when it runs, so that one is returned instead of a second;
    one already being generated may have read them earlier, so a new version follows it."""
    with transaction.atomic():
        adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
        same = GeneratedDocument.objects.filter(adoption=adoption, kind=DocumentKind.ADOPTION_MEMO)
        for waiting in same.filter(state=JobState.QUEUED):
            if not _is_stale(waiting):
                return waiting
        version = (same.aggregate(v=Max("version"))["v"] or 0) + 1
        document = GeneratedDocument.objects.create(
            kind=DocumentKind.ADOPTION_MEMO,
            meeting_id=adoption.meeting_id,
            adoption=adoption,
            version=version,
        )
        _enqueue(document.pk)
    return document


def document_retry(*, document: GeneratedDocument, user: AbstractBaseUser) -> GeneratedDocument:
    """Queue a failed or stalled version again (same version number): "Starta igen". The
    last error stays recorded until the next attempt ends. A stalled one's lost task, should
    it still be delivered, finds the version taken and does nothing."""
    _require_manager(user, document.meeting.county_id)
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if document.state != JobState.FAILED and not document.is_stalled:
            raise TransitionRefused(
                _("Only a document whose generation failed or stopped can be started again.")
            )
        document.state = JobState.QUEUED
        document.started_at = None
        document.heartbeat_at = timezone.now()  # queued again now
        document.finished_at = None
        document.save(update_fields=["state", "started_at", "heartbeat_at", "finished_at"])
        _enqueue(document.pk)
    return document


def _start(document_id: int) -> GeneratedDocument | None:
    """QUEUED → RUNNING, or None when there is nothing to do: the task was delivered twice
    (late acknowledgement) or the version is already running elsewhere."""
    with transaction.atomic():
        document = (
            GeneratedDocument.objects.select_for_update(of=("self",))
            .select_related("meeting__county", "item", "application")
            .filter(pk=document_id)
            .first()
        )
        if document is None:
            return None
        if document.state == JobState.RUNNING and _is_stale(document):
            pass  # its worker was lost: take it over
        elif document.state != JobState.QUEUED:
            return None
        document.state = JobState.RUNNING
        document.started_at = document.heartbeat_at = timezone.now()
        document.attempts += 1
        document.save(update_fields=["state", "started_at", "heartbeat_at", "attempts"])
    return document


def document_produce(*, document_id: int) -> GeneratedDocument | None:
    """Render the version, store it in private storage with its checksum and size and mark
    it DONE; on any error mark it FAILED with the error, which the panel shows. Never
    raises for a rendering error, so the task is not retried blindly."""
    document = _start(document_id)
    if document is None:
        return None
    try:
        # The record is Swedish, whoever asked for it.
        with translation.override(settings.LANGUAGE_CODE):
            content = _render(document)
            signed = _sign_if_approved(document, content)
        if signed is not None:
            content = signed.content
            document.signed_at = signed.signed_at
            document.signed_by_certificate = signed.subject
        document.file.save(document.download_name, ContentFile(content), save=False)
    except Exception as exc:
        logger.exception("Generating document %s failed", document_id)
        document.state = JobState.FAILED
        document.error = f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
        document.finished_at = timezone.now()
        document.save(update_fields=["state", "error", "finished_at"])
        return document
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.size = len(content)
    document.state = JobState.DONE
    document.finished_at = timezone.now()
    document.save(
        update_fields=[
            "file",
            "sha256",
            "size",
            "state",
            "finished_at",
            "signed_at",
            "signed_by_certificate",
        ]
    )
    return document


def _render(document: GeneratedDocument) -> bytes:
    if document.kind == DocumentKind.ADOPTION_MEMO:
        from applications.documents.adoption_memo import adoption_memo_pdf_render

        return adoption_memo_pdf_render(document=document)
    from applications.documents.pdf import decision_pdf_render

    return decision_pdf_render(document=document)


def _sign_if_approved(document: GeneratedDocument, content: bytes) -> SignedPdf | None:
    """Minutes of a meeting whose minutes are approved carry the installation's PAdES
    signature over the rendered file, when a certificate is configured (the checksum is
    then the signed file's). Anything else, or no certificate: unsigned."""
    if document.kind != DocumentKind.MINUTES or not document.meeting.is_released:
        return None
    meeting = document.meeting
    return pdf_sign(
        content=content,
        reason=_("Approved minutes of %(body)s %(date)s")
        % {"body": meeting.county.decision_body_name, "date": meeting.held_on.isoformat()},
        location=meeting.place,
    )
