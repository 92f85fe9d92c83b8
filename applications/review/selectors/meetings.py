"""Reads for review meetings: the agenda per focus area and the proposals adopted.

The agenda reuses the overview's rows (`review.selectors.overview`), so the jäv and anchoring rules
are the same on both pages.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from allocations.models import County, FocusArea
from applications.models import ConflictDeclaration, Proposal, ReviewMeeting, Status
from applications.review.forms.meeting import ProposalForm, proposal_prefix
from applications.review.selectors.focus_area import AreaFigures, area_figures
from applications.review.selectors.overview import (
    HIDDEN_CONFLICT,
    OverviewRow,
    member_columns,
    review_applications,
    review_rows,
)

User = AbstractBaseUser | AnonymousUser


def review_meetings_of_county(*, county: County) -> QuerySet[ReviewMeeting]:
    return (
        ReviewMeeting.objects.filter(county=county)
        .select_related("county", "round__call")
        .order_by("-held_on", "-pk")
    )


def review_meeting_get(*, county: County, pk: int) -> ReviewMeeting:
    """The county's meeting with its round, call and attendees; 404 in another county."""
    meeting = (
        review_meetings_of_county(county=county)
        .select_related("round__call__agreement")
        .prefetch_related("attendees", "round__members", "round__call__focus_areas")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


@dataclass
class AgendaRow:
    row: OverviewRow
    form: ProposalForm | None  # None: adopted already, or the viewer takes no part
    error: str = ""

    @property
    def application(self):
        return self.row.application


@dataclass
class AgendaArea:
    focus_area: FocusArea
    figures: AreaFigures
    rows: list[AgendaRow] = field(default_factory=list)

    @property
    def pending_sum(self) -> int:
        """The amounts in the open forms (prefilled or typed)."""
        total = 0
        for agenda_row in self.rows:
            form = agenda_row.form
            if form is None:
                continue
            if form.is_bound:
                value = getattr(form, "cleaned_data", {}).get("amount")
            else:
                value = form.initial.get("amount")
            total += value or 0
        return total

    @property
    def remaining_after_pending(self) -> int | None:
        remaining = self.figures.remaining
        return None if remaining is None else remaining - self.pending_sum


def meeting_agenda(
    *,
    meeting: ReviewMeeting,
    viewer: User,
    bound: dict[int, ProposalForm] | None = None,
    errors: dict[int, str] | None = None,
) -> list[AgendaArea]:
    """Per focus area of the round's call (where the county has an allocation): the rows
    in review or later, each in review with a form prefilled with the recommended amount.
    `bound` replaces a row's form with the one posted (typed values kept), `errors` adds a
    refusal next to it."""
    bound, errors = bound or {}, errors or {}
    county = meeting.county
    call = meeting.round.call
    applications = list(review_applications(county=county, call_id=call.pk))
    members = member_columns(list(meeting.round.members.all()), applications)
    areas = []
    for focus_area in sorted(call.focus_areas.all(), key=lambda area: area.number):
        figures = area_figures(county=county, focus_area=focus_area)
        if figures.allocation is None:
            continue
        in_area = [a for a in applications if a.focus_area_id == focus_area.pk]
        area = AgendaArea(focus_area, figures)
        for row in review_rows(in_area, county=county, members=members, viewer=viewer):
            application = row.application
            form = None
            open_for_adoption = application.status == Status.IN_REVIEW and row.proposal is None
            if open_for_adoption and row.hidden != HIDDEN_CONFLICT:
                form = bound.get(application.pk) or ProposalForm(
                    prefix=proposal_prefix(application.pk),
                    case_number=application.case_number or "",
                    initial={"amount": row.recommended_amount},
                )
            area.rows.append(AgendaRow(row, form, errors.get(application.pk, "")))
        areas.append(area)
    return areas


def meeting_proposals(
    *, meeting: ReviewMeeting, focus_area: FocusArea | None = None
) -> QuerySet[Proposal]:
    """The proposals adopted at the meeting (in one focus area), with the members who took
    no part because of a conflict of interest."""
    proposals = meeting.proposals.exclude(application__status=Status.WITHDRAWN)
    if focus_area is not None:
        proposals = proposals.filter(application__focus_area=focus_area)
    return (
        proposals.select_related("application__organisation", "application__focus_area")
        .prefetch_related(
            "excluded_members",
            Prefetch(
                "application__conflict_declarations",
                queryset=ConflictDeclaration.objects.filter(has_conflict=True).select_related(
                    "member"
                ),
                to_attr="conflicts",
            ),
        )
        .order_by("application__focus_area__number", "application__case_number")
    )
