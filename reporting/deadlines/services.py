"""Writes on deadlines: create, edit, mark done, and keep them in step with what they are
about (calls, completion requests, review rounds, grants, requisitions, repayments).

The `*_sync` functions are idempotent: they are called by the receivers in
`reporting.deadlines.signals` when the object is saved, by `load_deadlines` for what exists, and
(`meeting_released_sync`) when a meeting's minutes are approved: a grant's report-back
deadline exists only once its decision is released to the applicant.
A deadline a coordinator has edited keeps its date: syncing only creates what is missing
and marks done what has been done.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from allocations.models import Agreement, County, Role
from reporting.deadlines.done import grant_released, repayment_complete, requisition_complete
from reporting.models import Deadline, DeadlineKind, Reminder
from reporting.models.deadlines import default_offsets

# Jämtland Härjedalen's decision of 2025: funds not invoiced by 2025-08-30 are repaid.
INVOICING = {("jamtland", 2025): datetime.date(2025, 8, 30)}


def deadline_create(
    *,
    county: County,
    kind: str,
    title: str,
    due_on: datetime.date,
    agreement: Agreement | None = None,
    responsible_role: str = "",
    responsible_user=None,
    responsible_organisation=None,
    reminder_offsets: list[int] | None = None,
    **links,
) -> Deadline:
    return Deadline.objects.create(
        county=county,
        kind=kind,
        title=title[:200],
        due_on=due_on,
        agreement=agreement,
        responsible_role=responsible_role,
        responsible_user=responsible_user,
        responsible_organisation=responsible_organisation,
        reminder_offsets=reminder_offsets if reminder_offsets is not None else default_offsets(),
        **links,
    )


FIELDS = (
    "title",
    "due_on",
    "responsible_role",
    "responsible_user",
    "responsible_organisation",
    "reminder_offsets",
)


def deadline_update(*, deadline: Deadline, **changes) -> Deadline:
    """Change what a coordinator may change (see FIELDS)."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(deadline, name, value)
    deadline.save(update_fields=list(changes))
    return deadline


def deadline_mark_done(*, deadline: Deadline, by: AbstractBaseUser | None) -> bool:
    """Mark done (once); nothing more is sent about it. True if it was open."""
    marked = Deadline.objects.filter(pk=deadline.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by
    )
    deadline.refresh_from_db(fields=["done_at", "done_by"])
    return bool(marked)


def deadline_reopen(*, deadline: Deadline) -> None:
    Deadline.objects.filter(pk=deadline.pk).update(done_at=None, done_by=None)
    deadline.refresh_from_db(fields=["done_at", "done_by"])


@transaction.atomic
def reminder_resend(*, reminder: Reminder, by=None) -> None:
    """Send a failed reminder (or one whose sending never finished) again, through its
    e-mail in the mail outbox. A reminder on its way or sent is left as it is."""
    from reporting.deadlines.tasks import reminder_email_ensure
    from reporting.messaging.mail import MailNotResendable, mail_resend

    try:
        mail_resend(email=reminder_email_ensure(reminder), by=by)
    except MailNotResendable:
        return


# --- keeping deadlines in step ---------------------------------------------------------------


def _ensure(*, lookup: dict, defaults: dict) -> Deadline:
    deadline = Deadline.objects.filter(**lookup).first()
    if deadline is None:
        with translation.override(settings.LANGUAGE_CODE):
            title = str(defaults.pop("title"))
        deadline = deadline_create(**lookup, **defaults, title=title)
    return deadline


def _done_if(deadline: Deadline, done: bool, by=None) -> None:
    if done and deadline.done_at is None:
        deadline_mark_done(deadline=deadline, by=by)


def call_sync(*, call) -> Deadline:
    closes_on = timezone.localdate(call.closes_at)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("The call %(title)s closes") % {"title": call.title}
    deadline = _ensure(
        lookup={"county": call.county, "kind": DeadlineKind.CALL_CLOSING, "call": call},
        defaults={
            "agreement": call.agreement,
            "title": title,
            "due_on": closes_on,
            "responsible_role": Role.APPLICANT,
        },
    )
    if deadline.due_on != closes_on and deadline.done_at is None:
        deadline_update(deadline=deadline, due_on=closes_on)
    _done_if(deadline, call.closes_at <= timezone.now())
    return deadline


def completion_request_sync(*, request) -> Deadline:
    application = request.application
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Complete the application %(case)s") % {
            "case": application.case_number or application.title
        }
    deadline = _ensure(
        lookup={
            "county": application.county,
            "kind": DeadlineKind.COMPLETION,
            "completion_request": request,
        },
        defaults={
            "agreement": application.call.agreement if application.call_id else None,
            "title": title,
            "due_on": request.due_date,
            "responsible_role": Role.APPLICANT,
            "responsible_organisation": application.organisation,
            "reminder_offsets": [7, 1],
        },
    )
    _done_if(deadline, request.answered_at is not None)
    return deadline


def review_round_sync(*, round) -> Deadline:
    from applications.models import Assessment

    call = round.call
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Assessments due for %(call)s") % {"call": call.title}
    deadline = _ensure(
        lookup={"county": call.county, "kind": DeadlineKind.REVIEW, "review_round": round},
        defaults={
            "agreement": call.agreement,
            "title": title,
            "due_on": round.due_date,
            "responsible_role": Role.REVIEWER,
            "reminder_offsets": [14, 7, 1],
        },
    )
    assessments = Assessment.objects.filter(round=round)
    all_in = assessments.exists() and not assessments.filter(submitted_at__isnull=True).exists()
    _done_if(deadline, all_in and assessments.count() >= _expected_assessments(round))
    return deadline


def _expected_assessments(round) -> int:
    from applications.models import Application, ConflictDeclaration

    if not round.assess_all:
        return round.assignments.count()
    applications = Application.objects.filter(call=round.call, submitted_at__isnull=False)
    conflicts = ConflictDeclaration.objects.filter(
        application__in=applications, member__in=round.members.all(), has_conflict=True
    ).count()
    return applications.count() * round.members.count() - conflicts


def grant_sync(*, grant, released: bool | None = None) -> Deadline | None:
    """The report-back deadline of a released grant: done while its report is submitted or
    accepted (or the grant is replaced), open again when the report is returned. Before the
    decision is released there is none: the applicant must not learn of it early."""
    from allocations.models import ReportState

    if released is None:
        released = grant_released(grant=grant)
    if not released:
        Deadline.objects.filter(grant=grant, kind=DeadlineKind.REPORT_BACK).delete()
        return None
    agreement = grant.focus_area.agreement
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Report back: %(title)s") % {"title": grant.title[:150]}
    deadline = _ensure(
        lookup={"county": grant.county, "kind": DeadlineKind.REPORT_BACK, "grant": grant},
        defaults={
            "agreement": agreement,
            "title": title,
            "due_on": agreement.report_back_deadline,
            "responsible_role": Role.APPLICANT,
            "responsible_organisation": grant.responsible_organisation,
        },
    )
    states = set(grant.reports.values_list("state", flat=True))
    reported = bool(states & {ReportState.SUBMITTED, ReportState.ACCEPTED})
    if reported or grant.replaced_by_id is not None:
        _done_if(deadline, True)
    elif states and deadline.done_at is not None:
        # The report was returned for completion: the organisation has to act again. (A
        # deadline marked done by hand with no report at all is left as it is.)
        deadline_reopen(deadline=deadline)
    return deadline


def grant_replaced_sync(*, grant) -> int:
    """A replaced grant is reported back through the grant that replaces it (one query)."""
    return Deadline.objects.filter(
        grant=grant, kind=DeadlineKind.REPORT_BACK, done_at__isnull=True
    ).update(done_at=timezone.now())


def meeting_released_sync(*, meeting) -> list[Deadline]:
    """The minutes of a meeting are approved: its grants' report-back deadlines exist now."""
    from applications.models import Grant

    grants = Grant.objects.filter(
        decision__item__meeting=meeting, replaced_by__isnull=True
    ).select_related("focus_area__agreement", "county", "responsible_organisation")
    return [grant_sync(grant=grant, released=True) for grant in grants]


def county_year_sync(
    *,
    county: County,
    agreement: Agreement,
    invoicing_on: datetime.date | None = None,
    report_back: bool = False,
) -> list[Deadline]:
    """The agreement's own deadlines for a county: requisition, repayment, invoicing where
    the county has an invoicing date (`invoicing_on`, or its decision in INVOICING), and
    with `report_back` (a year the coordinator opens) the day the reports back are due."""
    with translation.override(settings.LANGUAGE_CODE):
        titles = {
            DeadlineKind.REQUISITION: _("Requisition the funds of %(year)s"),
            DeadlineKind.REPORT_BACK: _("The reports back on the funds of %(year)s are due"),
            DeadlineKind.REPAYMENT: _("Repay unused funds of %(year)s"),
            DeadlineKind.INVOICING: _("Invoice the funds of %(year)s"),
        }
        titles = {k: v % {"year": agreement.year} for k, v in titles.items()}
    dates = {
        DeadlineKind.REQUISITION: agreement.requisition_deadline,
        DeadlineKind.REPAYMENT: agreement.repayment_deadline,
    }
    if report_back:
        dates[DeadlineKind.REPORT_BACK] = agreement.report_back_deadline
    invoicing = invoicing_on or INVOICING.get((county.slug, agreement.year))
    if invoicing:
        dates[DeadlineKind.INVOICING] = invoicing
    found = []
    for kind, due_on in dates.items():
        found.append(
            _ensure(
                # A grant's report back is its own deadline (grant_sync), not the county's.
                lookup={"county": county, "agreement": agreement, "kind": kind, "grant": None},
                defaults={
                    "title": titles[kind],
                    "due_on": due_on,
                    "responsible_role": Role.COORDINATOR,
                },
            )
        )
    complete = {
        DeadlineKind.REQUISITION: requisition_complete,
        DeadlineKind.REPAYMENT: repayment_complete,
    }
    for deadline in found:
        if deadline.kind in complete and deadline.done_at is None:
            _done_if(deadline, complete[deadline.kind](county=county, agreement=agreement))
    return found


# The agreement's dates and the deadlines of the county year that take them.
AGREEMENT_DATES = {
    DeadlineKind.REQUISITION: "requisition_deadline",
    DeadlineKind.REPORT_BACK: "report_back_deadline",
    DeadlineKind.REPAYMENT: "repayment_deadline",
}


def agreement_dates_sync(*, agreement: Agreement, previous: dict[str, datetime.date]) -> int:
    """The agreement's dates have changed (`previous`: field name → the date before): every
    open deadline that still has the old date takes the new one, in every county (the
    county's own deadlines and the grants' reports back). A deadline the coordinator has
    moved has another date than the agreement's and keeps it. Returns how many moved."""
    moved = 0
    for kind, field in AGREEMENT_DATES.items():
        before, now = previous.get(field), getattr(agreement, field)
        if before is None or before == now:
            continue
        moved += Deadline.objects.filter(
            agreement=agreement, kind=kind, due_on=before, done_at__isnull=True
        ).update(due_on=now)
    return moved


def deadlines_load(*, agreement: Agreement) -> int:
    """Every deadline of the agreement year that is missing; returns how many exist now."""
    from applications.models import Call, CompletionRequest, Grant, MeetingState, ReviewRound

    counties = County.objects.filter(allocations__focus_area__agreement=agreement).distinct()
    for county in counties:
        county_year_sync(county=county, agreement=agreement)
    for call in Call.objects.filter(agreement=agreement).select_related("county", "agreement"):
        call_sync(call=call)
    rounds = ReviewRound.objects.filter(call__agreement=agreement).select_related("call__county")
    for round in rounds:
        review_round_sync(round=round)
    requests = CompletionRequest.objects.filter(
        application__call__agreement=agreement
    ).select_related("application__county", "application__call__agreement")
    for request in requests:
        completion_request_sync(request=request)
    grants = Grant.objects.filter(
        focus_area__agreement=agreement,
        replaced_by__isnull=True,
        decision__item__meeting__state=MeetingState.MINUTES_APPROVED,
    ).select_related("focus_area__agreement", "county", "responsible_organisation")
    for grant in grants:
        grant_sync(grant=grant, released=True)
    return Deadline.objects.filter(agreement=agreement).count()
