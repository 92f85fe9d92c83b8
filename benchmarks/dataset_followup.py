"""The follow-up of a generated county year: grants, usages, reports back, requisitions, a
repayment, deadlines and the reminders already sent (see benchmarks.dataset_year)."""

import datetime

from django.utils import timezone

from allocations.models import (
    GrantReport,
    GrantReportLine,
    GrantUsage,
    Repayment,
    ReportState,
    Requisition,
    Role,
    UsageKind,
)
from applications.models import Grant, Outcome
from benchmarks.dataset_rows import TEXT, at, bulk, copy_rows
from reporting.models.deadlines import Deadline, DeadlineKind, Reminder, ReminderState


def follow_up(cw, yw, decisions, *, rng, latest, call, round_) -> dict[str, int]:
    year, county = yw.agreement.year, cw.county
    grants = bulk(
        Grant,
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
                project_code=f"P{year}-{n:04d}",
                kind=d.application.kind,
                description=d.application.purpose,
                followup_status=rng.choice(cw.status_options),
                forecast=d.amount * rng.randint(7, 10) // 10,
                followup_updated_at=at(datetime.date(year, 9, 1)),
                followup_updated_by=cw.coordinator,
                closed_at=None if latest else at(datetime.date(year + 1, 2, 1)),
            )
            for n, d in enumerate(decisions)
            if d.outcome in {Outcome.APPROVED, Outcome.APPROVED_IN_PART}
        ],
    )
    usages, reports = [], []
    for g in grants:
        for n in range(rng.randint(1, 2)):
            usages.append(
                GrantUsage(
                    grant=g,
                    kind=UsageKind.INVOICED if n == 0 else UsageKind.USED,
                    amount=g.amount * rng.randint(2, 5) // 10,
                    occurred_on=datetime.date(year, 8 + n, 10),
                    recorded_by=cw.coordinator,
                )
            )
        if not latest or rng.random() < 0.3:
            reports.append(
                GrantReport(
                    grant=g,
                    state=ReportState.DRAFT if latest else ReportState.ACCEPTED,
                    implementation=TEXT,
                    results=TEXT,
                    reported_on=None if latest else datetime.date(year, 12, 20),
                    reviewed_by=None if latest else cw.coordinator,
                )
            )
    copy_rows(GrantUsage, usages)
    bulk(GrantReport, reports)
    copy_rows(
        GrantReportLine,
        [GrantReportLine(report=r, amount=r.grant.amount * 8 // 10) for r in reports],
    )
    bulk(
        Requisition,
        [
            Requisition(
                county=county,
                focus_area=a,
                amount=yw.allocations[(county.pk, a.pk)],
                requisitioned_on=datetime.date(year, 11, 25),
                recorded_by=cw.coordinator,
            )
            for a in yw.areas
        ],
    )
    if not latest:
        Repayment.objects.create(
            county=county,
            focus_area=yw.areas[-1],
            amount=rng.randint(1, 30) * 10_000,
            repaid_on=datetime.date(year + 1, 3, 20),
            recorded_by=cw.coordinator,
        )
    done = None if latest else timezone.make_aware(datetime.datetime(year + 1, 4, 1))
    agreement = yw.agreement
    deadlines = [
        Deadline(
            county=county,
            agreement=agreement,
            kind=kind,
            title=f"{label} {year}",
            due_on=due,
            responsible_role=Role.COORDINATOR,
            done_at=done,
        )
        for kind, label, due in [
            (DeadlineKind.REQUISITION, "Rekvisition", agreement.requisition_deadline),
            (DeadlineKind.REPORT_BACK, "Återredovisning", agreement.report_back_deadline),
            (DeadlineKind.REPAYMENT, "Återbetalning", agreement.repayment_deadline),
        ]
    ]
    deadlines += [
        Deadline(
            county=county,
            agreement=agreement,
            kind=DeadlineKind.CALL_CLOSING,
            title=call.title,
            due_on=call.closes_at.date(),
            responsible_role=Role.APPLICANT,
            call=call,
            done_at=at(call.closes_at.date()),
        ),
        Deadline(
            county=county,
            agreement=agreement,
            kind=DeadlineKind.REVIEW,
            title=f"Bedömningar {year}",
            due_on=round_.due_date,
            responsible_role=Role.REVIEWER,
            review_round=round_,
            done_at=at(round_.due_date),
        ),
    ]
    deadlines += [
        Deadline(
            county=county,
            agreement=agreement,
            kind=DeadlineKind.REPORT_BACK,
            title=f"Återredovisning {g.project_code}",
            due_on=agreement.report_back_deadline,
            responsible_role=Role.APPLICANT,
            responsible_organisation=g.responsible_organisation,
            grant=g,
            done_at=done,
        )
        for g in grants
    ]
    bulk(Deadline, deadlines)
    reminders = [
        Reminder(
            deadline=d,
            recipient=cw.coordinator,
            kind="reminder",
            offset_days=offset,
            state=ReminderState.SENT,
            attempts=1,
            sent_at=at(d.due_on - datetime.timedelta(days=offset)),
        )
        for d in deadlines[:3]
        if not latest
        for offset in d.reminder_offsets
    ]
    copy_rows(Reminder, reminders)
    return {
        "grants": len(grants),
        "usages": len(usages),
        "reports back": len(reports),
        "deadlines": len(deadlines),
        "reminders": len(reminders),
    }
