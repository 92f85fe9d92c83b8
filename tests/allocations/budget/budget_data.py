"""A county's year of generated budget lines, built directly with bulk_create (fast).

`build_year(county, agreement, grants=300)` makes applications in every status, proposals,
a closed and approved meeting deciding `grants` lines (each a grant), a later meeting
correcting some of them, an open meeting with decided lines and a pending correction,
invoices and uses (some on replaced grants), reports back, requisitions, repayments and
a reallocation. Amounts stay within each area's effective allocation, as the decision guard
would keep them. The same `seed` always gives the same year.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    GrantReport,
    GrantUsage,
    Organisation,
    Reallocation,
    Repayment,
    ReportState,
    Requisition,
    UsageKind,
)
from applications.models import (
    AgendaItem,
    Application,
    Call,
    Decision,
    DecisionMeeting,
    Grant,
    MeetingState,
    Outcome,
    Proposal,
    ReviewMeeting,
    ReviewRound,
    Status,
)

MOVED = 200_000  # from area 1 to area 4, decided in §12 of the second meeting


@dataclass
class Year:
    county: County
    agreement: Agreement
    grants: list[Grant]
    corrections: list[Decision]
    open_meeting: DecisionMeeting
    reallocation: Reallocation


def _day(month: int, day: int) -> datetime.date:
    return datetime.date(2025, month, day)


def build_year(county: County, agreement: Agreement, *, grants: int = 300, seed: int = 1) -> Year:
    rng = random.Random(seed)
    coordinator = get_user_model().objects.get(username=f"samordnare@{county.slug}.demo")
    organisations = list(Organisation.objects.filter(county=county).order_by("pk"))
    allocations = {
        a.focus_area: a.amount
        for a in CountyAllocation.objects.filter(
            county=county, focus_area__agreement=agreement
        ).select_related("focus_area")
    }
    areas = sorted(allocations, key=lambda a: a.number)
    area1 = next(a for a in areas if a.number == 1)
    area4 = next(a for a in areas if a.number == 4)
    subs = {a.pk: [None, *a.sub_areas.all()] for a in areas}
    now = timezone.now()
    call = Call.objects.create(
        county=county,
        agreement=agreement,
        title="Genererad utlysning",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )
    call.focus_areas.set(areas)

    # What each area may grant, kept below its effective allocation (area 1 gives MOVED away).
    room = {a: allocations[a] - (MOVED if a == area1 else 0) for a in areas}
    room[area4] += MOVED
    per_area = max(1, grants // len(areas))
    lines = []  # (area, sub_area, amount) of the decided grants
    for index in range(grants):
        area = areas[index % len(areas)]
        share = room[area] // (per_area + 2)
        lines.append((area, rng.choice(subs[area.pk]), rng.randint(share // 3, share)))

    def application(area, sub_area, amount, status, number):
        return Application(
            county=county,
            call=call,
            organisation=rng.choice(organisations),
            created_by=coordinator,
            status=status,
            case_number=f"{county.code}-2025-G{seed}-{number:05d}",
            focus_area=area,
            sub_area=sub_area,
            title=f"Insats {number}",
            amount_requested=amount + rng.randint(0, 50_000),
            submitted_at=now - datetime.timedelta(days=40),
        )

    decided_apps = [
        application(area, sub, amount, Status.APPROVED, n)
        for n, (area, sub, amount) in enumerate(lines)
    ]
    other_statuses = [
        Status.DRAFT,
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.PROPOSED,
        Status.WITHDRAWN,
        Status.INELIGIBLE,
        Status.REJECTED,
    ]
    others = [
        application(
            areas[n % len(areas)],
            rng.choice(subs[areas[n % len(areas)].pk]),
            rng.randint(10_000, 400_000),
            other_statuses[n % len(other_statuses)],
            grants + n,
        )
        for n in range(max(14, grants // 5))
    ]
    Application.objects.bulk_create(decided_apps + others)

    review_round = ReviewRound.objects.create(call=call, due_date=_day(3, 1), opened_by=coordinator)
    review_meeting = ReviewMeeting.objects.create(
        county=county, round=review_round, held_on=_day(3, 5)
    )
    proposed = [a for a in decided_apps + others if a.status in {Status.PROPOSED, Status.REJECTED}]
    # One proposal on a withdrawn application: it no longer counts as proposed.
    proposed += [a for a in others if a.status == Status.WITHDRAWN][:1]
    proposal_of = {}
    proposals = []
    for app, line in zip(decided_apps, lines, strict=True):
        proposal_of[app.pk] = Proposal(
            application=app, meeting=review_meeting, amount=line[2], motivation="Bra."
        )
        proposals.append(proposal_of[app.pk])
    proposals += [
        Proposal(application=a, meeting=review_meeting, amount=a.amount_requested, motivation="-")
        for a in proposed
    ]
    Proposal.objects.bulk_create(proposals)

    def meeting(held_on, state, first):
        return DecisionMeeting.objects.create(
            county=county,
            agreement=agreement,
            held_on=held_on,
            first_paragraph=first,
            state=state,
            created_by=coordinator,
        )

    first = meeting(_day(3, 14), MeetingState.MINUTES_APPROVED, 9)
    item = AgendaItem.objects.create(meeting=first, number=9, heading="Fördelning")
    decisions = []
    for position, (app, (area, sub, amount)) in enumerate(zip(decided_apps, lines, strict=True)):
        handling = app.organisation if position % 3 else organisations[0]
        decisions.append(
            Decision(
                item=item,
                position=position,
                application=app,
                proposal=proposal_of[app.pk],
                focus_area=area,
                sub_area=sub,
                title=app.title,
                proposed_amount=amount,
                outcome=Outcome.APPROVED,
                amount=amount,
                responsible_organisation=app.organisation,
                handling_organisation=handling,
                handling_note="för vidare fördelning" if position % 7 == 0 else "",
                decided_by=coordinator,
                decided_at=now,
            )
        )
    Decision.objects.bulk_create(decisions)
    grant_rows = Grant.objects.bulk_create(
        [
            Grant(
                decision=d,
                county=county,
                focus_area=d.focus_area,
                application=d.application,
                title=d.title,
                amount=d.amount,
                responsible_organisation=d.responsible_organisation,
                handling_organisation=d.handling_organisation,
                handling_note=d.handling_note,
            )
            for d in decisions
        ]
    )

    # A later, closed meeting corrects every tenth grant down (money freed) and moves money.
    second = meeting(_day(5, 2), MeetingState.CLOSED, 10)
    correction_item = AgendaItem.objects.create(meeting=second, number=10, heading="Rättelser")
    AgendaItem.objects.create(meeting=second, number=12, heading="Omfördelning")
    corrected = grant_rows[::10]
    corrections = [
        Decision(
            item=correction_item,
            position=n,
            corrects=g.decision,
            application=g.application,
            focus_area=g.focus_area,
            sub_area=g.decision.sub_area,
            title=g.title,
            proposed_amount=g.amount,
            outcome=Outcome.APPROVED_IN_PART if n % 4 else Outcome.REJECTED,
            amount=g.amount // 2 if n % 4 else 0,
            motivation="Rättelse.",
            responsible_organisation=g.responsible_organisation,
            handling_organisation=g.handling_organisation,
        )
        for n, g in enumerate(corrected)
    ]
    Decision.objects.bulk_create(corrections)
    successors = Grant.objects.bulk_create(
        [
            Grant(
                decision=c,
                county=county,
                focus_area=c.focus_area,
                application=c.application,
                title=c.title,
                amount=c.amount,
                responsible_organisation=c.responsible_organisation,
                handling_organisation=c.handling_organisation,
            )
            for c in corrections
            if c.outcome == Outcome.APPROVED_IN_PART
        ]
    )
    for g, c in zip(corrected, corrections, strict=True):
        g.replaced_by = c
    Grant.objects.bulk_update(corrected, ["replaced_by"])
    reallocation = Reallocation.objects.create(
        county=county,
        agreement=agreement,
        from_focus_area=area1,
        to_focus_area=area4,
        amount=MOVED,
        decided_in=AgendaItem.objects.get(meeting=second, number=12),
        reason="Mer behov av suicidprevention.",
        created_by=coordinator,
    )

    # An open meeting: one decided line without an application, a pending correction.
    third = meeting(_day(9, 1), MeetingState.OPEN, 1)
    open_item = AgendaItem.objects.create(meeting=third, number=1, heading="Tillägg")
    Decision.objects.create(
        item=open_item,
        focus_area=area4,
        title="Samordnare suicidprevention",
        proposed_amount=25_000,
        outcome=Outcome.APPROVED,
        amount=25_000,
        responsible_organisation=organisations[0],
        handling_organisation=organisations[0],
        handling_note="i samverkan",
    )
    Decision.objects.create(
        item=open_item,
        position=1,
        corrects=grant_rows[1].decision,
        focus_area=grant_rows[1].focus_area,
        title=grant_rows[1].title,
        proposed_amount=grant_rows[1].amount,
        responsible_organisation=grant_rows[1].responsible_organisation,
        handling_organisation=grant_rows[1].handling_organisation,
    )

    current = [g for g in grant_rows if g.replaced_by_id is None] + successors
    usages, reports = [], []
    for n, g in enumerate(grant_rows + successors):
        if n % 2 == 0:
            usages.append(
                GrantUsage(
                    grant=g,
                    kind=UsageKind.INVOICED if n % 4 else UsageKind.USED,
                    amount=rng.randint(0, g.amount // 2) if g.amount else 0,
                    occurred_on=_day(8, 15),
                    recorded_by=coordinator,
                )
            )
    for n, g in enumerate(current):
        if n % 3 == 0:
            reports.append(
                GrantReport(
                    grant=g,
                    reported_on=_day(12, 20),
                    state=ReportState.ACCEPTED if n % 2 == 0 else ReportState.SUBMITTED,
                )
            )
    GrantUsage.objects.bulk_create(usages)
    GrantReport.objects.bulk_create(reports)
    Requisition.objects.bulk_create(
        [
            Requisition(
                county=county,
                focus_area=a,
                amount=allocations[a],
                requisitioned_on=_day(11, 28),
                recorded_by=coordinator,
            )
            for a in areas
        ]
    )
    Repayment.objects.create(
        county=county, focus_area=area4, amount=12_345, repaid_on=datetime.date(2026, 3, 20)
    )
    return Year(county, agreement, grant_rows + successors, corrections, third, reallocation)
