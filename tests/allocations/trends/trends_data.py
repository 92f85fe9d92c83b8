"""A small county history to count to the krona: Jämtland in 2024 and 2025 (the seed's
year), and an intervention that runs 2024 → 2025 → 2026.

2024 (an agreement made here: area 1 4 000 000 kr, area 4 6 000 000 kr)
- Östersund, area 4: applied 300 000, proposed 250 000, decided 250 000 (grant G24); used
  100 000 + invoiced 50 000, the accepted report back states 200 000 used; repaid (area 4)
  50 000.
- Kommunförbundet, area 1: applied 120 000, proposed 100 000, rejected.
- A draft of 999 999 in area 4 counts nowhere.
2025 (the seed: 4 000 000 + 2 506 966 + 6 190 809; 100 000 moved from area 1 to area 4)
- Östersund, area 4, continues G24: applied 280 000, proposed 260 000, decided 200 000
  in part (grant G25); 75 000 invoiced, no report back.
- A withdrawn application of 40 000 (with a proposal of 40 000) counts nowhere.
2026: Östersund, area 4, continues G25: applied 310 000 (submitted, not decided).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    FocusArea,
    GrantReport,
    GrantReportLine,
    GrantUsage,
    Organisation,
    Reallocation,
    Repayment,
    ReportState,
    UsageKind,
)
from applications.models import (
    AgendaItem,
    Application,
    ApplicationKind,
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

SHORT_NAMES = {1: "Genomförande av strategin", 4: "Suicidprevention"}


@dataclass
class History:
    county: County
    ostersund: Organisation
    kfjh: Organisation
    g24: Grant
    a25: Application
    g25: Grant
    a26: Application
    call_2026: Call


def agreement_of(year: int, allocations: dict[int, int] | None = None, county=None) -> Agreement:
    agreement, _ = Agreement.objects.get_or_create(year=year, defaults={"title": f"ÖK {year}"})
    for number, short_name in SHORT_NAMES.items():
        area, _ = FocusArea.objects.get_or_create(
            agreement=agreement,
            number=number,
            defaults={"name": f"Område {number} år {year}", "short_name": short_name},
        )
        if allocations and number in allocations:
            CountyAllocation.objects.create(
                county=county, focus_area=area, amount=allocations[number]
            )
    return agreement


class YearBuilder:
    """A call, a review meeting and a decision meeting with approved minutes in one year."""

    def __init__(self, county: County, agreement: Agreement) -> None:
        self.county, self.agreement = county, agreement
        self.user = get_user_model().objects.get(username=f"samordnare@{county.slug}.demo")
        now = timezone.now()
        self.call = Call.objects.create(
            county=county,
            agreement=agreement,
            title=f"Utlysning {agreement.year}",
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now + datetime.timedelta(days=30),
        )
        self.call.focus_areas.set(agreement.focus_areas.all())
        review_round = ReviewRound.objects.create(
            call=self.call, due_date=datetime.date(agreement.year, 3, 1), opened_by=self.user
        )
        self.review = ReviewMeeting.objects.create(
            county=county, round=review_round, held_on=datetime.date(agreement.year, 3, 5)
        )
        self.meeting = DecisionMeeting.objects.create(
            county=county,
            agreement=agreement,
            held_on=datetime.date(agreement.year, 3, 14),
            first_paragraph=1,
            state=MeetingState.MINUTES_APPROVED,
            created_by=self.user,
        )
        self.item = AgendaItem.objects.create(meeting=self.meeting, number=1, heading="Beslut")
        self.count = 0

    def area(self, number: int) -> FocusArea:
        return self.agreement.focus_areas.get(number=number)

    def application(self, organisation, number, requested, status, **kw) -> Application:
        self.count += 1
        return Application.objects.create(
            county=self.county,
            call=self.call,
            organisation=organisation,
            status=status,
            case_number=None
            if status == Status.DRAFT
            else f"T-{self.agreement.year}-{self.call.pk}-{self.count}",
            focus_area=self.area(number),
            title=kw.pop("title", f"Insats {self.agreement.year}-{self.count}"),
            amount_requested=requested,
            submitted_at=None if status == Status.DRAFT else timezone.now(),
            **kw,
        )

    def propose(self, application: Application, amount: int) -> Proposal:
        return Proposal.objects.create(
            application=application, meeting=self.review, amount=amount, motivation="Bra."
        )

    def decide(self, application, proposal, outcome, amount) -> Grant | None:
        decision = Decision.objects.create(
            item=self.item,
            application=application,
            proposal=proposal,
            focus_area=application.focus_area,
            title=application.title,
            proposed_amount=proposal.amount,
            outcome=outcome,
            amount=amount,
            responsible_organisation=application.organisation,
            handling_organisation=application.organisation,
            decided_by=self.user,
            decided_at=timezone.now(),
        )
        if outcome == Outcome.REJECTED:
            return None
        return Grant.objects.create(
            decision=decision,
            county=self.county,
            focus_area=decision.focus_area,
            application=application,
            title=decision.title,
            amount=amount,
            responsible_organisation=application.organisation,
            handling_organisation=application.organisation,
        )


def build_history(county: County) -> History:
    ostersund = Organisation.objects.get(name="Östersunds kommun")
    kfjh = Organisation.objects.get(name="Kommunförbundet Jämtland Härjedalen")
    user = get_user_model().objects.get(username="samordnare@jamtland.demo")

    y24 = YearBuilder(county, agreement_of(2024, {1: 4_000_000, 4: 6_000_000}, county))
    a24 = y24.application(
        ostersund, 4, 300_000, Status.APPROVED, title="Suicidprevention i Östersund"
    )
    g24 = y24.decide(a24, y24.propose(a24, 250_000), Outcome.APPROVED, 250_000)
    b24 = y24.application(kfjh, 1, 120_000, Status.REJECTED)
    y24.decide(b24, y24.propose(b24, 100_000), Outcome.REJECTED, 0)
    y24.application(ostersund, 4, 999_999, Status.DRAFT)
    day = datetime.date(2024, 9, 1)
    GrantUsage.objects.create(grant=g24, kind=UsageKind.USED, amount=100_000, occurred_on=day)
    GrantUsage.objects.create(grant=g24, kind=UsageKind.INVOICED, amount=50_000, occurred_on=day)
    report = GrantReport.objects.create(grant=g24, state=ReportState.ACCEPTED, reported_on=day)
    GrantReportLine.objects.create(report=report, amount=200_000)
    Repayment.objects.create(
        county=county, focus_area=y24.area(4), amount=50_000, repaid_on=datetime.date(2025, 3, 20)
    )

    y25 = YearBuilder(county, Agreement.objects.get(year=2025))
    a25 = y25.application(
        ostersund,
        4,
        280_000,
        Status.APPROVED_IN_PART,
        title="Suicidprevention i Östersund, år 2",
        kind=ApplicationKind.CONTINUATION,
        continues=g24,
    )
    g25 = y25.decide(a25, y25.propose(a25, 260_000), Outcome.APPROVED_IN_PART, 200_000)
    withdrawn = y25.application(kfjh, 1, 40_000, Status.WITHDRAWN)
    y25.propose(withdrawn, 40_000)
    GrantUsage.objects.create(
        grant=g25, kind=UsageKind.INVOICED, amount=75_000, occurred_on=datetime.date(2025, 8, 1)
    )
    Reallocation.objects.create(
        county=county,
        agreement=y25.agreement,
        from_focus_area=y25.area(1),
        to_focus_area=y25.area(4),
        amount=100_000,
        reference="SVOM 2025-05-02 §3",
        reason="Mer behov av suicidprevention.",
        created_by=user,
    )

    y26 = YearBuilder(county, agreement_of(2026))
    a26 = y26.application(
        ostersund,
        4,
        310_000,
        Status.SUBMITTED,
        title="Suicidprevention i Östersund, år 3",
        kind=ApplicationKind.CONTINUATION,
        continues=g25,
    )
    return History(county, ostersund, kfjh, g24, a25, g25, a26, y26.call)
