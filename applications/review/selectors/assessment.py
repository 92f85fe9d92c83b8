"""Reads for the review group's own pages: what a member assesses, a round's table, the
group's submitted assessments. Query counts are fixed here, whatever the number of rows."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from allocations.models import County, PriorityCriterion
from applications.models import (
    Application,
    Assessment,
    ConflictDeclaration,
    CriterionAssessment,
    ReviewAssignment,
    ReviewRound,
    Status,
)
from applications.models.status import DECIDED
from applications.review.scoring import Consensus, Score, consensus, score

# The states in which an application belongs to a review round's table.
REVIEWED = frozenset({Status.IN_REVIEW, Status.PROPOSED}) | DECIDED


class State:
    """Where a member stands with one application."""

    TO_DECLARE = "to_declare"
    CONFLICT = "conflict"
    TO_ASSESS = "to_assess"
    DRAFT = "draft"
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class AssessmentTask:
    application: Application
    review_round: ReviewRound
    state: str


def _states(member_ids, application_ids) -> dict[tuple[int, int], str]:
    """(member id, application id) → state, in two queries."""
    states: dict[tuple[int, int], str] = {}
    for member_id, application_id, conflict in ConflictDeclaration.objects.filter(
        member_id__in=member_ids, application_id__in=application_ids
    ).values_list("member_id", "application_id", "has_conflict"):
        states[member_id, application_id] = State.CONFLICT if conflict else State.TO_ASSESS
    for member_id, application_id, submitted_at in Assessment.objects.filter(
        member_id__in=member_ids, application_id__in=application_ids
    ).values_list("member_id", "application_id", "submitted_at"):
        if states.get((member_id, application_id)) == State.TO_ASSESS:
            states[member_id, application_id] = State.SUBMITTED if submitted_at else State.DRAFT
    return states


def assessment_tasks(*, member: AbstractBaseUser, county: County) -> list[AssessmentTask]:
    """The applications in review that the member assesses in the county's rounds, each in
    the latest round that gives it to them (as `round_for_member`). Five queries."""
    rounds = list(
        ReviewRound.objects.filter(call__county=county, members=member)
        .select_related("call")
        .order_by("-opened_at", "-pk")
    )
    if not rounds:
        return []
    assigned = set(
        ReviewAssignment.objects.filter(round__in=rounds, member=member).values_list(
            "round_id", "application_id"
        )
    )
    applications = (
        Application.objects.filter(call_id__in={r.call_id for r in rounds}, status=Status.IN_REVIEW)
        .select_related("organisation", "focus_area")
        .order_by("case_number")
    )
    tasks = []
    for application in applications:
        for review_round in rounds:
            if review_round.call_id == application.call_id and (
                review_round.assess_all or (review_round.pk, application.pk) in assigned
            ):
                tasks.append(AssessmentTask(application, review_round, State.TO_DECLARE))
                break
    states = _states([member.pk], [t.application.pk for t in tasks])
    return [
        AssessmentTask(
            t.application, t.review_round, states.get((member.pk, t.application.pk), t.state)
        )
        for t in tasks
    ]


def review_rounds_of_county(*, county: County) -> QuerySet[ReviewRound]:
    return (
        ReviewRound.objects.filter(call__county=county)
        .select_related("call")
        .prefetch_related("members")
        .order_by("-opened_at")
    )


def review_round_of_county(*, county: County, pk: int) -> ReviewRound:
    review_round = review_rounds_of_county(county=county).filter(pk=pk).first()
    if review_round is None:
        raise Http404
    return review_round


@dataclass(frozen=True)
class Assessor:
    member: AbstractBaseUser
    state: str


@dataclass(frozen=True)
class RoundRow:
    application: Application
    assessors: list[Assessor]


def review_round_table(*, review_round: ReviewRound) -> list[RoundRow]:
    """The call's applications in (or past) review, each with who assesses it and where
    they stand. Members come prefetched with the round."""
    members = sorted(review_round.members.all(), key=lambda m: (m.last_name, m.first_name, m.email))
    applications = list(
        Application.objects.filter(call_id=review_round.call_id, status__in=REVIEWED)
        .select_related("organisation", "focus_area")
        .order_by("case_number")
    )
    assigned: dict[int, set[int]] = {}
    if not review_round.assess_all:
        for member_id, application_id in review_round.assignments.values_list(
            "member_id", "application_id"
        ):
            assigned.setdefault(application_id, set()).add(member_id)
    states = _states([m.pk for m in members], [a.pk for a in applications])
    rows = []
    for application in applications:
        chosen = (
            members
            if review_round.assess_all
            else [m for m in members if m.pk in assigned.get(application.pk, set())]
        )
        rows.append(
            RoundRow(
                application,
                [Assessor(m, states.get((m.pk, application.pk), State.TO_DECLARE)) for m in chosen],
            )
        )
    return rows


def criteria_for(application: Application) -> list[PriorityCriterion]:
    """The county's criteria for the application's agreement year, by rank."""
    return list(
        PriorityCriterion.objects.filter(
            county_id=application.county_id, agreement_id=application.call.agreement_id
        ).order_by("rank")
    )


def own_assessment(*, application: Application, member: AbstractBaseUser) -> Assessment | None:
    return (
        Assessment.objects.filter(application=application, member=member)
        .prefetch_related(
            Prefetch("criteria", queryset=CriterionAssessment.objects.select_related("criterion"))
        )
        .first()
    )


@dataclass(frozen=True)
class GroupAssessment:
    assessment: Assessment
    score: Score
    rows: list[CriterionAssessment]

    @property
    def weighted_display(self) -> str:
        return self.score.weighted_display


@dataclass(frozen=True)
class GroupView:
    assessments: list[GroupAssessment]
    consensus: Consensus
    mean_amount: int | None  # rounded to whole kronor
    left_out: int  # by members who later declared a conflict


def group_assessments(*, application: Application) -> GroupView:
    """The submitted assessments of the group. Those of members who have declared a conflict
    are left out (they take no part in the item). Three queries."""
    conflicted = ConflictDeclaration.objects.filter(
        application=application, has_conflict=True
    ).values("member_id")
    submitted = list(
        Assessment.objects.filter(application=application, submitted_at__isnull=False)
        .select_related("member")
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=CriterionAssessment.objects.select_related("criterion").order_by(
                    "criterion__rank"
                ),
            )
        )
        .order_by("submitted_at")
    )
    conflicted_ids = set(conflicted.values_list("member_id", flat=True))
    kept = [a for a in submitted if a.member_id not in conflicted_ids]
    rows = []
    for assessment in kept:
        criteria = list(assessment.criteria.all())
        rows.append(
            GroupAssessment(
                assessment, score((c.score, c.criterion.weight) for c in criteria), criteria
            )
        )
    amounts = [a.recommended_amount for a in kept if a.recommended_amount is not None]
    return GroupView(
        assessments=rows,
        consensus=consensus([a.category for a in kept]),
        mean_amount=round(sum(amounts) / len(amounts)) if amounts else None,
        left_out=len(submitted) - len(kept),
    )
