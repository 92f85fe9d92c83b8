"""Review (beredning): formal check, rounds, conflicts, assessments, meetings, proposals.

Every function checks the actor's role in the county, the application's state and, for
assessments and adoption, the actor's conflict-of-interest declaration.
"""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.agreements.effective import effective_allocation
from allocations.models import CountyAllocation, Role
from allocations.money import format_kronor
from applications.applying.permissions import roles_in_county
from applications.applying.services.transitions import completion_request, transition
from applications.errors import ApplicationError, ApplicationIncomplete, TransitionRefused
from applications.models import (
    Application,
    Assessment,
    Call,
    ConflictDeclaration,
    CriterionAssessment,
    FormalCheck,
    FormalCheckOutcome,
    Proposal,
    Recommendation,
    ReviewAssignment,
    ReviewMeeting,
    ReviewRound,
    Status,
)
from applications.review.scoring import category_derive


def _require_role(user: AbstractBaseUser, county_id: int, roles: set[Role]) -> None:
    if not (roles_in_county(user, county_id) & roles):
        raise TransitionRefused(_("Your role does not allow this step."))


def formal_check_record(
    *,
    application: Application,
    user: AbstractBaseUser,
    outcome: FormalCheckOutcome,
    reason: str = "",
    due_date: date | None = None,
) -> FormalCheck:
    """The coordinator's formal check: to review, back for completion, or ineligible."""
    _require_role(user, application.county_id, {Role.COORDINATOR})
    if outcome != FormalCheckOutcome.PASSED and not reason.strip():
        raise TransitionRefused(_("Give the reason the applicant will see."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if outcome == FormalCheckOutcome.COMPLETION:
            if due_date is None:
                raise TransitionRefused(_("Give a date for the completion."))
            completion_request(
                application=application, user=user, message=reason, due_date=due_date
            )
        else:
            to = Status.IN_REVIEW if outcome == FormalCheckOutcome.PASSED else Status.INELIGIBLE
            transition(application=application, to=to, by=user, comment=reason)
        return FormalCheck.objects.create(
            application=application, outcome=outcome, reason=reason, checked_by=user
        )


def review_round_open(
    *,
    call: Call,
    user: AbstractBaseUser,
    members: list[AbstractBaseUser],
    due_date: date,
    assess_all: bool = True,
) -> ReviewRound:
    """Open a round for a call with members of the county's review group."""
    _require_role(user, call.county_id, {Role.COORDINATOR})
    outsiders = [m for m in members if Role.REVIEWER not in roles_in_county(m, call.county_id)]
    if outsiders:
        raise ApplicationError(_("Only members of the county's review group can take part."))
    if not members:
        raise ApplicationError(_("Choose at least one member."))
    with transaction.atomic():
        review_round = ReviewRound.objects.create(
            call=call, due_date=due_date, opened_by=user, assess_all=assess_all
        )
        review_round.members.set(members)
    return review_round


def review_assign(
    *,
    review_round: ReviewRound,
    user: AbstractBaseUser,
    members: list[AbstractBaseUser],
    applications: list[Application],
) -> int:
    """Assign applications to members in bulk; returns how many new assignments were made."""
    _require_role(user, review_round.call.county_id, {Role.COORDINATOR})
    member_ids = set(review_round.members.values_list("pk", flat=True))
    if any(m.pk not in member_ids for m in members):
        raise ApplicationError(_("Only the round's members can be assigned."))
    if any(a.call_id != review_round.call_id for a in applications):
        raise ApplicationError(_("Only applications in the round's call can be assigned."))
    rows = [
        ReviewAssignment(round=review_round, member=m, application=a)
        for m in members
        for a in applications
    ]
    before = review_round.assignments.count()
    ReviewAssignment.objects.bulk_create(rows, ignore_conflicts=True)
    return review_round.assignments.count() - before


def round_for_member(application: Application, member: AbstractBaseUser) -> ReviewRound | None:
    """The latest round of the application's call in which the member assesses it."""
    for review_round in ReviewRound.objects.filter(call_id=application.call_id, members=member):
        if (
            review_round.assess_all
            or review_round.assignments.filter(member=member, application=application).exists()
        ):
            return review_round
    return None


def conflict_declare(
    *, application: Application, member: AbstractBaseUser, has_conflict: bool, reason: str = ""
) -> ConflictDeclaration:
    """Declare (jäv) before seeing the application. A "no conflict" may later become a
    conflict, never the other way round."""
    if round_for_member(application, member) is None:
        raise TransitionRefused(_("You do not assess this application."))
    if has_conflict and not reason.strip():
        raise TransitionRefused(_("Describe the conflict of interest."))
    with transaction.atomic():
        existing = (
            ConflictDeclaration.objects.select_for_update()
            .filter(application=application, member=member)
            .first()
        )
        if existing is None:
            return ConflictDeclaration.objects.create(
                application=application, member=member, has_conflict=has_conflict, reason=reason
            )
        if existing.has_conflict and not has_conflict:
            raise TransitionRefused(_("A declared conflict of interest cannot be withdrawn."))
        existing.has_conflict, existing.reason = has_conflict, reason
        existing.save(update_fields=["has_conflict", "reason"])
        return existing


def declaration_of(
    application: Application, member: AbstractBaseUser
) -> ConflictDeclaration | None:
    return ConflictDeclaration.objects.filter(application=application, member=member).first()


ASSESSMENT_FIELDS = [
    "recommendation",
    "recommended_amount",
    "motivation",
    "internal_comment",
    "applicant_comment",
    "conditions",
]


def _assessment_problems(assessment: Assessment, rows: list[CriterionAssessment]) -> dict:
    problems: dict[str, list[str]] = {}
    required = _("This field is required to submit.")
    for row in rows:
        if not row.met:
            problems.setdefault(f"criterion-{row.criterion_id}-met", []).append(required)
    for field in ("recommendation", "motivation"):
        if not getattr(assessment, field):
            problems.setdefault(field, []).append(required)
    amount, requested = assessment.recommended_amount, assessment.application.amount_requested
    approving = assessment.recommendation in (
        Recommendation.APPROVE,
        Recommendation.APPROVE_IN_PART,
    )
    if approving and amount is None:
        problems.setdefault("recommended_amount", []).append(required)
    if assessment.recommendation == Recommendation.APPROVE_IN_PART and amount == requested:
        problems.setdefault("recommended_amount", []).append(
            _("Approval in part means less than the amount applied for.")
        )
    return problems


def assessment_save(
    *,
    application: Application,
    member: AbstractBaseUser,
    values: dict,
    criteria: dict[int, dict],
    submit: bool = False,
) -> Assessment:
    """Save a member's assessment; `submit` makes it final and visible to the group.
    `criteria` maps criterion ids to {"met", "score", "comment"}."""
    review_round = round_for_member(application, member)
    if review_round is None:
        raise TransitionRefused(_("You do not assess this application."))
    declaration = declaration_of(application, member)
    if declaration is None:
        raise TransitionRefused(_("Declare whether you have a conflict of interest first."))
    if declaration.has_conflict:
        raise TransitionRefused(
            _("You have a conflict of interest and cannot assess this application.")
        )
    if application.status != Status.IN_REVIEW:
        raise TransitionRefused(_("The application is not in review."))
    amount = values.get("recommended_amount")
    if (
        amount is not None
        and application.amount_requested is not None
        and amount > application.amount_requested
    ):
        raise ApplicationIncomplete(
            {
                "recommended_amount": [
                    _("At most the amount applied for, %s.")
                    % format_kronor(application.amount_requested)
                ]
            }
        )
    set_criteria = {
        c.pk: c for c in application.county.criteria.filter(agreement=application.call.agreement_id)
    }
    with transaction.atomic():
        assessment, _created = Assessment.objects.select_for_update().get_or_create(
            application=application, member=member, defaults={"round": review_round}
        )
        if assessment.is_submitted:
            raise TransitionRefused(
                _("Your assessment has been submitted and can no longer be changed.")
            )
        for name in ASSESSMENT_FIELDS:
            if name in values:
                value = values[name]
                setattr(
                    assessment,
                    name,
                    "" if value is None and name != "recommended_amount" else value,
                )
        rows = []
        for criterion_id, criterion in set_criteria.items():
            data = criteria.get(criterion_id, {})
            row, _c = CriterionAssessment.objects.get_or_create(
                assessment=assessment, criterion=criterion
            )
            row.met = data.get("met") or ""
            row.score = data.get("score")
            row.comment = data.get("comment") or ""
            row.save()
            rows.append(row)
        assessment.category = category_derive((r.criterion.rank, r.met) for r in rows)
        if submit:
            problems = _assessment_problems(assessment, rows)
            if problems:
                transaction.set_rollback(True)
                raise ApplicationIncomplete(problems)
            assessment.submitted_at = timezone.now()
        assessment.save()
    return assessment


def review_meeting_create(
    *,
    review_round: ReviewRound,
    user: AbstractBaseUser,
    held_on: date,
    attendees: list[AbstractBaseUser],
) -> ReviewMeeting:
    county_id = review_round.call.county_id
    _require_role(user, county_id, {Role.COORDINATOR, Role.REVIEWER})
    with transaction.atomic():
        meeting = ReviewMeeting.objects.create(
            county_id=county_id, round=review_round, held_on=held_on
        )
        meeting.attendees.set(attendees)
    return meeting


def proposed_sum(*, county_id: int, focus_area_id: int) -> int:
    """What the group has proposed so far in a focus area of a county."""
    return (
        Proposal.objects.filter(
            application__county_id=county_id, application__focus_area_id=focus_area_id
        )
        .exclude(application__status=Status.WITHDRAWN)
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )


def proposal_adopt(
    *,
    meeting: ReviewMeeting,
    application: Application,
    user: AbstractBaseUser,
    amount: int,
    motivation: str,
    conditions: str = "",
) -> Proposal:
    """Adopt the proposed decision on an application, never beyond the focus area's
    allocation: the allocation row is locked while the sum is checked."""
    _require_role(user, application.county_id, {Role.COORDINATOR, Role.REVIEWER})
    declaration = declaration_of(application, user)
    if declaration is not None and declaration.has_conflict:
        raise TransitionRefused(_("You have a conflict of interest and take no part in this item."))
    if not motivation.strip():
        raise ApplicationIncomplete({"motivation": [_("This field is required to submit.")]})
    if application.amount_requested is not None and amount > application.amount_requested:
        raise ApplicationIncomplete(
            {
                "amount": [
                    _("At most the amount applied for, %s.")
                    % format_kronor(application.amount_requested)
                ]
            }
        )
    with transaction.atomic():
        allocation = (
            CountyAllocation.objects.select_for_update()
            .filter(county_id=application.county_id, focus_area_id=application.focus_area_id)
            .first()
        )
        if allocation is None:
            raise TransitionRefused(_("The county has no allocation in this focus area."))
        application = Application.objects.select_for_update().get(pk=application.pk)
        already = proposed_sum(
            county_id=application.county_id, focus_area_id=application.focus_area_id
        )
        limit = effective_allocation(
            county_id=application.county_id, focus_area_id=application.focus_area_id
        )
        overshoot = already + amount - limit
        if overshoot > 0:
            raise TransitionRefused(
                _(
                    "The proposals in focus area %(area)s would exceed its allocation of "
                    "%(allocation)s by %(overshoot)s."
                )
                % {
                    "area": application.focus_area.number,
                    "allocation": format_kronor(limit),
                    "overshoot": format_kronor(overshoot),
                }
            )
        transition(application=application, to=Status.PROPOSED, by=user, comment=motivation)
        proposal = Proposal.objects.create(
            application=application,
            meeting=meeting,
            amount=amount,
            motivation=motivation,
            conditions=conditions,
            adopted_by=user,
        )
        conflicted = ConflictDeclaration.objects.filter(application=application, has_conflict=True)
        proposal.excluded_members.set([d.member_id for d in conflicted])
    return proposal
