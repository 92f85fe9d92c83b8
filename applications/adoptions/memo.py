"""The member's cover memo and the package for its board: the memo's state for the case's
page, and the package (the memo as PDF and .docx, the meeting's decision document and the
extract of the minutes, or the whole minutes, with their checksums) made in memory."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from applications.documents.adoption_memo import MemoBasis, memo_basis
from applications.documents.adoption_memo_docx import adoption_memo_docx, adoption_memo_docx_name
from applications.models import (
    Adoption,
    AgendaItem,
    DocumentKind,
    GeneratedDocument,
    JobState,
)

CONTENTS_NAME = "innehall.txt"


class PackageIncomplete(Exception):
    """A document the package holds is not made yet; `message` says which, for the member."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MemoState:
    """The memo's versions as the case's page shows them: the newest one (perhaps still
    being made) and the newest finished one, which is what is downloaded."""

    latest: GeneratedDocument | None
    ready: GeneratedDocument | None
    # The documents the memo names, for the page (`memo_panel`); empty otherwise.
    basis: tuple[MemoBasis, ...] = ()

    @property
    def busy(self) -> bool:
        return self.latest is not None and self.latest.is_busy

    @property
    def failed(self) -> bool:
        return self.latest is not None and self.latest.state == JobState.FAILED


def memo_state(*, adoption: Adoption) -> MemoState:
    """The memo's newest and newest finished versions, in one query."""
    versions = list(
        GeneratedDocument.objects.filter(
            adoption=adoption, kind=DocumentKind.ADOPTION_MEMO
        ).order_by("-version", "-pk")
    )
    ready = next((v for v in versions if v.state == JobState.DONE), None)
    return MemoState(latest=versions[0] if versions else None, ready=ready)


def memo_panel(*, adoption: Adoption) -> MemoState:
    """What the case's page shows of the memo: its versions and its basis documents, in
    four queries."""
    state = memo_state(adoption=adoption)
    return MemoState(
        latest=state.latest, ready=state.ready, basis=tuple(adoption_basis(adoption=adoption))
    )


def memo_ready(*, adoption: Adoption) -> GeneratedDocument | None:
    """The newest finished version of the memo, with what its download name needs."""
    return (
        GeneratedDocument.objects.filter(
            adoption=adoption, kind=DocumentKind.ADOPTION_MEMO, state=JobState.DONE
        )
        .exclude(file="")
        .select_related("meeting", "adoption__member")
        .order_by("-version", "-pk")
        .first()
    )


def adoption_basis(*, adoption: Adoption) -> list[MemoBasis]:
    """The documents the member's decision rests on, as the memo lists them."""
    paragraphs = list(
        AgendaItem.objects.filter(meeting_id=adoption.meeting_id, decisions__isnull=False)
        .distinct()
        .order_by("number")
    )
    return memo_basis(meeting=adoption.meeting, paragraphs=paragraphs)


def basis_document(*, adoption: Adoption, key: str) -> MemoBasis | None:
    return next((b for b in adoption_basis(adoption=adoption) if b.key == key), None)


def _not_ready(label: str) -> str:
    return _(
        "%(document)s has not been generated yet, so the package cannot be made. "
        "Ask the county's coordinator to generate it, then download the package again."
    ) % {"document": label}


def _read(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as f:
        return f.read()


def package_name(adoption: Adoption) -> str:
    date = adoption.meeting.held_on.isoformat()
    return f"antagande-{date}-{slugify(adoption.member.name)}.zip"


def adoption_package(*, adoption: Adoption) -> bytes:
    """The package for the member's board as a ZIP: the memo (PDF, its newest finished
    version, and .docx, as the adoption is now), the meeting's decision document and the
    extract of the minutes of each paragraph (or the whole minutes), and `innehall.txt`
    with each file's SHA-256 (as `sha256sum` writes them). Raises `PackageIncomplete`
    naming the first document not made yet."""
    memo = memo_ready(adoption=adoption)
    if memo is None:
        if memo_state(adoption=adoption).failed:
            raise PackageIncomplete(
                _(
                    "The cover memo could not be generated, so the package cannot be made. "
                    "Save the memo's details again to make a new version."
                )
            )
        raise PackageIncomplete(
            _(
                "The cover memo is still being generated, so the package cannot be made yet. "
                "Try again in a moment."
            )
        )
    basis = adoption_basis(adoption=adoption)
    for entry in basis:
        if not entry.is_ready:
            raise PackageIncomplete(_not_ready(entry.label))
    with translation.override(settings.LANGUAGE_CODE):
        files = [
            (memo.download_name, _read(memo)),
            (adoption_memo_docx_name(adoption), adoption_memo_docx(adoption=adoption)),
            *((entry.document.download_name, _read(entry.document)) for entry in basis),
        ]
    contents = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in files
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in [*files, (CONTENTS_NAME, contents.encode())]:
            archive.writestr(name, content)
    return out.getvalue()
