"""The lines behind each figure of the budget view (its drill-down pages).

Every line is a `Line` with the same columns, whatever it comes from (an application, a
proposal, a decision, an invoice …), and its `amount` is what it adds to the figure, so the
lines of a cell always sum to the cell: the querysets are the ones `budget.selectors.overview`
aggregates, filtered to the cell.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allocations.budget.selectors.overview import (
    AREA_ONLY,
    COLUMN_LABELS,
    COLUMNS,
    REST,
    applied_applications,
    decided_lines,
    grant_follow_up,
    standing_proposals,
    year_reallocations,
    year_repayments,
    year_requisitions,
    year_usages,
)
from allocations.models import Agreement, County, FocusArea, SubArea
from allocations.money import format_kronor
from applications.models import Decision, Grant

__all__ = ["COLUMN_LABELS", "CellLines", "Line", "budget_cell_lines"]


@dataclass(frozen=True)
class Line:
    focus_area: int | None  # the area's number
    sub_area: str
    reference: str  # case number, paragraph (`§9 2025-03-14`) …
    date: date | None
    organisation: str
    text: str
    detail: str
    amount: int  # what the line adds to the figure (negative when it takes away)
    application_id: int | None = None
    grant_id: int | None = None  # links to the grant's history


@dataclass(frozen=True)
class Scope:
    """A cell's row: the county (no area), an area, one of its sub-areas, or its lines
    without a sub-area (`rest`)."""

    focus_area: FocusArea | None = None
    sub_area: SubArea | None = None
    rest: bool = False

    @property
    def is_area_level(self) -> bool:
        return self.sub_area is None and not self.rest

    def filter(self, queryset, area: str, sub: str):
        if self.focus_area is not None:
            queryset = queryset.filter(**{area: self.focus_area})
        if self.rest:
            queryset = queryset.filter(**{f"{sub}__isnull": True})
        elif self.sub_area is not None:
            queryset = queryset.filter(**{sub: self.sub_area})
        return queryset

    def holds(self, area_id: int, sub_id: int) -> bool:
        if self.focus_area is not None and area_id != self.focus_area.pk:
            return False
        if self.rest:
            return sub_id == REST
        return self.sub_area is None or sub_id == self.sub_area.pk


@dataclass(frozen=True)
class CellLines:
    column: str
    scope: Scope
    lines: list[Line]
    recorded: bool  # False where the figure is not kept at this level (a sub-area's requisitions)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def label(self):
        return COLUMN_LABELS[self.column]


def _sub_name(sub_area: SubArea | None) -> str:
    return sub_area.name if sub_area else ""


def _paragraph(decision: Decision) -> str:
    return f"§{decision.item.number} {decision.item.meeting.held_on.isoformat()}"


def _applied(county, agreement, scope) -> list[Line]:
    rows = scope.filter(
        applied_applications(county=county, agreement=agreement), "focus_area", "sub_area"
    ).select_related("organisation", "focus_area", "sub_area")
    return [
        Line(
            a.focus_area.number,
            _sub_name(a.sub_area),
            a.case_number or "",
            a.submitted_at.date() if a.submitted_at else None,
            a.organisation.name,
            a.title,
            a.get_status_display(),
            a.amount_requested or 0,
            a.pk,
        )
        for a in rows.order_by("focus_area__number", "case_number", "pk")
    ]


def _proposed(county, agreement, scope) -> list[Line]:
    rows = scope.filter(
        standing_proposals(county=county, agreement=agreement),
        "application__focus_area",
        "application__sub_area",
    ).select_related(
        "meeting",
        "application__organisation",
        "application__focus_area",
        "application__sub_area",
    )
    return [
        Line(
            p.application.focus_area.number,
            _sub_name(p.application.sub_area),
            p.application.case_number or "",
            p.meeting.held_on,
            p.application.organisation.name,
            p.application.title,
            p.application.get_status_display(),
            p.amount,
            p.application_id,
        )
        for p in rows.order_by("application__focus_area__number", "application__case_number")
    ]


def _decided(county, agreement, scope, sign: int = 1) -> list[Line]:
    rows = scope.filter(
        decided_lines(county=county, agreement=agreement), "focus_area", "sub_area"
    ).select_related("item__meeting", "responsible_organisation", "focus_area", "sub_area", "grant")
    lines = []
    for d in rows.order_by("focus_area__number", "item__meeting__held_on", "item__number", "pk"):
        detail = d.get_outcome_display()
        if d.item.meeting.is_open:
            detail = _("%(outcome)s (meeting still open)") % {"outcome": detail}
        lines.append(
            Line(
                d.focus_area.number,
                _sub_name(d.sub_area),
                _paragraph(d),
                d.item.meeting.held_on,
                d.responsible_organisation.name,
                d.title,
                detail,
                sign * d.amount,
                d.application_id,
                d.grant.pk if hasattr(d, "grant") else None,
            )
        )
    return lines


def _allocated(county, agreement, scope) -> list[Line]:
    if scope.rest:
        return []
    if scope.sub_area is not None:
        if scope.sub_area.earmarked_amount is None:
            return []
        return [
            Line(
                scope.focus_area.number,
                scope.sub_area.name,
                "",
                None,
                "",
                _("Earmarked for the sub-area in the agreement"),
                "",
                scope.sub_area.earmarked_amount,
            )
        ]
    allocations = county.allocations.filter(focus_area__agreement=agreement).select_related(
        "focus_area"
    )
    if scope.focus_area is not None:
        allocations = allocations.filter(focus_area=scope.focus_area)
    lines = [
        Line(
            a.focus_area.number,
            "",
            "",
            None,
            "",
            _("Allocation in the agreement"),
            a.basis,
            a.amount,
        )
        for a in allocations.order_by("focus_area__number")
    ]
    for r in year_reallocations(county=county, agreement=agreement):
        for area, other, sign, text in (
            (r.from_focus_area, r.to_focus_area, -1, _("Moved to focus area %(number)s")),
            (r.to_focus_area, r.from_focus_area, 1, _("Moved from focus area %(number)s")),
        ):
            if scope.focus_area is None or scope.focus_area.pk == area.pk:
                lines.append(
                    Line(
                        area.number,
                        "",
                        r.decision_label,
                        r.decided_in.meeting.held_on if r.decided_in_id else None,
                        "",
                        text % {"number": other.number},
                        r.reason,
                        sign * r.amount,
                    )
                )
    return lines


def _county_level(queryset, scope, date_field: str, text) -> list[Line]:
    if not scope.is_area_level:
        return []
    rows = scope.filter(queryset, "focus_area", "focus_area").select_related("focus_area")
    return [
        Line(
            r.focus_area.number,
            "",
            "",
            getattr(r, date_field),
            "",
            r.note or str(text),
            "",
            r.amount,
        )
        for r in rows.order_by("focus_area__number", date_field, "pk")
    ]


def _used(county, agreement, scope) -> list[Line]:
    rows = scope.filter(
        year_usages(county=county, agreement=agreement),
        "grant__focus_area",
        "grant__decision__sub_area",
    ).select_related(
        "grant__focus_area",
        "grant__decision__sub_area",
        "grant__decision__item__meeting",
        "grant__responsible_organisation",
    )
    return [
        Line(
            u.grant.focus_area.number,
            _sub_name(u.grant.decision.sub_area),
            _paragraph(u.grant.decision),
            u.occurred_on,
            u.grant.responsible_organisation.name,
            " – ".join(part for part in (u.grant.title, u.note) if part),
            u.get_kind_display(),
            u.amount,
            u.grant.application_id,
        )
        for u in rows.order_by("grant__focus_area__number", "occurred_on", "pk")
    ]


def _settled(county, agreement, scope, column: str) -> list[Line]:
    follow_up = {
        row["pk"]: row
        for row in grant_follow_up(county=county, agreement=agreement)
        if row["current"]
        and row["settled"]
        and scope.holds(row["focus_area_id"], row["sub_area_id"])
    }
    grants = (
        Grant.objects.filter(pk__in=follow_up)
        .select_related(
            "focus_area",
            "decision__sub_area",
            "decision__item__meeting",
            "responsible_organisation",
        )
        .order_by("focus_area__number", "decision__item__meeting__held_on", "pk")
    )
    lines = []
    for g in grants:
        row = follow_up[g.pk]
        if column == "reported":
            amount, detail = g.amount, _("Report back accepted")
        else:
            amount = row["to_repay"]
            detail = _("Granted %(granted)s, used %(used)s") % {
                "granted": format_kronor(g.amount),
                "used": format_kronor(row["chain_used"]),
            }
        lines.append(
            Line(
                g.focus_area.number,
                _sub_name(g.decision.sub_area),
                _paragraph(g.decision),
                g.decision.item.meeting.held_on,
                g.responsible_organisation.name,
                g.title,
                detail,
                amount,
                g.application_id,
            )
        )
    return lines


REQUISITION = gettext_lazy("Requisition to Kammarkollegiet")
REPAYMENT = gettext_lazy("Repayment to Kammarkollegiet")


def budget_cell_lines(
    *, county: County, agreement: Agreement, column: str, scope: Scope
) -> CellLines:
    """The lines behind one figure of the budget: `column` of the row `scope`."""
    if column not in COLUMNS:
        raise ValueError(column)
    args = (county, agreement, scope)
    kw = {"county": county, "agreement": agreement}
    if column == "allocated":
        lines = _allocated(*args)
    elif column == "applied":
        lines = _applied(*args)
    elif column == "proposed":
        lines = _proposed(*args)
    elif column == "decided":
        lines = _decided(*args)
    elif column == "requisitioned":
        lines = _county_level(year_requisitions(**kw), scope, "requisitioned_on", REQUISITION)
    elif column == "repaid":
        lines = _county_level(year_repayments(**kw), scope, "repaid_on", REPAYMENT)
    elif column == "used":
        lines = _used(*args)
    elif column in {"reported", "to_repay"}:
        lines = _settled(*args, column)
    else:  # remaining: what is allocated less what is decided
        lines = _allocated(*args) + _decided(*args, sign=-1)
    recorded = not (column in AREA_ONLY and not scope.is_area_level)
    if column in {"allocated", "remaining"} and (
        scope.rest or (scope.sub_area is not None and scope.sub_area.earmarked_amount is None)
    ):
        recorded = False
    return CellLines(column, scope, lines if recorded else [], recorded)
