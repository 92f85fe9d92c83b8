"""One county's agreement year of the generated data set (see `benchmarks.dataset`).

A call; `applications` applications with budget lines, status history and formal checks;
a review round whose three members (two reviewers and the coordinator) assess every
application in review or later, criterion by criterion; a review meeting's proposals; a
decision meeting (minutes approved) deciding them, each granting line a grant with usages,
a report back, a follow-up status; requisitions, a repayment; deadlines and the reminders
already sent. The latest year is still running: drafts, applications in review, an open
decision meeting with the proposed lines pending, grants not yet reported.
"""

import datetime
import random

from applications.models import (
    AgendaItem,
    Application,
    ApplicationKind,
    Assessment,
    BudgetLine,
    Call,
    CaseNumberSequence,
    ConflictDeclaration,
    CostKind,
    CriterionAssessment,
    Decision,
    DecisionMeeting,
    FormalCheck,
    FormalCheckOutcome,
    MeetingState,
    Met,
    Outcome,
    Proposal,
    Recommendation,
    ReviewMeeting,
    ReviewRound,
    Status,
    StatusChange,
)
from benchmarks.dataset_followup import follow_up
from benchmarks.dataset_rows import CALL_PREFIX, TEXT, at, bulk, copy_rows
from benchmarks.worlds import CountyWorld, YearWorld

S = Status
PAST = [S.APPROVED] * 9 + [S.APPROVED_IN_PART] * 2 + [S.REJECTED] * 7 + [S.WITHDRAWN, S.INELIGIBLE]
LATEST = (
    [S.DRAFT] * 2
    + [S.SUBMITTED] * 2
    + [S.COMPLETION_REQUESTED]
    + [S.IN_REVIEW] * 4
    + [S.PROPOSED] * 4
    + [S.APPROVED] * 4
    + [S.APPROVED_IN_PART, S.REJECTED, S.WITHDRAWN]
)
CHAINS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.COMPLETION_REQUESTED: [S.SUBMITTED, S.COMPLETION_REQUESTED],
    S.IN_REVIEW: [S.SUBMITTED, S.IN_REVIEW],
    S.PROPOSED: [S.SUBMITTED, S.IN_REVIEW, S.PROPOSED],
    S.APPROVED: [S.SUBMITTED, S.IN_REVIEW, S.PROPOSED, S.APPROVED],
    S.APPROVED_IN_PART: [S.SUBMITTED, S.IN_REVIEW, S.PROPOSED, S.APPROVED_IN_PART],
    S.REJECTED: [S.SUBMITTED, S.IN_REVIEW, S.PROPOSED, S.REJECTED],
    S.WITHDRAWN: [S.SUBMITTED, S.IN_REVIEW, S.WITHDRAWN],
    S.INELIGIBLE: [S.SUBMITTED, S.INELIGIBLE],
}
ASSESSED = {S.IN_REVIEW, S.PROPOSED, S.APPROVED, S.APPROVED_IN_PART, S.REJECTED, S.WITHDRAWN}
PROPOSED = {S.PROPOSED, S.APPROVED, S.APPROVED_IN_PART, S.REJECTED}
DECIDED = {S.APPROVED: Outcome.APPROVED, S.APPROVED_IN_PART: Outcome.APPROVED_IN_PART}
DECIDED[S.REJECTED] = Outcome.REJECTED
TOPICS = [
    "Suicidpreventivt arbete i skolan",
    "Stöd till anhöriga",
    "Första hjälpen till psykisk hälsa",
    "Samverkan kring barn och unga",
    "Brukarmedverkan i psykiatrin",
    "Kunskapsstöd för primärvården",
    "Äldres psykiska hälsa",
    "Digitalt stöd vid ångest",
]


def build_year(
    cw: CountyWorld, yw: YearWorld, *, applications: int, rng: random.Random, latest: bool
) -> dict[str, int]:
    year, county, areas = yw.agreement.year, cw.county, yw.areas
    members = [*cw.reviewers, cw.coordinator]
    call = Call.objects.create(
        county=county,
        agreement=yw.agreement,
        title=f"{CALL_PREFIX} {year}",
        opens_at=at(datetime.date(year, 2, 1)),
        closes_at=at(datetime.date(year, 3, 31), 23),
        template_text=TEXT,
        min_amount=20_000,
        max_amount=2_000_000,
    )
    call.focus_areas.set(areas)
    round_ = ReviewRound.objects.create(
        call=call, due_date=datetime.date(year, 4, 20), opened_by=cw.coordinator
    )
    round_.members.set(members)
    review_meeting = ReviewMeeting.objects.create(
        county=county, round=round_, held_on=datetime.date(year, 4, 25)
    )
    review_meeting.attendees.set(members)

    def meeting(month, state):
        return DecisionMeeting.objects.create(
            county=county,
            agreement=yw.agreement,
            held_on=datetime.date(year, month, 15),
            place="Länets kansli",
            state=state,
            chair=cw.forum[0],
            minutes_approver=cw.forum[1],
            created_by=cw.coordinator,
        )

    decided_meeting = meeting(5, MeetingState.MINUTES_APPROVED)
    decided_meeting.members_present.set(cw.forum)
    items = {
        a.pk: AgendaItem(meeting=decided_meeting, number=n + 1, heading=f"Fördelning {a.row_name}")
        for n, a in enumerate(areas)
    }
    open_items = {}
    if latest:
        open_meeting = meeting(6, MeetingState.OPEN)
        open_meeting.members_present.set(cw.forum)
        open_items = {
            a.pk: AgendaItem(meeting=open_meeting, number=n + 1, heading=f"Förslag {a.row_name}")
            for n, a in enumerate(areas)
        }
    bulk(AgendaItem, [*items.values(), *open_items.values()])

    pattern = LATEST if latest else PAST
    apps = []
    for n in range(applications):
        area = areas[n % len(areas)]
        status = pattern[(n * 7) % len(pattern)]
        requested = rng.randint(4, 80) * 10_000
        topic = rng.choice(TOPICS)
        apps.append(
            Application(
                county=county,
                call=call,
                organisation=rng.choice(cw.organisations),
                created_by=cw.coordinator,
                status=status,
                case_number=None
                if status == S.DRAFT
                else county.format_case_number(year=year, number=n + 1),
                submitted_at=None
                if status == S.DRAFT
                else at(datetime.date(year, 3, rng.randint(1, 30))),
                contact_name="Kontaktperson",
                contact_email=f"kontakt{n}@example.se",
                focus_area=area,
                sub_area=rng.choice(yw.subs[area.pk]),
                title=f"{topic} ({n + 1})",
                description=TEXT * 3,
                purpose=TEXT,
                target_group="Barn, unga och vuxna i länet.",
                kind=rng.choice([ApplicationKind.NEW, ApplicationKind.CONTINUATION]),
                period_start=datetime.date(year, 7, 1),
                period_end=datetime.date(year, 12, 31),
                amount_requested=requested,
            )
        )
    bulk(Application, apps)

    lines, changes, checks = [], [], []
    for app in apps:
        parts = rng.randint(2, 4)
        share = app.amount_requested // parts
        for p in range(parts):
            amount = share if p < parts - 1 else app.amount_requested - share * (parts - 1)
            kind = [CostKind.SALARIES, CostKind.ACTIVITIES, CostKind.TRAINING, CostKind.OTHER][p]
            lines.append(BudgetLine(application=app, position=p, cost_kind=kind, amount=amount))
        previous = S.DRAFT
        for step in CHAINS[app.status]:
            by = cw.coordinator if step not in {S.SUBMITTED, S.WITHDRAWN} else None
            changes.append(
                StatusChange(application=app, by=by, from_status=previous, to_status=step)
            )
            previous = step
        if app.status not in {S.DRAFT, S.SUBMITTED}:
            checks.append(
                FormalCheck(
                    application=app,
                    outcome=FormalCheckOutcome.INELIGIBLE
                    if app.status == S.INELIGIBLE
                    else FormalCheckOutcome.COMPLETION
                    if app.status == S.COMPLETION_REQUESTED
                    else FormalCheckOutcome.PASSED,
                    checked_by=cw.coordinator,
                )
            )
    copy_rows(BudgetLine, lines)
    copy_rows(StatusChange, changes)
    copy_rows(FormalCheck, checks)

    assessments = []
    recommend = [Recommendation.APPROVE, Recommendation.APPROVE_IN_PART, Recommendation.REJECT]
    for app in apps:
        if app.status not in ASSESSED:
            continue
        for member in members:
            pending = latest and app.status == S.IN_REVIEW and rng.random() < 0.3
            assessments.append(
                Assessment(
                    round=round_,
                    application=app,
                    member=member,
                    recommendation=rng.choice(recommend),
                    recommended_amount=app.amount_requested * rng.randint(5, 10) // 10,
                    motivation="Väl förankrad insats med tydlig målgrupp.",
                    category=rng.randint(1, 4),
                    submitted_at=None if pending else at(datetime.date(year, 4, 18)),
                )
            )
    bulk(Assessment, assessments)
    # Each member declared no conflict of interest before seeing the application.
    copy_rows(
        ConflictDeclaration,
        [
            ConflictDeclaration(application=a.application, member=a.member, has_conflict=False)
            for a in assessments
        ],
    )
    criteria = yw.criteria[county.pk]
    mets = [Met.YES, Met.PARTLY, Met.NO]
    copy_rows(
        CriterionAssessment,
        [
            CriterionAssessment(
                assessment=a, criterion=c, met=rng.choice(mets), score=rng.randint(1, 5)
            )
            for a in assessments
            for c in criteria
        ],
    )

    proposals = bulk(
        Proposal,
        [
            Proposal(
                application=app,
                meeting=review_meeting,
                amount=app.amount_requested * rng.randint(6, 10) // 10,
                motivation="Insatsen uppfyller villkoren och prioriteringarna.",
                adopted_by=cw.coordinator,
            )
            for app in apps
            if app.status in PROPOSED
        ],
    )
    decisions = []
    for position, proposal in enumerate(proposals):
        app = proposal.application
        outcome = DECIDED.get(app.status, Outcome.PENDING)
        amount = {
            Outcome.APPROVED: proposal.amount,
            Outcome.APPROVED_IN_PART: proposal.amount * 7 // 10,
        }.get(outcome, 0)
        handling = cw.organisations[0] if position % 3 == 0 else app.organisation
        decisions.append(
            Decision(
                item=(open_items if outcome == Outcome.PENDING else items)[app.focus_area_id],
                position=position,
                application=app,
                proposal=proposal,
                focus_area=app.focus_area,
                sub_area=app.sub_area,
                title=app.title,
                proposed_amount=proposal.amount,
                outcome=outcome,
                amount=amount,
                motivation="Enligt beredningens förslag.",
                rejection_reason=cw.reasons[position % len(cw.reasons)]
                if outcome == Outcome.REJECTED
                else None,
                responsible_organisation=app.organisation,
                handling_organisation=handling,
                decided_by=None if outcome == Outcome.PENDING else cw.coordinator,
                decided_at=None if outcome == Outcome.PENDING else at(decided_meeting.held_on),
            )
        )
    bulk(Decision, decisions)
    counts = {
        "applications": len(apps),
        "budget lines": len(lines),
        "status changes": len(changes),
        "assessments": len(assessments),
        "conflict declarations": len(assessments),
        "criterion assessments": len(assessments) * len(criteria),
        "proposals": len(proposals),
        "decisions": len(decisions),
    }
    counts.update(follow_up(cw, yw, decisions, rng=rng, latest=latest, call=call, round_=round_))
    CaseNumberSequence.objects.update_or_create(
        county=county, year=year, defaults={"last_number": applications}
    )
    return counts
