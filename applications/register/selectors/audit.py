"""Reads of the audit trail (allocations/models/audit.py): an object's history on its page and
a county's whole log as CSV rows.

A historical row holds the object as it was after the change; "before" is the object's row
before it. Each page section is one query over one historical table (never one per row), and
the pairing with the previous row happens here in memory.
"""

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from allocations.models import (
    County,
    CountyAllocation,
    DistributionKey,
    GrantReport,
    GrantUsage,
    Membership,
    Organisation,
    PriorityCriterion,
    Reallocation,
    Repayment,
    Requisition,
)
from applications.models import (
    AgendaItem,
    Application,
    Assessment,
    BudgetLine,
    Call,
    CaseNote,
    ConflictDeclaration,
    CriterionAssessment,
    Decision,
    DecisionMeeting,
    FormalCheck,
    GeneratedDocument,
    Grant,
    Proposal,
    RegisterEntry,
    RejectionReason,
    ReviewRound,
    Status,
)

CHANGE_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}

# Bookkeeping that changes on every autosave and says nothing to a reader.
NOT_SHOWN = frozenset({"draft_data", "updated_at"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class AuditEntry:
    at: datetime
    user: str
    ip_address: str | None
    model_label: str
    object_label: str
    change_type: str
    changes: list[FieldChange] = field(default_factory=list)


def _shown(model: type[models.Model], name: str, value, people: dict[int, str] | None) -> str:
    """A field's value as a reader sees it. `people`: a memo of users shown by e-mail (the
    county's CSV log); None on pages, which keep a fixed number of queries and show ids."""
    if value is None or value == "":
        return "–"
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return str(value)
    if (
        people is not None
        and model_field.many_to_one
        and model_field.related_model is get_user_model()
    ):
        # a person by their e-mail, as in the "who" column; read once per log
        if value not in people:
            user = get_user_model().objects.filter(pk=value).first()
            people[value] = (user.email or user.get_username()) if user else str(value)
        return people[value]
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _m2m_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.many_to_many]


def _entry(
    record, previous, hidden: frozenset[str], labels: bool, people: dict[int, str] | None
) -> AuditEntry:
    model = record.instance_type
    changes: list[FieldChange] = []
    if previous is not None and record.history_type == "~":
        excluded = [*_m2m_names(model), *NOT_SHOWN, *hidden]
        delta = record.diff_against(previous, excluded_fields=excluded, foreign_keys_are_objs=False)
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            changes.append(
                FieldChange(
                    label=str(model_field.verbose_name),
                    before=_shown(model, change.field, change.old, people),
                    after=_shown(model, change.field, change.new, people),
                )
            )
    user = record.history_user
    return AuditEntry(
        at=record.history_date,
        user=(user.email or user.get_username()) if user else "",
        ip_address=record.ip_address,
        model_label=str(model._meta.verbose_name),
        # str() of an object may follow its foreign keys: only the CSV, not a page, pays it.
        object_label=_label(record) if labels else f"#{record.id}",
        change_type=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
        changes=changes,
    )


def _label(record) -> str:
    """The object as it was, named by its str(); the objects its row was read with
    (`select_related` on the history) are handed on, so naming them costs no query."""
    instance = record.history_object
    for name, value in record._state.fields_cache.items():
        if name != "history_user":
            instance._state.fields_cache.setdefault(name, value)
    return str(instance)


def _drafting(record) -> bool:
    """A row written while the application was a draft: the applicant's own working, which
    the county's staff do not see (they see the application from its submission on)."""
    return record.instance_type is Application and record.status == Status.DRAFT


def audit_entries(
    records: Iterable,
    hidden: frozenset[str] = frozenset(),
    labels: bool = False,
    staff: bool = False,
) -> Iterator[AuditEntry]:
    """Entries from rows in time order, each compared with its object's previous row (also
    when that row is not shown, so the submission still shows the status before/after)."""
    last: dict[tuple[str, int], object] = {}
    people: dict[int, str] = {}
    for record in records:
        key = (record.instance_type._meta.label, record.id)
        if not (staff and _drafting(record)):
            yield _entry(record, last.get(key), hidden, labels, people if labels else None)
        last[key] = record


def history_rows(model: type[models.Model], **filters) -> models.QuerySet:
    return (
        model.audit_log.model.objects.filter(**filters)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )


def application_audit(*, application: Application, internal: bool) -> list[AuditEntry]:
    """The application's history, newest first. `internal` adds what only the county's staff
    see: the formal check, proposals and decisions (never the assessments on this page)."""
    sections = [
        history_rows(Application, id=application.pk),
        history_rows(BudgetLine, application_id=application.pk),
    ]
    if internal:
        sections += [
            history_rows(FormalCheck, application_id=application.pk),
            history_rows(Proposal, application_id=application.pk),
            history_rows(Decision, application_id=application.pk),
        ]
    merged = heapq.merge(*sections, key=lambda r: (r.history_date, r.history_id))
    return list(audit_entries(merged, staff=internal))[::-1]


def meeting_audit(*, meeting: DecisionMeeting) -> list[AuditEntry]:
    """The meeting's history and that of its agenda and decisions, newest first."""
    merged = heapq.merge(
        history_rows(DecisionMeeting, id=meeting.pk),
        history_rows(AgendaItem, meeting_id=meeting.pk),
        history_rows(Decision, item__meeting_id=meeting.pk),
        key=lambda r: (r.history_date, r.history_id),
    )
    return list(audit_entries(merged))[::-1]


def grant_audit(*, grant: Grant) -> list[AuditEntry]:
    """A grant's history with its follow-up (usages, reports), newest first."""
    merged = heapq.merge(
        history_rows(Grant, id=grant.pk),
        history_rows(GrantUsage, grant_id=grant.pk),
        history_rows(GrantReport, grant_id=grant.pk),
        key=lambda r: (r.history_date, r.history_id),
    )
    return list(audit_entries(merged))[::-1]


def _county_sections(county: County) -> list[models.QuerySet]:
    c = county.pk
    users = Membership.objects.filter(county_id=c).values("user_id")
    return [
        history_rows(County, id=c),
        history_rows(Organisation, county_id=c),
        history_rows(CountyAllocation, county_id=c),
        history_rows(PriorityCriterion, county_id=c),
        history_rows(Membership, county_id=c),
        history_rows(DistributionKey, county_id=c),
        history_rows(Reallocation, county_id=c),
        history_rows(Requisition, county_id=c),
        history_rows(Repayment, county_id=c),
        history_rows(GrantUsage, grant__county_id=c),
        history_rows(GrantReport, grant__county_id=c),
        history_rows(Call, county_id=c),
        history_rows(Application, county_id=c),
        history_rows(BudgetLine, application__county_id=c).exclude(
            application__status=Status.DRAFT
        ),
        history_rows(FormalCheck, application__county_id=c),
        history_rows(CaseNote, application__county_id=c).select_related("application"),
        history_rows(ConflictDeclaration, application__county_id=c),
        history_rows(Assessment, application__county_id=c),
        history_rows(CriterionAssessment, assessment__application__county_id=c),
        history_rows(ReviewRound, call__county_id=c),
        history_rows(Proposal, application__county_id=c),
        history_rows(RejectionReason, county_id=c),
        history_rows(DecisionMeeting, county_id=c),
        history_rows(AgendaItem, meeting__county_id=c),
        history_rows(Decision, item__meeting__county_id=c),
        history_rows(Grant, county_id=c),
        history_rows(RegisterEntry, county_id=c),
        history_rows(GeneratedDocument, meeting__county_id=c),
        history_rows(GeneratedDocument, meeting__isnull=True, application__county_id=c),
        history_rows(get_user_model(), id__in=users),
    ]


def county_log(*, county: County, chunk_size: int = 500) -> Iterator[AuditEntry]:
    """Every historical row of the county's objects in time order, read in chunks so a long
    log never sits in memory whole."""
    sections = [qs.iterator(chunk_size=chunk_size) for qs in _county_sections(county)]
    merged = heapq.merge(*sections, key=lambda r: (r.history_date, r.history_id))
    # The users' rows carry no password (excluded), and their e-mail is shown anyway as "who".
    return audit_entries(merged, labels=True, staff=True)
