"""A recommending county's meeting released with what runs after each commit (the members'
cover memos, the signed minutes), and reading the memo back as text."""

import io
import re

from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.rulings import item_adopt_as_whole
from applications.models import DecisionMeeting, DocumentKind, GeneratedDocument
from tests.applications.decision_helpers import meeting_with_proposals, proposed, user

OFFICERS = (
    "Angelica Näslund, Tf Socialchef, Stöd- och omsorgsavdelningen\nGun Valli, Bitr. Socialchef"
)
SEND_TO = "Angelica Näslund\nGun Valli\nlena.weinstock-svedh@regionjh.se"


def release_recommending(
    county, agreement, coordinator, applicant, reviewers, in_review, capture
) -> DecisionMeeting:
    """SVOM recommends Östersund's intervention at 1 050 000 kr in focus area 4 (§9 of
    2025-03-14) and approves its minutes; every after-commit task runs in the test."""
    forum = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    area4 = in_review.call.focus_areas.get(number=4)
    proposed(
        in_review,
        applicant,
        coordinator,
        reviewers,
        amount=1_050_000,
        focus_area=area4,
        title="Suicidprevention i Östersunds skolor",
    )
    meeting, item = meeting_with_proposals(
        county, agreement, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    item_adopt_as_whole(item=item, user=forum[0])
    meeting_close(meeting=meeting, user=coordinator)
    with capture(execute=True):
        minutes_approve(meeting=meeting, user=forum[0])
    with capture(execute=True):
        minutes_approve(meeting=meeting, user=forum[1])
    meeting.refresh_from_db()
    return meeting


def memos(adoption) -> list[GeneratedDocument]:
    return list(
        GeneratedDocument.objects.filter(adoption=adoption, kind=DocumentKind.ADOPTION_MEMO)
        .select_related("meeting", "adoption__member")
        .order_by("version")
    )


def stored(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as f:
        return f.read()


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = text.replace("\u2010 ", "").replace("\u2010\n", "")  # hyphenated words joined again
    return re.sub(r"\s+", " ", text)


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return re.sub(r"\s+", " ", " ".join(parts))
