"""Reads for a grant's dossier (akt): who may build and download it, and everything the case
holds, each kind of record in one query.

A grant may come without an application (a line decided without one, e.g. a coordinator
post): then only the decision, the grant's follow-up and their history are there.
"""

import heapq
from dataclasses import dataclass, field

from django.db.models import Prefetch

from allocations.models import (
    GrantReport,
    GrantReportAttachment,
    GrantReportLine,
    GrantUsage,
    Repayment,
    Role,
)
from applications.applying.permissions import User, roles_in_county
from applications.grants.permissions import is_coordinator_of
from applications.models import (
    Application,
    ApplicationVersion,
    Assessment,
    Attachment,
    BudgetLine,
    CaseNote,
    CompletionRequest,
    CriterionAssessment,
    Decision,
    FormalCheck,
    GeneratedDocument,
    Grant,
    JobState,
    Proposal,
    RegisterEntry,
    StatusChange,
)
from applications.register.selectors.audit import AuditEntry, audit_entries, history_rows


def may_request_dossier(user: User, grant: Grant) -> bool:
    """Only the coordinator of the grant's county builds and downloads its dossier."""
    return is_coordinator_of(user, grant)


def may_read_dossier_job(user: User, job) -> bool:
    """A dossier job's page and file: its requester, while still the county's coordinator
    (reporting's job views check that the user asked for it)."""
    grant = Grant.objects.filter(pk=job.params.get("grant_id")).only("county_id").first()
    return grant is not None and may_request_dossier(user, grant)


def may_request_year_package(user: User, county_id: int) -> bool:
    """Only the county's coordinator builds and downloads the archive package of its year."""
    return Role.COORDINATOR in roles_in_county(user, county_id)


def may_read_year_job(user: User, job) -> bool:
    """A year package's job page and file: its requester, while still the coordinator."""
    county_id = job.params.get("county_id")
    return county_id is not None and may_request_year_package(user, county_id)


def year_grant_ids(*, county_id: int, year: int) -> list[int]:
    """The decided cases of the county's agreement year, as the grants their decisions made,
    in the order decided; a grant replaced by a correcting decision is that decision's case."""
    return list(
        Grant.objects.filter(
            county_id=county_id, focus_area__agreement__year=year, replaced_by__isnull=True
        )
        .order_by("decision__decided_at", "pk")
        .values_list("pk", flat=True)
    )


@dataclass
class DossierCase:
    grant: Grant
    decision: Decision
    application: Application | None
    attachments: list[Attachment] = field(default_factory=list)
    versions: list[ApplicationVersion] = field(default_factory=list)
    completions: list[CompletionRequest] = field(default_factory=list)
    formal_checks: list[FormalCheck] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    criteria: list[CriterionAssessment] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    documents: list[GeneratedDocument] = field(default_factory=list)
    reports: list[GrantReport] = field(default_factory=list)
    usages: list[GrantUsage] = field(default_factory=list)
    repayments: list[Repayment] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    register: list[RegisterEntry] = field(default_factory=list)
    notes: list[CaseNote] = field(default_factory=list)


def dossier_grant(*, grant_id: int) -> Grant:
    return Grant.objects.select_related(
        "county__administering_organisation",
        "focus_area__agreement",
        "responsible_organisation",
        "handling_organisation",
        "closed_by",
        "decision__item__meeting",
        "decision__sub_area",
        "decision__rejection_reason",
        "decision__responsible_organisation",
        "decision__handling_organisation",
        "decision__corrects__item__meeting",
        "application__organisation",
        "application__call",
        "application__county",
    ).get(pk=grant_id)


def dossier_case(*, grant_id: int) -> DossierCase:
    """Everything the dossier of the grant holds."""
    grant = dossier_grant(grant_id=grant_id)
    decision = grant.decision
    application = grant.application
    case = DossierCase(grant=grant, decision=decision, application=application)
    documents = GeneratedDocument.objects.filter(state=JobState.DONE).exclude(file="")
    case.documents = list(
        documents.filter(decision=decision) | documents.filter(item_id=decision.item_id)
    )
    case.documents.sort(key=lambda d: (d.kind, d.version, d.pk))
    case.reports = list(
        GrantReport.objects.filter(grant=grant)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch("lines", GrantReportLine.objects.select_related("sub_area")),
            Prefetch("attachments", GrantReportAttachment.objects.order_by("uploaded_at", "pk")),
        )
    )
    case.usages = list(GrantUsage.objects.filter(grant=grant).order_by("occurred_on", "pk"))
    case.repayments = list(
        Repayment.objects.filter(
            county_id=grant.county_id, focus_area_id=grant.focus_area_id
        ).select_related("county", "focus_area__agreement")
    )
    if application is None:
        return case
    a = application.pk
    case.attachments = list(Attachment.objects.filter(application_id=a).order_by("uploaded_at"))
    case.versions = list(ApplicationVersion.objects.filter(application_id=a).order_by("number"))
    case.completions = list(
        CompletionRequest.objects.filter(application_id=a)
        .select_related("requested_by")
        .order_by("requested_at", "pk")
    )
    case.formal_checks = list(
        FormalCheck.objects.filter(application_id=a).select_related("checked_by")
    )
    case.assessments = list(
        Assessment.objects.filter(application_id=a, submitted_at__isnull=False)
        .select_related("member")
        .order_by("submitted_at", "pk")
    )
    case.criteria = list(
        CriterionAssessment.objects.filter(
            assessment__application_id=a, assessment__submitted_at__isnull=False
        )
        .select_related("assessment__member", "criterion")
        .order_by("assessment__submitted_at", "assessment_id", "pk")
    )
    case.proposals = list(
        Proposal.objects.filter(application_id=a).select_related("meeting", "adopted_by")
    )
    case.status_changes = list(
        StatusChange.objects.filter(application_id=a).select_related("by").order_by("at", "pk")
    )
    case.register = list(
        RegisterEntry.objects.filter(application_id=a).select_related("officer").order_by("date")
    )
    case.notes = list(
        CaseNote.objects.filter(application_id=a)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    return case


def dossier_history(*, case: DossierCase) -> list[AuditEntry]:
    """Every historical row of the case, oldest first: the application (from its submission
    on) with its budget, formal check, assessments, proposal, case notes and decision, the
    grant, its usages and report back, and the generated documents of the decision."""
    grant, decision = case.grant, case.decision
    sections = [
        history_rows(Decision, id=decision.pk),
        history_rows(Grant, id=grant.pk),
        history_rows(GrantUsage, grant_id=grant.pk),
        history_rows(GrantReport, grant_id=grant.pk),
        history_rows(GrantReportLine, report__grant_id=grant.pk),
        history_rows(GeneratedDocument, decision_id=decision.pk),
    ]
    if case.application is not None:
        a = case.application.pk
        sections += [
            history_rows(Application, id=a),
            history_rows(BudgetLine, application_id=a),
            history_rows(FormalCheck, application_id=a),
            history_rows(Assessment, application_id=a),
            history_rows(CriterionAssessment, assessment__application_id=a),
            history_rows(Proposal, application_id=a),
            history_rows(CaseNote, application_id=a),
        ]
    merged = heapq.merge(*sections, key=lambda r: (r.history_date, r.history_id))
    return list(audit_entries(merged, labels=True, staff=True))
