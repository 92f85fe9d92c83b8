"""The county's status report of a year (like Dalarna's of September 2025): per focus area
(and sub-area) the current grants with description, type, amount, status and responsible
unit; totals per area; and a summary of money at risk.

Money at risk of a grant (`at_risk`):
- a forecast is given: the granted amount minus the forecast (never below 0);
- no forecast, and its status is marked "money at risk": what is not yet invoiced or used;
- otherwise 0.
Flagged for invoicing: the county's invoicing deadline has passed and the grant is not fully
invoiced or used; the summary lists what remains of those grants.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from allocations.followup.selectors.grants import GrantLine, county_lines_due, invoicing_deadline
from allocations.models import Agreement, County, CountyAllocation, FocusArea, SubArea


@dataclass(frozen=True)
class ReportRow:
    line: GrantLine
    at_risk: int

    @property
    def grant(self):
        return self.line.grant

    @property
    def responsible(self) -> str:
        grant = self.grant
        name = grant.responsible_organisation.name
        if grant.handling_organisation_id != grant.responsible_organisation_id:
            name = f"{name} ({grant.handling_organisation.name})"
        return f"{name} {grant.handling_note}".strip()


@dataclass
class SubAreaGroup:
    sub_area: SubArea | None
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.grant.amount for row in self.rows)


@dataclass
class AreaSection:
    focus_area: FocusArea
    allocation: int | None
    groups: list[SubAreaGroup] = field(default_factory=list)

    @property
    def rows(self) -> list[ReportRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def at_risk(self) -> int:
        return sum(row.at_risk for row in self.rows)

    @property
    def flagged(self) -> int:
        return sum(row.line.remaining for row in self.rows if row.line.flagged)

    @property
    def has_sub_areas(self) -> bool:
        return any(group.sub_area is not None for group in self.groups)


@dataclass
class StatusReport:
    county: County
    agreement: Agreement
    today: datetime.date
    deadline: datetime.date | None
    areas: list[AreaSection]

    @property
    def rows(self) -> list[ReportRow]:
        return [row for area in self.areas for row in area.rows]

    @property
    def total(self) -> int:
        return sum(area.total for area in self.areas)

    @property
    def at_risk(self) -> int:
        return sum(area.at_risk for area in self.areas)

    @property
    def at_risk_rows(self) -> list[ReportRow]:
        return [row for row in self.rows if row.at_risk]

    @property
    def flagged_rows(self) -> list[ReportRow]:
        return [row for row in self.rows if row.line.flagged]

    @property
    def flagged(self) -> int:
        return sum(row.line.remaining for row in self.flagged_rows)

    @property
    def deadline_passed(self) -> bool:
        return self.deadline is not None and self.today > self.deadline


def money_at_risk(line: GrantLine) -> int:
    """See the module's docstring."""
    grant = line.grant
    if grant.forecast is not None:
        return max(grant.amount - grant.forecast, 0)
    if grant.followup_status is not None and grant.followup_status.money_at_risk:
        return line.remaining
    return 0


def _group_order(group: SubAreaGroup) -> tuple[bool, int]:
    """Sub-areas in their order, lines without a sub-area last."""
    return (group.sub_area is None, group.sub_area.position if group.sub_area else 0)


def status_report(
    *, county: County, agreement: Agreement, today: datetime.date | None = None
) -> StatusReport:
    """The report in a fixed number of queries (allocations, deadline, grants, areas)."""
    today = today or timezone.localdate()
    deadline = invoicing_deadline(county=county, agreement=agreement)
    due_on = deadline.due_on if deadline else None
    lines = county_lines_due(county=county, agreement=agreement, due_on=due_on, today=today)
    allocations = dict(
        CountyAllocation.objects.filter(county=county, focus_area__agreement=agreement).values_list(
            "focus_area_id", "amount"
        )
    )
    areas: dict[int, AreaSection] = {}
    for focus_area in agreement.focus_areas.order_by("number"):
        if focus_area.pk in allocations:
            areas[focus_area.pk] = AreaSection(focus_area, allocations[focus_area.pk])
    for line in lines:
        section = areas.get(line.grant.focus_area_id)
        if section is None:
            section = areas[line.grant.focus_area_id] = AreaSection(line.grant.focus_area, None)
        sub_area = line.sub_area
        group = next((g for g in section.groups if g.sub_area == sub_area), None)
        if group is None:
            group = SubAreaGroup(sub_area)
            section.groups.append(group)
        group.rows.append(ReportRow(line, money_at_risk(line)))
    ordered = sorted(areas.values(), key=lambda a: a.focus_area.number)
    for section in ordered:
        section.groups.sort(key=_group_order)
    return StatusReport(
        county=county,
        agreement=agreement,
        today=today,
        deadline=due_on,
        areas=ordered,
    )
