"""Reads for the decision forum's generated documents: the panel of a meeting (every
document with its versions, in three queries whatever their number) and who may download
a version."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.applying.permissions import applicant_organisation_ids
from applications.documents.services import may_manage_documents
from applications.documents.signing import (
    SignatureCheck,
    pdf_signature_check,
    signing_configured,
)
from applications.models import (
    AgendaItem,
    Decision,
    DecisionMeeting,
    DocumentKind,
    GeneratedDocument,
    JobState,
    Outcome,
)

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class DocumentSubject:
    """One document of the meeting (the decision document, the letter of one line or the
    extract of one paragraph) with its versions, newest first."""

    kind: DocumentKind
    key: str
    label: str
    versions: list[GeneratedDocument]
    decision: Decision | None = None
    item: AgendaItem | None = None

    @property
    def latest(self) -> GeneratedDocument | None:
        return self.versions[0] if self.versions else None

    @property
    def earlier(self) -> list[GeneratedDocument]:
        return self.versions[1:]

    @property
    def busy(self) -> bool:
        return any(v.is_busy for v in self.versions)


@dataclass(frozen=True)
class DocumentPanel:
    meeting: DecisionMeeting
    decision_document: DocumentSubject
    letters: list[DocumentSubject]
    extracts: list[DocumentSubject]
    undecided_applications: int
    return_to: str = ""
    minutes: DocumentSubject | None = None
    # Whether a signing certificate is configured: approved minutes are signed.
    signing: bool = False

    @property
    def subjects(self) -> list[DocumentSubject]:
        return [
            self.decision_document,
            *([self.minutes] if self.minutes else []),
            *self.letters,
            *self.extracts,
        ]

    @property
    def busy_count(self) -> int:
        return sum(1 for s in self.subjects for v in s.versions if v.is_busy)

    @property
    def busy(self) -> bool:
        return self.busy_count > 0

    @property
    def summary(self) -> str:
        """What a screen reader hears when the panel changes."""
        if self.busy:
            return ngettext(
                "%(count)s document is being generated.",
                "%(count)s documents are being generated.",
                self.busy_count,
            ) % {"count": self.busy_count}
        return _("Every requested document is finished.")


def decision_documents_panel(*, meeting: DecisionMeeting, user: User) -> DocumentPanel | None:
    """The documents of the meeting for its county's coordinators and forum members; None
    for anyone else (the panel is then not shown)."""
    if not user.is_authenticated or not may_manage_documents(user, meeting.county_id):
        return None
    documents = list(
        GeneratedDocument.objects.filter(meeting=meeting)
        .select_related("requested_by")
        .order_by("-version", "-pk")
    )

    def versions(kind, decision_id=None, item_id=None) -> list[GeneratedDocument]:
        return [
            d
            for d in documents
            if d.kind == kind and d.decision_id == decision_id and d.item_id == item_id
        ]

    lines = list(
        Decision.objects.filter(item__meeting=meeting, application__isnull=False)
        .select_related("application", "item")
        .order_by("item__number", "focus_area__number", "position", "pk")
    )
    letters = [
        DocumentSubject(
            kind=DocumentKind.DECISION_LETTER,
            key=f"letter-{line.pk}",
            label=f"{line.application.case_number or ''} {line.title}".strip(),
            versions=versions(DocumentKind.DECISION_LETTER, decision_id=line.pk),
            decision=line,
        )
        for line in lines
        if line.outcome != Outcome.PENDING
    ]
    extracts = [
        DocumentSubject(
            kind=DocumentKind.MINUTES_EXTRACT,
            key=f"extract-{item.pk}",
            label=f"§{item.number} {item.heading}",
            versions=versions(DocumentKind.MINUTES_EXTRACT, item_id=item.pk),
            item=item,
        )
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("number")
    ]
    minutes = versions(DocumentKind.MINUTES)
    for version in minutes:
        if version.state == JobState.DONE:
            version.signature = document_signature(document=version)
    return DocumentPanel(
        meeting=meeting,
        minutes=DocumentSubject(
            kind=DocumentKind.MINUTES,
            key="minutes",
            label=str(DocumentKind.MINUTES.label),
            versions=minutes,
        ),
        signing=signing_configured(),
        decision_document=DocumentSubject(
            kind=DocumentKind.DECISION_DOCUMENT,
            key="document",
            label=str(DocumentKind.DECISION_DOCUMENT.label),
            versions=versions(DocumentKind.DECISION_DOCUMENT),
        ),
        letters=letters,
        extracts=extracts,
        undecided_applications=sum(1 for line in lines if line.outcome == Outcome.PENDING),
    )


def document_signature(*, document: GeneratedDocument) -> SignatureCheck | None:
    """The stored file's signature checked against the configured certificate; None for a
    version made unsigned. A file that can no longer be read is an invalid signature."""
    if not document.signed_at or not document.file:
        return None
    try:
        with document.file.open("rb") as f:
            content = f.read()
    except OSError:
        return SignatureCheck(valid=False, problem=_("The signed file cannot be read."))
    return pdf_signature_check(content=content)


def may_download(*, user: User, document: GeneratedDocument) -> bool:
    """The county's coordinators and forum members, any version; the applicant
    organisation's users, the letters on their applications once the minutes are approved."""
    if not user.is_authenticated:
        return False
    meeting = document.meeting
    if may_manage_documents(user, meeting.county_id):
        return True
    return (
        document.kind == DocumentKind.DECISION_LETTER
        and meeting.is_released
        and document.application is not None
        and document.application.organisation_id in applicant_organisation_ids(user)
    )
