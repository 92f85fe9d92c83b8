# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""A member's cover memo (tjänsteskrivelse) for adopting the decision body's recommendation,
shaped like Östersund's 2025 one: the recipient, the title naming the year and the body, the
proposed decision, the summary of the matter (the agreement, the county's allocation and
what the body recommended, to the krona), the documents the decision rests on, the
preparing officers and whom the decision is sent to.

The memo's text is built once (`adoption_memo_content`) and written both as the PDF/A of
the generated-document pipeline and as the editable .docx (`documents.adoption_memo_docx`),
so the two always say the same. It is read in a fixed number of queries, whatever the
number of lines and paragraphs.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import CountyAllocation, FocusArea
from allocations.money import format_kronor
from applications.documents.pdf import (
    HandlerTotal,
    _handler_totals,
    document_lines,
    html_to_pdf,
    page_counter_css,
)
from applications.models import (
    GRANTING,
    Adoption,
    AgendaItem,
    DecisionMeeting,
    DocumentKind,
    GeneratedDocument,
    JobState,
)

TEMPLATE = "applications/adoptions/memo_pdf.html"

BASIS_KINDS = (DocumentKind.DECISION_DOCUMENT, DocumentKind.MINUTES_EXTRACT, DocumentKind.MINUTES)


@dataclass(frozen=True)
class MemoBasis:
    """A document the board's decision rests on (underlag för beslut): the meeting's
    decision document, the extract of the minutes of a paragraph or the whole minutes.
    `document` is its latest finished version, None while there is none."""

    key: str
    label: str
    kind: DocumentKind
    document: GeneratedDocument | None
    item: AgendaItem | None = None

    @property
    def is_ready(self) -> bool:
        return self.document is not None


@dataclass(frozen=True)
class AmountRow:
    label: str
    amount: int

    @property
    def amount_text(self) -> str:
        return format_kronor(self.amount)


@dataclass(frozen=True)
class AmountTable:
    """A two-column table of the summary, with its total."""

    caption: str
    heading: str
    rows: list[AmountRow]

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def total_text(self) -> str:
        return format_kronor(self.total)


@dataclass(frozen=True)
class SummaryPart:
    """A paragraph of the summary, optionally followed by a list or a table."""

    text: str
    items: list[str] = field(default_factory=list)
    table: AmountTable | None = None


@dataclass(frozen=True)
class MemoContent:
    adoption: Adoption
    meeting: DecisionMeeting
    title: str
    recipient: str
    proposal: str
    summary: list[SummaryPart]
    basis: list[MemoBasis]
    preparing_officers: list[str]
    send_to: list[str]
    paragraphs_label: str
    dated: object  # the date the memo is made


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def basis_key(kind: DocumentKind, item: AgendaItem | None = None) -> str:
    """The stable name of a basis document in the member's download links."""
    if kind == DocumentKind.DECISION_DOCUMENT:
        return "beslutsunderlag"
    if kind == DocumentKind.MINUTES_EXTRACT:
        return f"protokollsutdrag-{item.number}"
    return "protokoll"


def memo_basis(*, meeting: DecisionMeeting, paragraphs: list[AgendaItem]) -> list[MemoBasis]:
    """The decision document of the meeting, then the extract of the minutes of each
    paragraph that holds the recommendation, when every one of them has been made; else the
    whole minutes (made and signed when the minutes are approved). One query."""
    documents = list(
        GeneratedDocument.objects.filter(meeting=meeting, kind__in=BASIS_KINDS)
        .select_related("meeting", "item")
        .order_by("-version", "-pk")
    )

    def latest(kind, item=None, *, states=(JobState.DONE,)) -> GeneratedDocument | None:
        return next(
            (
                d
                for d in documents
                if d.kind == kind and d.state in states and (item is None or d.item_id == item.pk)
            ),
            None,
        )

    body = meeting.county.decision_body_name
    date = meeting.held_on.isoformat()
    basis = [
        MemoBasis(
            key=basis_key(DocumentKind.DECISION_DOCUMENT),
            label=_("Decision document on county-joint funds %(year)s, %(body)s %(date)s")
            % {"year": meeting.agreement.year, "body": body, "date": date},
            kind=DocumentKind.DECISION_DOCUMENT,
            document=latest(DocumentKind.DECISION_DOCUMENT),
        )
    ]
    extracts = [
        MemoBasis(
            key=basis_key(DocumentKind.MINUTES_EXTRACT, item),
            label=_("Extract of minutes §%(number)s %(body)s %(date)s")
            % {"number": item.number, "body": body, "date": date},
            kind=DocumentKind.MINUTES_EXTRACT,
            document=latest(DocumentKind.MINUTES_EXTRACT, item),
            item=item,
        )
        for item in paragraphs
    ]
    minutes_made = latest(
        DocumentKind.MINUTES, states=(JobState.DONE, JobState.QUEUED, JobState.RUNNING)
    )
    if (extracts and all(e.is_ready for e in extracts)) or minutes_made is None:
        return [*basis, *extracts]
    return [
        *basis,
        MemoBasis(
            key=basis_key(DocumentKind.MINUTES),
            label=_("Minutes %(body)s %(date)s") % {"body": body, "date": date},
            kind=DocumentKind.MINUTES,
            document=latest(DocumentKind.MINUTES),
        ),
    ]


def basis_url(adoption: Adoption, basis: MemoBasis) -> str:
    """Where the member downloads the basis document in Länsmedel (an absolute address,
    for the PDF and the .docx)."""
    path = reverse("applications:adoption_basis", args=[adoption.pk, basis.key])
    return settings.SITE_URL.rstrip("/") + path


def _adoption(adoption_id: int) -> Adoption:
    return Adoption.objects.select_related(
        "member", "meeting__county__administering_organisation", "meeting__agreement"
    ).get(pk=adoption_id)


def adoption_memo_content(*, adoption_id: int) -> MemoContent:
    """The memo's text for the adoption as it is now, in the active language. Six queries."""
    adoption = _adoption(adoption_id)
    meeting = adoption.meeting
    county = meeting.county
    agreement = meeting.agreement
    body = county.decision_body_name
    date = meeting.held_on.isoformat()
    areas = list(FocusArea.objects.filter(agreement=agreement).order_by("number"))
    allocations = {
        a.focus_area_id: a.amount
        for a in CountyAllocation.objects.filter(
            county_id=meeting.county_id, focus_area__agreement=agreement
        )
    }
    decisions = list(document_lines(meeting))
    amounts = {d.pk: d.amount if d.outcome in GRANTING else d.proposed_amount for d in decisions}
    paragraphs = list(
        AgendaItem.objects.filter(meeting=meeting, decisions__isnull=False)
        .distinct()
        .order_by("number")
    )
    paragraphs_label = ", ".join(f"§{item.number}" for item in paragraphs)
    values = {
        "year": agreement.year,
        "body": body,
        "date": date,
        "paragraphs": paragraphs_label,
        "member": adoption.member.name,
        "county": county.name,
    }

    title = (
        _(
            "Distribution of stimulus funds for mental health %(year)s - Recommendation from %(body)s"
        )
        % values
    )
    proposal = (
        _(
            "%(member)s decides, in accordance with the recommendation of %(body)s on %(date)s %(paragraphs)s, to approve the proposal on requisition, distribution, payment and reporting of county-joint funds for strategic interventions in mental health and suicide prevention under the agreement between the state and the Swedish Association of Local Authorities and Regions (SKR) %(year)s."
        )
        % values
    )

    summary = [
        SummaryPart(
            text=_(
                "The state and SKR have signed an agreement for %(year)s on strategic interventions in mental health and suicide prevention: %(title)s."
            )
            % {**values, "title": agreement.title}
        )
    ]
    if agreement.description.strip():
        summary.append(SummaryPart(text=" ".join(_lines(agreement.description))))
    summary.append(
        SummaryPart(
            text=_("The agreement covers these focus areas:"),
            items=[f"{area.number}. {area.name}" for area in areas],
        )
    )
    allocated = [
        AmountRow(label=f"{area.number}. {area.name}", amount=allocations[area.pk])
        for area in areas
        if area.has_county_joint_funds and area.pk in allocations
    ]
    summary.append(
        SummaryPart(
            text=_("The county-joint funds of %(county)s for %(year)s amount to %(total)s.")
            % {**values, "total": format_kronor(sum(allocations.values()))},
            table=AmountTable(
                caption=_("The county's allocation per focus area"),
                heading=_("Focus area"),
                rows=allocated,
            ),
        )
    )
    handlers: list[HandlerTotal] = _handler_totals(decisions, amounts)
    summary.append(
        SummaryPart(
            text=_(
                "At its meeting on %(date)s %(paragraphs)s, %(body)s recommended distributing %(total)s of the county-joint funds as follows:"
            )
            % {**values, "total": format_kronor(sum(amounts.values()))},
            table=AmountTable(
                caption=_("The recommended distribution per organisation handling the funds"),
                heading=_("Organisation handling the funds"),
                rows=[AmountRow(label=h.label, amount=h.amount) for h in handlers],
            ),
        )
    )
    own = [
        AmountRow(label=" ".join(_lines(d.title)) or "–", amount=amounts[d.pk])
        for d in decisions
        if adoption.member_id in (d.responsible_organisation_id, d.handling_organisation_id)
    ]
    if own:
        summary.append(
            SummaryPart(
                text=_(
                    "Of these, %(member)s is responsible for or handles interventions amounting to %(total)s:"
                )
                % {**values, "total": format_kronor(sum(row.amount for row in own))},
                table=AmountTable(
                    caption=_("Interventions of %(member)s") % values,
                    heading=_("Intervention"),
                    rows=own,
                ),
            )
        )
    return MemoContent(
        adoption=adoption,
        meeting=meeting,
        title=title,
        recipient=adoption.recipient.strip(),
        proposal=proposal,
        summary=summary,
        basis=memo_basis(meeting=meeting, paragraphs=paragraphs),
        preparing_officers=_lines(adoption.preparing_officers),
        send_to=_lines(adoption.send_to),
        paragraphs_label=paragraphs_label,
        dated=timezone.localdate(),
    )


def adoption_memo_html(*, document: GeneratedDocument) -> str:
    content = adoption_memo_content(adoption_id=document.adoption_id)
    meeting = content.meeting
    context = {
        "memo": content,
        "adoption": content.adoption,
        "meeting": meeting,
        "county": meeting.county,
        "agreement": meeting.agreement,
        "body": meeting.county.decision_body_name,
        # The memo is the member's: its name heads the page and is the PDF's author.
        "administrator": content.adoption.member,
        "basis_links": [(basis, basis_url(content.adoption, basis)) for basis in content.basis],
        "page_counter": page_counter_css(),
        "printed_at": timezone.localtime(),
        "document": document,
    }
    return render_to_string(TEMPLATE, context)


def adoption_memo_pdf_render(*, document: GeneratedDocument) -> bytes:
    """The memo's PDF/A in the active language, as the adoption is now."""
    return html_to_pdf(adoption_memo_html(document=document))
