"""The meeting page of the decision forum: the agenda in paragraph order, each paragraph's
lines grouped by focus area with the area's standing, and the forms the viewer may use.

Every choice the forms offer is loaded once here and handed to each form, so the page runs
the same number of queries whatever the number of lines.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch

from applications.decisions.forms.meetings import (
    AgendaItemForm,
    AgendaLineForm,
    LineOrganisationForm,
    NotParticipatingForm,
)
from applications.decisions.forms.rulings import AdoptListForm, AdoptRow, RulingForm
from applications.decisions.permissions import (
    approvals_due,
    is_coordinator,
    may_decide,
    takes_no_part,
)
from applications.decisions.selectors.meetings import (
    AreaStanding,
    active_reasons,
    agenda_lines,
    area_standings,
    correction_candidates,
    county_organisations,
    proposals_awaiting_decision,
)
from applications.models import AgendaItem, Decision, DecisionMeeting, Outcome, RejectionReason

User = AbstractBaseUser | AnonymousUser


@dataclass
class LinePanel:
    """One line of a paragraph with what the viewer may do on it."""

    line: Decision
    takes_no_part: bool = False
    rule_form: RulingForm | None = None
    organisation_form: LineOrganisationForm | None = None
    member_form: NotParticipatingForm | None = None
    may_step_aside: bool = False
    error: str = ""
    open_panel: str = ""  # "rule", "organisation" or "member": shown unfolded (errors)
    # on the agenda: which of the line page's forms the viewer may use (links to them)
    may_rule: bool = False
    may_organise: bool = False
    may_record_conflict: bool = False

    @property
    def has_actions(self) -> bool:
        return self.may_rule or self.may_organise or self.may_record_conflict


@dataclass
class LineGroup:
    """The lines of one focus area in a paragraph, with the area's standing."""

    standing: AreaStanding
    lines: list[LinePanel] = field(default_factory=list)
    adopt_rows: list[AdoptRow] = field(default_factory=list)
    error: str = ""

    @property
    def proposed_total(self) -> int:
        return sum(panel.line.proposed_amount for panel in self.lines)

    @property
    def decided_total(self) -> int:
        return sum(panel.line.amount for panel in self.lines if panel.line.grants_money)


@dataclass
class ItemPanel:
    item: AgendaItem
    groups: list[LineGroup] = field(default_factory=list)
    adopt_form: AdoptListForm | None = None
    adopt_error: str = ""
    line_form: AgendaLineForm | None = None
    line_form_open: bool = False

    @property
    def line_count(self) -> int:
        return sum(len(group.lines) for group in self.groups)


@dataclass
class MeetingPage:
    meeting: DecisionMeeting
    items: list[ItemPanel]
    standings: list[AreaStanding]
    is_coordinator: bool
    may_decide: bool
    may_manage: bool
    approvals_due: list[str]
    awaiting_count: int = 0
    item_form: AgendaItemForm | None = None
    has_corrections: bool = False  # a final decision to correct (searched on its own page)
    open_form: str = ""  # "item": shown unfolded (errors)

    @property
    def line_count(self) -> int:
        return sum(panel.line_count for panel in self.items)

    @property
    def pending_count(self) -> int:
        return sum(
            1
            for panel in self.items
            for group in panel.groups
            for line_panel in group.lines
            if line_panel.line.outcome == Outcome.PENDING
        )

    @property
    def agenda_standings(self) -> list[AreaStanding]:
        """The areas the agenda has lines in, or that have an allocation."""
        on_agenda = {group.standing.focus_area.pk for p in self.items for group in p.groups}
        return [
            s for s in self.standings if s.allocation is not None or s.focus_area.pk in on_agenda
        ]


Bound = dict[tuple, object]


def meeting_page(
    *,
    meeting: DecisionMeeting,
    viewer: User,
    bound: Bound | None = None,
    errors: dict[tuple, str] | None = None,
) -> MeetingPage:
    """The agenda in paragraph order, each paragraph's lines grouped by focus area, with
    the forms the viewer may use. `bound` replaces a form by the one posted (keys
    ("adopt"|"line", item id), ("item",)); `errors` puts a refusal next to a line (("line",
    id)), over an adoption form (("adopt", item id)) or in a focus area of it (("area", item
    id, area id))."""
    bound, errors = bound or {}, errors or {}
    county = meeting.county
    coordinator = is_coordinator(viewer, county.pk)
    deciding = may_decide(viewer, meeting)
    managing = deciding and coordinator
    standings = area_standings(county=county, agreement=meeting.agreement)
    by_area = {standing.focus_area.pk: standing for standing in standings}
    items = list(
        meeting.items.order_by("number").prefetch_related(
            Prefetch("decisions", queryset=agenda_lines())
        )
    )
    reasons: list[RejectionReason] = []
    organisations: list = []
    if deciding:
        reasons = active_reasons(county=county)
        organisations = county_organisations(county=county)
    viewing = _Viewing(viewer, deciding, coordinator)
    page = MeetingPage(
        meeting=meeting,
        items=[],
        standings=standings,
        is_coordinator=coordinator,
        may_decide=deciding,
        may_manage=managing,
        approvals_due=approvals_due(viewer, meeting),
    )
    for item in items:
        lines = list(item.decisions.all())
        panel = ItemPanel(item=item, adopt_error=errors.get(("adopt", item.pk), ""))
        groups: dict[int, LineGroup] = {}
        for line in lines:
            group = groups.get(line.focus_area_id)
            if group is None:
                standing = by_area.get(line.focus_area_id) or AreaStanding(line.focus_area, None, 0)
                group = groups[line.focus_area_id] = LineGroup(
                    standing, error=errors.get(("area", item.pk, line.focus_area_id), "")
                )
            group.lines.append(_line_panel(line, viewing, bound, errors))
        panel.groups = sorted(groups.values(), key=lambda g: g.standing.focus_area.number)
        if deciding and any(line.outcome == Outcome.PENDING for line in lines):
            form = bound.get(("adopt", item.pk)) or AdoptListForm(
                lines=lines, reasons=reasons, viewer=viewer
            )
            panel.adopt_form = form
            for row in form.rows:
                groups[row.line.focus_area_id].adopt_rows.append(row)
        if managing:
            form = bound.get(("line", item.pk))
            panel.line_form_open = form is not None
            panel.line_form = form or _line_form(standings, organisations, item)
        page.items.append(panel)
    if managing:
        page.awaiting_count = proposals_awaiting_decision(
            county_id=county.pk, agreement_id=meeting.agreement_id
        ).count()
        page.item_form = bound.get(("item",)) or AgendaItemForm(prefix="item")
        page.has_corrections = correction_candidates(county=county).exists()
        page.open_form = "item" if ("item",) in bound else ""
    return page


def _line_form(standings, organisations, item) -> AgendaLineForm:
    areas = [s.focus_area for s in standings]
    return AgendaLineForm(
        prefix=f"n{item.pk}",
        focus_areas=areas,
        sub_areas=[sub for area in areas for sub in area.sub_areas.all()],
        organisations=organisations,
    )


@dataclass(frozen=True)
class _Viewing:
    """Who looks at the page and what they may do."""

    viewer: User
    deciding: bool
    coordinator: bool


def _line_panel(line: Decision, viewing: _Viewing, bound: Bound, errors: dict) -> LinePanel:
    """A line on the agenda: its figures and links to its own page, where its forms are
    (a 60-line agenda rendering four forms per line weighed a megabyte)."""
    panel = LinePanel(line=line, takes_no_part=takes_no_part(viewing.viewer, line))
    panel.error = errors.get(("line", line.pk), "")
    if viewing.deciding:
        panel.may_rule = not panel.takes_no_part
        panel.may_organise = True
        panel.may_record_conflict = panel.may_rule or viewing.coordinator
    return panel


def line_page(
    *,
    line: Decision,
    meeting: DecisionMeeting,
    viewer: User,
    bound: Bound | None = None,
    error: str = "",
) -> LinePanel:
    """One line with every form the viewer may use on it (the line's own page). `bound`
    replaces a form by the one posted (keys "rule", "organisation", "member")."""
    bound = bound or {}
    county = meeting.county
    panel = LinePanel(line=line, takes_no_part=takes_no_part(viewer, line), error=error)
    if not may_decide(viewer, meeting):
        return panel
    panel.open_panel = next(iter(bound), "")
    if not panel.takes_no_part:
        panel.rule_form = bound.get("rule") or RulingForm(
            line=line, reasons=active_reasons(county=county)
        )
        panel.may_step_aside = True
    panel.organisation_form = bound.get("organisation") or LineOrganisationForm(
        line=line, organisations=county_organisations(county=county)
    )
    if is_coordinator(viewer, county.pk):
        form = bound.get("member") or NotParticipatingForm(
            line=line, members=list(meeting.members_present.all())
        )
        panel.member_form = form if form.fields["member"].objects else None
    panel.may_rule = panel.rule_form is not None
    panel.may_organise = True
    panel.may_record_conflict = panel.may_step_aside or panel.member_form is not None
    return panel
