"""The "förslag till beslut" of a focus area as PDF, for the decision forum's agenda.

Rendered like the application's PDF (pdf.py): an HTML template and the print stylesheet,
no request needed.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from allocations.models import FocusArea
from applications.applying.pdf import _stylesheet_path
from applications.documents.pdfa import pdfa_render
from applications.models import ReviewMeeting
from applications.review.selectors.focus_area import area_figures
from applications.review.selectors.meetings import meeting_proposals
from applications.review.selectors.overview import member_name


def proposals_document_context(*, meeting: ReviewMeeting, focus_area: FocusArea) -> dict:
    """The proposals adopted at the meeting in the area, their total against the area's
    allocation, and who took no part in which case because of a conflict of interest."""
    proposals = list(meeting_proposals(meeting=meeting, focus_area=focus_area))
    conflicts = [
        {"name": member_name(declaration.member), "case": proposal.application.case_number}
        for proposal in proposals
        for declaration in proposal.application.conflicts
    ]
    return {
        "meeting": meeting,
        "county": meeting.county,
        "focus_area": focus_area,
        "proposals": proposals,
        "total": sum(proposal.amount for proposal in proposals),
        "requested": sum(p.application.amount_requested or 0 for p in proposals),
        "figures": area_figures(county=meeting.county, focus_area=focus_area),
        "attendees": [member_name(user) for user in meeting.attendees.all()],
        "conflicts": conflicts,
        "printed_at": timezone.now(),
    }


def proposals_pdf_render(*, meeting: ReviewMeeting, focus_area: FocusArea) -> bytes:
    html = render_to_string(
        "applications/review/proposal_pdf.html",
        proposals_document_context(meeting=meeting, focus_area=focus_area),
    )
    return pdfa_render(html, stylesheet=_stylesheet_path())
