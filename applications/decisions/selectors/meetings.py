"""Reads for the decision forum: its meetings, the agenda with a form per line, what stands
decided per focus area, and the decision an applicant sees once the minutes are approved.

The meeting page runs the same number of queries whatever the number of lines: every
choice its forms offer is loaded once here and handed to each form.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from allocations.agreements.effective import effective_allocations
from allocations.models import Agreement, County, FocusArea, SubArea
from applications.decisions.permissions import takes_no_part
from applications.decisions.services.rulings import Ruling
from applications.models import (
    GRANTING,
    AgendaItem,
    Application,
    Assessment,
    Decision,
    DecisionMeeting,
    MeetingState,
    Outcome,
    Proposal,
    RejectionReason,
    Status,
)
from applications.models.status import DECIDED

User = AbstractBaseUser | AnonymousUser


# --- meetings -------------------------------------------------------------------------------


def decision_meetings_of_county(*, county: County) -> QuerySet[DecisionMeeting]:
    """The county's meetings, newest first, with their number of lines and the sum their
    granting decisions stand for."""
    return (
        DecisionMeeting.objects.filter(county=county)
        .select_related("agreement")
        .annotate(
            line_count=Count("items__decisions"),
            decided_total=Sum(
                "items__decisions__amount",
                filter=Q(items__decisions__outcome__in=GRANTING),
                default=0,
            ),
        )
        .order_by("-held_on", "-pk")
    )


def decision_meeting_get(*, county: County, pk: int) -> DecisionMeeting:
    """The county's meeting with its officers and attendance; 404 in another county."""
    meeting = (
        DecisionMeeting.objects.filter(county=county, pk=pk)
        .select_related("county", "agreement", "chair", "minutes_approver", "closed_by")
        .prefetch_related("members_present")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def agenda_item_get(*, county: County, pk: int) -> AgendaItem:
    item = (
        AgendaItem.objects.filter(meeting__county=county, pk=pk)
        .select_related("meeting__county", "meeting__agreement")
        .first()
    )
    if item is None:
        raise Http404
    return item


def decision_line_get(*, county: County, pk: int) -> Decision:
    line = (
        Decision.objects.filter(item__meeting__county=county, pk=pk)
        .select_related("item__meeting__county", "focus_area")
        .prefetch_related("not_participating")
        .first()
    )
    if line is None:
        raise Http404
    return line


def meeting_line_counts(*, meeting: DecisionMeeting) -> tuple[int, int]:
    """How many lines the meeting has, and how many of them are still undecided."""
    counts = Decision.objects.filter(item__meeting=meeting).aggregate(
        lines=Count("pk"), pending=Count("pk", filter=Q(outcome=Outcome.PENDING))
    )
    return counts["lines"], counts["pending"]


def next_paragraph_number(*, county: County, agreement: Agreement | None) -> int:
    """Paragraphs run through the year: the number after the county's last one."""
    if agreement is None:
        return 1
    last = AgendaItem.objects.filter(
        meeting__county=county, meeting__agreement=agreement
    ).aggregate(n=Max("number"))["n"]
    return 1 if last is None else last + 1


def correction_candidates(*, county: County) -> QuerySet[Decision]:
    """Final decisions of the county not yet corrected: what a correction may replace."""
    return (
        Decision.objects.filter(item__meeting__county=county, corrected_by__isnull=True)
        .exclude(item__meeting__state=MeetingState.OPEN)
        .exclude(outcome=Outcome.PENDING)
        .select_related("item__meeting", "application")
        .order_by("-item__meeting__held_on", "-item__number", "position", "pk")
    )


def active_reasons(*, county: County) -> list[RejectionReason]:
    return list(county.rejection_reasons.filter(active=True).order_by("position", "pk"))


def county_organisations(*, county: County) -> list:
    return list(county.organisations.order_by("name"))


def line_form_choices(*, county: County, agreement: Agreement) -> dict:
    """The choices of the form adding a line without application."""
    areas = list(
        FocusArea.objects.filter(agreement=agreement)
        .prefetch_related(Prefetch("sub_areas", queryset=SubArea.objects.order_by("position")))
        .order_by("number")
    )
    return {
        "focus_areas": areas,
        "sub_areas": [sub for area in areas for sub in area.sub_areas.all()],
        "organisations": county_organisations(county=county),
    }


def agenda_lines() -> QuerySet[Decision]:
    """Lines with what the meeting page shows of them."""
    return Decision.objects.select_related(
        "application",
        "focus_area",
        "sub_area",
        "responsible_organisation",
        "handling_organisation",
        "rejection_reason",
        "corrects__item__meeting",
        "corrected_by__item__meeting",
    ).prefetch_related("not_participating")


def item_lines(*, item: AgendaItem) -> list[Decision]:
    """A paragraph's lines with what the page shows of them."""
    return list(agenda_lines().filter(item=item))


def rejection_reasons_of_county(*, county: County) -> QuerySet[RejectionReason]:
    return RejectionReason.objects.filter(county=county).order_by("-active", "position", "pk")


# --- what stands decided --------------------------------------------------------------------


def decided_sums(*, county_id: int, agreement_id: int) -> dict[int, int]:
    """`services.rulings.decided_sum` for every focus area of the year in one query."""
    rows = (
        Decision.objects.filter(
            item__meeting__county_id=county_id,
            focus_area__agreement_id=agreement_id,
            outcome__in=GRANTING,
        )
        .exclude(corrected_by__outcome__in=[*GRANTING, Outcome.REJECTED])
        .order_by()
        .values("focus_area_id")
        .annotate(total=Sum("amount"))
    )
    return {row["focus_area_id"]: row["total"] for row in rows}


@dataclass(frozen=True)
class AreaStanding:
    """A focus area's allocation in the county, what stands decided and what remains."""

    focus_area: FocusArea
    allocation: int | None
    decided: int

    @property
    def remaining(self) -> int | None:
        return None if self.allocation is None else self.allocation - self.decided

    @property
    def exceeded(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def area_standings(*, county: County, agreement: Agreement) -> list[AreaStanding]:
    """Every focus area of the year (with its sub-areas prefetched). Three queries."""
    areas = FocusArea.objects.filter(agreement=agreement).prefetch_related(
        Prefetch("sub_areas", queryset=SubArea.objects.order_by("position"))
    )
    # As reallocations have left them: the figures the allocation guard decides against.
    allocations = effective_allocations(county_id=county.pk, agreement_id=agreement.pk)
    decided = decided_sums(county_id=county.pk, agreement_id=agreement.pk)
    return [
        AreaStanding(area, allocations.get(area.pk), decided.get(area.pk, 0))
        for area in areas.order_by("number")
    ]


def _effect(line: Decision, outcome: str, amount: int) -> int:
    """What a line with this outcome adds to the decided sum of its area (a correction
    takes the corrected decision's amount out once it is decided)."""
    effect = amount if outcome in GRANTING else 0
    corrected = line.corrects
    if corrected is not None and corrected.grants_money and outcome != Outcome.PENDING:
        effect -= corrected.amount
    return effect


def adoption_overshoot(
    *, item: AgendaItem, exceptions: dict[int, Ruling], viewer: User
) -> dict[int, int]:
    """Per focus area, by how much adopting the list with these exceptions would exceed the
    allocation (only the areas that would). Tells the page where the guard's refusal
    belongs; the refusal itself comes from the service."""
    meeting = item.meeting
    lines = list(item.decisions.select_related("corrects").prefetch_related("not_participating"))
    standings = {
        s.focus_area.pk: s
        for s in area_standings(county=meeting.county, agreement=meeting.agreement)
    }
    projected = {area_id: standing.decided for area_id, standing in standings.items()}
    for line in lines:
        ruling = exceptions.get(line.pk)
        if ruling is None:
            if line.outcome != Outcome.PENDING or takes_no_part(viewer, line):
                continue
            outcome, amount = Outcome.APPROVED, line.proposed_amount
        else:
            outcome = Outcome(ruling.outcome)
            amount = {
                Outcome.APPROVED: line.proposed_amount,
                Outcome.APPROVED_IN_PART: ruling.amount or 0,
            }.get(outcome, 0)
        delta = _effect(line, outcome, amount) - _effect(line, line.outcome, line.amount)
        projected[line.focus_area_id] = projected.get(line.focus_area_id, 0) + delta
    over = {}
    for area_id, total in projected.items():
        standing = standings.get(area_id)
        allocation = None if standing is None else standing.allocation
        if allocation is not None and total > allocation:
            over[area_id] = total - allocation
    return over


# --- the applicant's view of a released decision --------------------------------------------


@dataclass(frozen=True)
class ReleasedDecision:
    decision: Decision
    comments: list[str]

    @property
    def meeting(self) -> DecisionMeeting:
        return self.decision.item.meeting


def released_decision(*, application: Application) -> ReleasedDecision | None:
    """The latest decision on the application from a meeting whose minutes are approved,
    with the review group's comments shared with the applicant. None before the release
    (nothing of the decision shows until then)."""
    if application.status not in DECIDED:
        return None  # a release always gives the application its decided status
    decision = (
        Decision.objects.filter(
            application=application, item__meeting__state=MeetingState.MINUTES_APPROVED
        )
        .exclude(outcome=Outcome.PENDING)
        .select_related("item__meeting__county", "rejection_reason", "corrects__item__meeting")
        .order_by("-item__meeting__held_on", "-item__number", "-pk")
        .first()
    )
    if decision is None:
        return None
    comments = list(
        Assessment.objects.filter(application=application, submitted_at__isnull=False)
        .exclude(applicant_comment="")
        .order_by("submitted_at", "pk")
        .values_list("applicant_comment", flat=True)
    )
    return ReleasedDecision(decision, comments)


def proposals_awaiting_decision(*, county_id: int, agreement_id: int):
    """Adopted proposals of a county and year that are on no meeting's agenda yet."""
    return (
        Proposal.objects.filter(
            application__county_id=county_id,
            application__focus_area__agreement_id=agreement_id,
            application__status=Status.PROPOSED,
            decisions__isnull=True,
        )
        .select_related("application__organisation", "application__focus_area")
        .order_by("application__focus_area__number", "application__case_number")
    )
