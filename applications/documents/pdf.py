"""The decision forum's documents as PDF/A-3b, tagged for accessibility: the decision
document of a meeting (beslutsunderlag, shaped like Jämtland's 2025 one), the decision
letter of one decided line (beslutsbrev) and the extract of the minutes of one paragraph
(protokollsutdrag).

Rendering needs no request: the background task calls `decision_pdf_render`. Each kind has
a context builder that reads everything it shows in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from allocations.agreements.effective import effective_allocations
from allocations.models import CountyAllocation, FocusArea
from applications.documents.minutes import minutes_context
from applications.documents.pdfa import pdfa_render
from applications.models import (
    GRANTING,
    AgendaItem,
    Assessment,
    Decision,
    DecisionMeeting,
    DocumentKind,
    GeneratedDocument,
    Outcome,
)
from applications.review.selectors.overview import member_name

DECISION_PRINT_CSS = "css/decision_print.css"


def _stylesheet_path() -> str:
    # Source tree first (development, tests), then the collected files (production).
    return finders.find(DECISION_PRINT_CSS) or staticfiles_storage.path(DECISION_PRINT_CSS)


def page_counter_css() -> SafeString:
    """The CSS `content` of the page number box, "Sida 2 av 6", in the active language.
    The translation decides the word order; quotes and markup are stripped from it, since
    it is written into a <style> element as is."""
    text = _("Page %(page)s of %(pages)s")
    text = "".join(c for c in text if c not in '"\\<>')
    text = text.replace("%(page)s", '" counter(page) "').replace("%(pages)s", '" counter(pages) "')
    return mark_safe(f'"{text}"')  # only a stripped translation and counters


def _meeting(meeting_id: int) -> DecisionMeeting:
    return DecisionMeeting.objects.select_related(
        "county__administering_organisation", "agreement", "chair", "minutes_approver"
    ).get(pk=meeting_id)


def _common(meeting: DecisionMeeting) -> dict:
    return {
        "meeting": meeting,
        "county": meeting.county,
        "agreement": meeting.agreement,
        "body": meeting.county.decision_body_name,
        "administrator": meeting.county.administering_organisation,
        "page_counter": page_counter_css(),
        "printed_at": timezone.localtime(),
    }


# --- the decision document ------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentLine:
    """A line as the document shows it: decided lines at their decided amount, undecided
    ones at the proposed amount."""

    title: str
    responsible: str
    amount: int
    paragraph: int
    pending: bool


@dataclass
class AreaSection:
    focus_area: FocusArea
    allocation: CountyAllocation | None
    # The allocation as reallocations have left it (what the guard decides against).
    effective: int = 0
    lines: list[DocumentLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def undistributed(self) -> int:
        return self.effective - self.total if self.allocation else 0


@dataclass(frozen=True)
class HandlerTotal:
    """The sum handled by one organisation in one way ("… i samverkan med …")."""

    label: str
    amount: int


def document_lines(meeting: DecisionMeeting):
    """The meeting's lines that the decision document shows: every line except rejected
    ones, in focus-area order, then paragraph and position."""
    return (
        Decision.objects.filter(item__meeting=meeting)
        .exclude(outcome=Outcome.REJECTED)
        .select_related("item", "responsible_organisation", "handling_organisation")
        .order_by("focus_area__number", "item__number", "position", "pk")
    )


def _handler_totals(decisions: list[Decision], amounts: dict[int, int]) -> list[HandlerTotal]:
    """The sums per organisation handling the money and the way it handles them: the
    organisations in order of first appearance; under each, the funds it handles itself
    first, then each way with a note ("… i samverkan med …") in order of appearance."""
    organisation_order: dict[int, int] = {}
    totals: dict[tuple[int, str], int] = {}  # dicts keep first-appearance order
    labels: dict[tuple[int, str], str] = {}
    for decision in decisions:
        organisation = decision.handling_organisation
        organisation_order.setdefault(organisation.pk, len(organisation_order))
        note = decision.handling_note.strip()
        key = (organisation.pk, note)
        labels[key] = f"{organisation.name} {note}".strip()
        totals[key] = totals.get(key, 0) + amounts[decision.pk]
    position = {key: i for i, key in enumerate(totals)}
    keys = sorted(totals, key=lambda k: (organisation_order[k[0]], k[1] != "", position[k]))
    return [HandlerTotal(label=labels[key], amount=totals[key]) for key in keys]


def decision_document_context(*, meeting_id: int) -> dict:
    """Everything the decision document shows: the agreement and all its focus areas, per
    focus area with county-joint funds the county's allocation, its conditions and its
    lines with their total, the sums per organisation handling the money, the deadlines,
    the proposed decision and the paragraphs that hold the lines."""
    meeting = _meeting(meeting_id)
    agreement = meeting.agreement
    areas = list(
        FocusArea.objects.filter(agreement=agreement)
        .prefetch_related("conditions")
        .order_by("number")
    )
    allocations = {
        a.focus_area_id: a
        for a in CountyAllocation.objects.filter(
            county_id=meeting.county_id, focus_area__agreement=agreement
        )
    }
    decisions = list(document_lines(meeting))
    amounts = {d.pk: d.amount if d.outcome in GRANTING else d.proposed_amount for d in decisions}
    effective = effective_allocations(county_id=meeting.county_id, agreement_id=agreement.pk)
    sections = {
        area.pk: AreaSection(
            focus_area=area, allocation=allocations.get(area.pk), effective=effective[area.pk]
        )
        for area in areas
        if area.has_county_joint_funds and area.pk in allocations
    }
    for decision in decisions:
        section = sections.get(decision.focus_area_id)
        if section is None:  # a line in an area without an allocation (should not happen)
            area = next(a for a in areas if a.pk == decision.focus_area_id)
            section = sections[area.pk] = AreaSection(focus_area=area, allocation=None)
        section.lines.append(
            DocumentLine(
                title=decision.title,
                responsible=decision.responsible_organisation.name,
                amount=amounts[decision.pk],
                paragraph=decision.item.number,
                pending=decision.outcome == Outcome.PENDING,
            )
        )
    ordered = sorted(sections.values(), key=lambda s: s.focus_area.number)
    paragraphs = sorted({d.item.number for d in decisions})
    recipients: dict[int, str] = {}
    for decision in decisions:
        for organisation in (decision.handling_organisation, decision.responsible_organisation):
            recipients.setdefault(organisation.pk, organisation.name)
    return {
        **_common(meeting),
        "focus_areas": areas,
        "sections": ordered,
        "county_total": sum(a.amount for a in allocations.values()),
        "handlers": _handler_totals(decisions, amounts),
        "grand_total": sum(amounts.values()),
        "is_proposal": any(d.outcome == Outcome.PENDING for d in decisions) or not decisions,
        "paragraphs": paragraphs,
        "paragraphs_label": ", ".join(f"§{number}" for number in paragraphs),
        "recipients": list(recipients.values()),
    }


# --- the decision letter --------------------------------------------------------------------


def decision_letter_context(*, decision_id: int) -> dict:
    """The decision on one application, for the applicant organisation: outcome, amount,
    motivation or reason, conditions and the review group's comments meant for them."""
    decision = Decision.objects.select_related(
        "item",
        "focus_area",
        "sub_area",
        "rejection_reason",
        "application__organisation",
        "corrects__item__meeting",
    ).get(pk=decision_id)
    meeting = _meeting(decision.item.meeting_id)
    comments = [
        text.strip()
        for text in Assessment.objects.filter(
            application_id=decision.application_id, submitted_at__isnull=False
        )
        .exclude(applicant_comment="")
        .order_by("submitted_at", "pk")
        .values_list("applicant_comment", flat=True)
        if text.strip()
    ]
    return {
        **_common(meeting),
        "decision": decision,
        "application": decision.application,
        "item": decision.item,
        "comments": comments,
    }


# --- the extract of the minutes -------------------------------------------------------------


def minutes_extract_context(*, item_id: int) -> dict:
    """One paragraph of the minutes with the meeting's facts, every line's outcome and who
    took no part in which line because of a conflict of interest."""
    item = AgendaItem.objects.prefetch_related(
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related(
                "application", "responsible_organisation", "rejection_reason"
            )
            .prefetch_related("not_participating")
            .order_by("focus_area__number", "position", "pk"),
        )
    ).get(pk=item_id)
    meeting = _meeting(item.meeting_id)
    lines = list(item.decisions.all())
    conflicts = [
        {"name": member_name(member), "line": line}
        for line in lines
        for member in line.not_participating.all()
    ]
    return {
        **_common(meeting),
        "item": item,
        "lines": lines,
        "granted": sum(line.amount for line in lines if line.outcome in GRANTING),
        "members": [
            member_name(m)
            for m in meeting.members_present.order_by("last_name", "first_name", "username")
        ],
        "chair": member_name(meeting.chair) if meeting.chair else "",
        "approver": member_name(meeting.minutes_approver) if meeting.minutes_approver else "",
        "conflicts": conflicts,
        "minutes_approved_on": max(
            (t for t in (meeting.chair_approved_at, meeting.approver_approved_at) if t),
            default=None,
        ),
    }


# --- the minutes ----------------------------------------------------------------------------


def full_minutes_context(*, meeting_id: int) -> dict:
    """The whole minutes of the meeting (`documents.minutes`), with its common facts."""
    meeting = _meeting(meeting_id)
    return {**_common(meeting), **minutes_context(meeting=meeting)}


# --- rendering ------------------------------------------------------------------------------

TEMPLATES: dict[str, str] = {
    DocumentKind.DECISION_DOCUMENT: "applications/decisions/pdf/decision_document.html",
    DocumentKind.DECISION_LETTER: "applications/decisions/pdf/decision_letter.html",
    DocumentKind.MINUTES_EXTRACT: "applications/decisions/pdf/minutes_extract.html",
    DocumentKind.MINUTES: "applications/decisions/pdf/minutes.html",
}

CONTEXTS: dict[str, Callable[[GeneratedDocument], dict]] = {
    DocumentKind.DECISION_DOCUMENT: lambda d: decision_document_context(meeting_id=d.meeting_id),
    DocumentKind.DECISION_LETTER: lambda d: decision_letter_context(decision_id=d.decision_id),
    DocumentKind.MINUTES_EXTRACT: lambda d: minutes_extract_context(item_id=d.item_id),
    DocumentKind.MINUTES: lambda d: full_minutes_context(meeting_id=d.meeting_id),
}


def html_to_pdf(html: str) -> bytes:
    """The document as tagged PDF/A (`documents.pdfa`) with the decision documents' stylesheet."""
    return pdfa_render(html, stylesheet=_stylesheet_path())


def decision_document_html(*, document: GeneratedDocument) -> str:
    kind = DocumentKind(document.kind)
    context = CONTEXTS[kind](document)
    context["document"] = document
    return render_to_string(TEMPLATES[kind], context)


def decision_pdf_render(*, document: GeneratedDocument) -> bytes:
    """The document's PDF in the active language."""
    return html_to_pdf(decision_document_html(document=document))
