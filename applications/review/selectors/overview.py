"""Reads for the review group's overview: the applications of a focus area with every
member's assessment, the group's consensus and the focus area's allocation.

The query count is decided here and does not grow with the number of applications: the
submitted assessments (with their criteria and members) and the conflict declarations come
in one prefetch each, and the jäv and anchoring rules are applied to the prefetched rows
instead of asking the database once per row (see `permissions_review.may_see_assessments`,
whose rule `_visibility` repeats in batch).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from statistics import median_low

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.http import QueryDict

from allocations.models import Agreement, County, FocusArea, Role
from applications.applying.permissions import roles_in_county
from applications.models import (
    Application,
    Assessment,
    ConflictDeclaration,
    Proposal,
    Recommendation,
)
from applications.review.filters import ORDERINGS, ReviewOverviewFilter
from applications.review.scoring import Consensus, Score, consensus, score, score_display
from applications.review.selectors.focus_area import REVIEW_STATUSES, AreaFigures, area_figures

User = AbstractBaseUser | AnonymousUser

# Why a viewer does not see the group's entries on a row.
HIDDEN_CONFLICT = "conflict"
HIDDEN_ANCHORING = "anchoring"


def member_name(user: AbstractBaseUser) -> str:
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class MemberEntry:
    """One member's cell on a row. `state` is "submitted", "missing" (nothing submitted
    yet), "conflict" (the member declared jäv) or "hidden" (the viewer may not see it)."""

    member: AbstractBaseUser
    state: str
    assessment: Assessment | None = None
    score: Score = Score(None, None)

    @property
    def category(self) -> int | None:
        return self.assessment.category if self.assessment else None

    @property
    def recommendation(self) -> str:
        return self.assessment.recommendation if self.assessment else ""

    @property
    def recommendation_display(self) -> str:
        return self.assessment.get_recommendation_display() if self.assessment else ""

    @property
    def recommended_amount(self) -> int | None:
        return self.assessment.recommended_amount if self.assessment else None

    @property
    def weighted_display(self) -> str:
        return score_display(self.score.weighted)


@dataclass
class OverviewRow:
    application: Application
    entries: list[MemberEntry]
    hidden: str | None  # HIDDEN_CONFLICT, HIDDEN_ANCHORING or None
    consensus: Consensus | None
    recommended_amount: int | None
    total_score: int | None
    mean_score: Fraction | None
    rank: int | None = None

    @property
    def proposal(self) -> Proposal | None:
        return getattr(self.application, "proposal", None)

    @property
    def proposed_amount(self) -> int | None:
        return self.proposal.amount if self.proposal else None

    @property
    def category(self) -> int | None:
        return self.consensus.category if self.consensus else None

    @property
    def spread(self) -> bool:
        return bool(self.consensus and self.consensus.spread)

    @property
    def mean_score_display(self) -> str:
        return score_display(self.mean_score)

    @property
    def submitted_count(self) -> int:
        return sum(entry.state == "submitted" for entry in self.entries)


@dataclass
class Overview:
    county: County
    agreement: Agreement
    focus_area: FocusArea
    members: list[AbstractBaseUser]
    rows: list[OverviewRow]
    figures: AreaFigures
    filter: ReviewOverviewFilter
    ordering: str
    total_count: int  # the area's rows before any filter

    @property
    def requested_sum(self) -> int:
        return sum(row.application.amount_requested or 0 for row in self.rows)

    @property
    def recommended_sum(self) -> int:
        return sum(row.recommended_amount or 0 for row in self.rows)


def review_applications(
    *,
    county: County,
    agreement: Agreement | None = None,
    focus_area: FocusArea | None = None,
    call_id: int | None = None,
) -> QuerySet[Application]:
    """The county's applications in review or later (of an agreement year, a focus area, a
    call), with what the overview reads: organisation, sub-area, proposal, submitted
    assessments (member, the sums of their criteria's scores) and the declared conflicts.
    Five queries whatever the number of rows."""
    scored = Q(criteria__score__isnull=False)
    submitted = (
        Assessment.objects.filter(submitted_at__isnull=False)
        .select_related("member")
        .annotate(  # the score's sums in SQL: no criterion row becomes an instance
            score_count=Count("criteria", filter=scored),
            score_total=Sum("criteria__score"),
            score_weighted=Sum(F("criteria__score") * F("criteria__criterion__weight")),
            score_weights=Sum("criteria__criterion__weight", filter=scored),
        )
        .order_by("member_id")
    )
    conflicts = ConflictDeclaration.objects.filter(has_conflict=True).select_related("member")
    applications = Application.objects.filter(county=county, status__in=REVIEW_STATUSES)
    if agreement is not None:
        applications = applications.filter(call__agreement=agreement)
    if focus_area is not None:
        applications = applications.filter(focus_area=focus_area)
    if call_id is not None:
        applications = applications.filter(call_id=call_id)
    return (
        applications.select_related("organisation", "sub_area", "focus_area", "proposal__meeting")
        .prefetch_related(
            "proposal__excluded_members",
            Prefetch("assessments", queryset=submitted, to_attr="submitted_assessments"),
            Prefetch("conflict_declarations", queryset=conflicts, to_attr="conflicts"),
        )
        .order_by("case_number")
    )


def review_members(*, county: County, agreement: Agreement) -> list[AbstractBaseUser]:
    """The members of the county's review rounds in the agreement year, by name."""
    users = (
        get_user_model()
        .objects.filter(
            review_rounds__call__county=county, review_rounds__call__agreement=agreement
        )
        .distinct()
    )
    return sorted(users, key=lambda user: (member_name(user).lower(), user.pk))


def member_columns(
    members: list[AbstractBaseUser], applications: list[Application]
) -> list[AbstractBaseUser]:
    """The round members, and anyone else who submitted an assessment of these rows."""
    columns = list(members)
    known = {member.pk for member in members}
    for application in applications:
        for assessment in application.submitted_assessments:
            if assessment.member_id not in known:
                known.add(assessment.member_id)
                columns.append(assessment.member)
    return columns


def _visibility(viewer: User, application: Application, roles: set[Role]) -> str | None:
    """The rule of `may_see_assessments` on prefetched data: never with a conflict; the
    coordinator always; a member only after submitting their own assessment."""
    if not viewer.is_authenticated:
        return HIDDEN_CONFLICT
    if any(d.member_id == viewer.pk for d in application.conflicts):
        return HIDDEN_CONFLICT
    if Role.COORDINATOR in roles or viewer.is_superuser:
        return None
    if Role.REVIEWER in roles and any(
        a.member_id == viewer.pk for a in application.submitted_assessments
    ):
        return None
    return HIDDEN_ANCHORING


def assessment_score(assessment: Assessment) -> Score:
    """`scoring.score` of the assessment's criteria, from the sums `review_applications`
    annotates (or from the rows when the assessment was read without them)."""
    if not hasattr(assessment, "score_count"):
        return score((row.score, row.criterion.weight) for row in assessment.criteria.all())
    if not assessment.score_count:
        return Score(None, None)
    weights = assessment.score_weights
    weighted = Fraction(assessment.score_weighted, weights) if weights else None
    return Score(assessment.score_total, weighted)


def recommended_amount(assessments: Iterable[Assessment]) -> int | None:
    """The lower median of the members' recommended amounts; a member who recommends
    rejection without an amount recommends 0 kr."""
    amounts = []
    for assessment in assessments:
        amount = assessment.recommended_amount
        if amount is None and assessment.recommendation == Recommendation.REJECT:
            amount = 0
        if amount is not None:
            amounts.append(amount)
    return median_low(amounts) if amounts else None


def overview_row(
    application: Application, *, members: list[AbstractBaseUser], viewer: User, roles: set[Role]
) -> OverviewRow:
    """One application's row as the viewer may see it."""
    hidden = _visibility(viewer, application, roles)
    by_member = {a.member_id: a for a in application.submitted_assessments}
    conflicted = {d.member_id for d in application.conflicts}
    entries = []
    for member in members:
        if hidden:
            entries.append(MemberEntry(member, "hidden"))
        elif member.pk in conflicted:
            entries.append(MemberEntry(member, "conflict"))
        elif member.pk in by_member:
            assessment = by_member[member.pk]
            entries.append(
                MemberEntry(member, "submitted", assessment, assessment_score(assessment))
            )
        else:
            entries.append(MemberEntry(member, "missing"))
    if hidden:
        return OverviewRow(application, entries, hidden, None, None, None, None)
    submitted = [e for e in entries if e.state == "submitted"]
    totals = [e.score.total for e in submitted if e.score.total is not None]
    weighted = [e.score.weighted for e in submitted if e.score.weighted is not None]
    return OverviewRow(
        application=application,
        entries=entries,
        hidden=None,
        consensus=consensus([e.category for e in submitted]) if submitted else None,
        recommended_amount=recommended_amount(e.assessment for e in submitted),
        total_score=sum(totals) if totals else None,
        mean_score=sum(weighted, Fraction(0)) / len(weighted) if weighted else None,
    )


def _none_last(value, *, descending: bool = False) -> tuple:
    if value is None:
        return (1, 0)
    return (0, -value if descending else value)


def rank_key(row: OverviewRow) -> tuple:
    """By consensus category (1 first, none last), then the mean weighted score, highest
    first, then the case number."""
    return (
        _none_last(row.category),
        _none_last(row.mean_score, descending=True),
        row.application.case_number or "",
    )


def _ordered(rows: list[OverviewRow], ordering: str) -> list[OverviewRow]:
    descending = ordering.startswith("-")
    key = ordering.lstrip("-")
    if key == "case":
        return sorted(rows, key=lambda r: r.application.case_number or "", reverse=descending)
    value = {
        "amount": lambda r: r.application.amount_requested,
        "category": lambda r: r.category,
        "score": lambda r: r.mean_score,
    }.get(key)
    if value is None:
        return rows  # already ranked
    return sorted(rows, key=lambda r: (_none_last(value(r), descending=descending), rank_key(r)))


def _matches(row: OverviewRow, data: dict) -> bool:
    """The filters on computed values, applied to what the viewer sees."""
    category = data.get("category")
    if category:
        if category == "none" and (row.hidden or row.category is not None):
            return False
        if category != "none" and str(row.category) != category:
            return False
    if data.get("spread") and not row.spread:
        return False
    recommendation = data.get("recommendation")
    return not recommendation or any(e.recommendation == recommendation for e in row.entries)


def review_rows(
    applications: list[Application],
    *,
    county: County,
    members: list[AbstractBaseUser],
    viewer: User,
) -> list[OverviewRow]:
    """Rows as the viewer may see them, ranked and numbered (hidden rows come last)."""
    roles = roles_in_county(viewer, county.pk)
    rows = [overview_row(a, members=members, viewer=viewer, roles=roles) for a in applications]
    rows.sort(key=rank_key)
    for number, row in enumerate(rows, start=1):
        row.rank = number
    return rows


def review_overview(
    *,
    county: County,
    agreement: Agreement,
    focus_area: FocusArea,
    viewer: User,
    data: QueryDict | None = None,
) -> Overview:
    """The focus area's table with the viewer's filters and ordering, and its figures.

    Fixed number of queries whatever the number of applications."""
    categories = list(county.criteria.filter(agreement=agreement).values_list("rank", flat=True))
    filterset = ReviewOverviewFilter(
        data or None,
        queryset=review_applications(county=county, agreement=agreement, focus_area=focus_area),
        categories=categories,
    )
    applications = list(filterset.qs)
    members = review_members(county=county, agreement=agreement)
    members = member_columns(members, applications)
    rows = review_rows(applications, county=county, members=members, viewer=viewer)
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    # The text search narrowed the query; the area's whole count then takes one more.
    total_count = filterset.queryset.count() if cleaned.get("q") else len(rows)
    rows = [row for row in rows if _matches(row, cleaned)]
    ordering = cleaned.get("o") or ""
    if ordering not in ORDERINGS:
        ordering = ""
    return Overview(
        county=county,
        agreement=agreement,
        focus_area=focus_area,
        members=members,
        rows=_ordered(rows, ordering),
        figures=area_figures(county=county, focus_area=focus_area),
        filter=filterset,
        ordering=ordering,
        total_count=total_count,
    )
