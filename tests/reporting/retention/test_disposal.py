"""A disposal run removes exactly what the retention schedule lets go, with its history rows
and its files, and nothing decided, held or referred to by a kept record; the dry run lists
the same and removes nothing."""

import io

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models, transaction

from allocations.models import County
from allocations.triggers import history_models
from applications.models import Application, Attachment, BudgetLine, StatusChange
from reporting.models import (
    DisposalLine,
    ExportJob,
    ExportState,
    LegalHold,
    OutgoingEmail,
    RecordClass,
    Reminder,
    RetentionRule,
)
from reporting.retention.services import (
    DisposalRefused,
    disposal_preview,
    disposal_run,
    retention_rule_set,
    retention_schedule_ensure,
)
from tests.matrix_fixtures import user
from tests.reporting.retention.conftest import (
    COORDINATOR,
    GRETA,
    GRETA_MAIL,
    MONTH,
    YEARS_3,
    ago,
    backdate,
)

pytestmark = pytest.mark.django_db


def counts(previews) -> dict[str, tuple[int, int, int]]:
    return {p.record_class.code: (p.count_before, p.removed, p.kept) for p in previews}


EXPECTED = {
    "attachment": (4, 2, 2),
    "draft": (3, 1, 2),
    "withdrawn": (2, 1, 1),
    "reminder": (2, 1, 1),
    "email": (2, 1, 1),
    "decided": (1, 0, 1),
}


def _texts_holding(needle: str) -> list[str]:
    """The history tables (and their columns) that still hold the text anywhere."""
    found = []
    for model in history_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.JSONField):
                lookup = f.name if not isinstance(f, models.JSONField) else f"{f.name}__icontains"
                lookup = lookup if lookup.endswith("__icontains") else f"{lookup}__icontains"
                if model._base_manager.filter(**{lookup: needle}).exists():
                    found.append(f"{model._meta.db_table}.{f.name}")
    return found


def test_the_run_leaves_exactly_what_the_schedule_says(records, django_capture_on_commit_callbacks):
    storage = records.old_attachment.file.storage
    old_files = [records.old_attachment.file.name, records.old_attachment_of_new_draft.file.name]
    kept_files = [records.new_attachment.file.name, records.held_attachment.file.name]
    assert all(storage.exists(name) for name in old_files + kept_files)
    assert _texts_holding(GRETA) and _texts_holding(GRETA_MAIL)

    preview = disposal_preview(county=records.county)
    assert counts(preview) == EXPECTED
    listed = {p.record_class.code: [i.identifier for i in p.items] for p in preview}
    assert listed["withdrawn"] == ["JH-2021-0001"]
    assert listed["draft"] == [f"#{records.old_draft.pk}"]

    with django_capture_on_commit_callbacks(execute=True):
        protocol = disposal_run(county=records.county, by=user(COORDINATOR))

    lines = {
        line.record_class.code: (line.count_before, line.removed, line.kept)
        for line in protocol.lines.select_related("record_class")
    }
    assert lines == EXPECTED
    identifiers = {
        line.record_class.code: line.identifiers
        for line in protocol.lines.select_related("record_class")
    }
    assert identifiers == {code: ids for code, ids in listed.items()}

    # What remains, class by class.
    assert set(Application.objects.filter(county=records.county).values_list("pk", flat=True)) == {
        records.new_draft.pk,
        records.held_draft.pk,
        records.registered_withdrawn.pk,
        records.decided.pk,
    }
    assert set(Attachment.objects.values_list("pk", flat=True)) == {
        records.new_attachment.pk,
        records.held_attachment.pk,
    }
    assert list(Reminder.objects.filter(state="sent")) == [records.new_reminder]
    assert set(OutgoingEmail.objects.filter(state="sent")) == {records.new_email}
    assert not BudgetLine.objects.filter(application_id=records.old_draft.pk).exists()
    assert not StatusChange.objects.filter(application_id=records.old_withdrawn.pk).exists()

    # Gone from the audit trail as well, and from storage (no file left behind).
    assert _texts_holding(GRETA) == [] and _texts_holding(GRETA_MAIL) == []
    history = Application.audit_log.model
    assert not history.objects.filter(id__in=[records.old_draft.pk, records.old_withdrawn.pk])
    assert history.objects.filter(id=records.decided.pk).exists()
    assert not any(storage.exists(name) for name in old_files)
    assert all(storage.exists(name) for name in kept_files)
    for application in (records.old_draft, records.old_withdrawn):
        folder = f"applications/{application.pk}"
        assert not storage.exists(folder) or storage.listdir(folder)[1] == []

    # The decided and the held case are as they were.
    records.decided.refresh_from_db()
    assert records.decided.status == "approved"
    records.held_draft.refresh_from_db()


def test_the_dry_run_removes_nothing_and_lists_what_the_run_removes(
    records, django_capture_on_commit_callbacks
):
    before = (Application.objects.count(), Attachment.objects.count(), Reminder.objects.count())
    first = disposal_preview(county=records.county)
    again = disposal_preview(county=records.county)
    assert [[i.key for i in p.items] for p in first] == [[i.key for i in p.items] for p in again]
    assert (
        Application.objects.count(),
        Attachment.objects.count(),
        Reminder.objects.count(),
    ) == before

    out = io.StringIO()
    call_command("dispose", "--county", records.county.slug, "--dry-run", stdout=out)
    assert "draft: 3 before, 1 would go, 2 kept" in out.getvalue()
    assert Application.objects.count() == before[0]
    assert not DisposalLine.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        protocol = disposal_run(
            county=records.county,
            by=user(COORDINATOR),
            confirmed=[i.key for p in first for i in p.items],
        )
    removed = {line.record_class.code: line.identifiers for line in protocol.lines.all()}
    assert removed == {p.record_class.code: [i.identifier for i in p.items] for p in first}


def test_a_county_rule_overrides_the_service_wide_one(records, django_capture_on_commit_callbacks):
    coordinator = user(COORDINATOR)
    reminders = RecordClass.objects.get(code="reminder")
    emails = RecordClass.objects.get(code="email")
    # Reminders kept for ever in this county, e-mail for 0 years (everything sent goes).
    retention_rule_set(
        county=records.county, record_class=reminders, keep_years=None, by=coordinator
    )
    retention_rule_set(county=records.county, record_class=emails, keep_years=0, by=coordinator)
    assert RetentionRule.objects.get(record_class=reminders, county=None).keep_years == 1

    preview = counts(disposal_preview(county=records.county))
    assert preview["reminder"] == (2, 0, 2)
    assert preview["email"] == (2, 2, 0)
    # Another county still follows the service-wide rule.
    other = County.objects.exclude(pk=records.county.pk).first()
    other_schedule = {p.record_class.code: p.keep_years for p in disposal_preview(county=other)}
    assert other_schedule["reminder"] == 1 and other_schedule["email"] == 2

    with django_capture_on_commit_callbacks(execute=True):
        disposal_run(county=records.county, by=coordinator)
    assert Reminder.objects.filter(state="sent").count() == 2  # kept for ever: never touched
    assert not OutgoingEmail.objects.filter(state="sent").exists()

    # Following the service-wide rule again removes the county's own.
    retention_rule_set(
        county=records.county,
        record_class=reminders,
        keep_years=None,
        follow_service=True,
        by=coordinator,
    )
    assert not RetentionRule.objects.filter(record_class=reminders, county=records.county).exists()


def test_decided_cases_keep_for_ever_whatever_is_asked(records):
    decided = RecordClass.objects.get(code="decided")
    with pytest.raises(DisposalRefused):
        retention_rule_set(
            county=records.county, record_class=decided, keep_years=0, by=user(COORDINATOR)
        )
    # Even a rule written around the service: nothing decided is ever due.
    RetentionRule.objects.filter(record_class=decided).update(keep_years=0)
    preview = counts(disposal_preview(county=records.county))
    assert preview["decided"] == (1, 0, 1)


def test_disposing_of_a_record_under_a_hold_is_refused_and_removes_nothing(
    records, django_capture_on_commit_callbacks
):
    seen = disposal_preview(county=records.county)
    keys = [i.key for p in seen for i in p.items]
    # Between the dry run and the run, the withdrawn case is put under a hold.
    LegalHold.objects.create(
        county=records.county,
        application=records.old_withdrawn,
        reason="Överklagande",
        placed_by=user(COORDINATOR),
    )
    before = (Application.objects.count(), Attachment.objects.count(), Reminder.objects.count())
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(DisposalRefused) as refused,
    ):
        disposal_run(county=records.county, by=user(COORDINATOR), confirmed=keys)
    assert "JH-2021-0001" in refused.value.message
    assert "Ingenting har gallrats" in refused.value.message
    assert "spärr" in refused.value.message
    after = (Application.objects.count(), Attachment.objects.count(), Reminder.objects.count())
    assert after == before
    assert not DisposalLine.objects.exists()
    assert records.old_attachment.file.storage.exists(records.old_attachment.file.name)


def test_a_hold_on_a_class_keeps_the_whole_class(records, django_capture_on_commit_callbacks):
    LegalHold.objects.create(
        county=records.county,
        record_class=RecordClass.objects.get(code="email"),
        reason="Tillsyn",
        placed_by=user(COORDINATOR),
    )
    with django_capture_on_commit_callbacks(execute=True):
        protocol = disposal_run(county=records.county, by=user(COORDINATOR))
    line = protocol.lines.get(record_class__code="email")
    assert (line.count_before, line.removed, line.kept) == (2, 0, 2)
    assert OutgoingEmail.objects.filter(state="sent").count() == 2


def test_a_rollback_leaves_the_files(records):
    storage = records.old_attachment.file.storage
    name = records.old_attachment.file.name
    with pytest.raises(RuntimeError), transaction.atomic():
        disposal_run(county=records.county, by=user(COORDINATOR))
        raise RuntimeError("the transaction is rolled back")
    assert storage.exists(name)
    assert Attachment.objects.filter(pk=records.old_attachment.pk).exists()


def test_the_service_wide_run_disposes_of_log_ins_and_exports(
    seeded, django_capture_on_commit_callbacks
):
    old_log = AccessLog.objects.create(username="x@example.se", ip_address="10.0.0.1")
    new_log = AccessLog.objects.create(username="y@example.se", ip_address="10.0.0.2")
    backdate(AccessLog, old_log.pk, attempt_time=ago(**YEARS_3))
    attempt = AccessAttempt.objects.create(
        username="z@example.se", ip_address="10.0.0.3", failures_since_start=1
    )
    backdate(AccessAttempt, attempt.pk, attempt_time=ago(**YEARS_3))
    requester = user(COORDINATOR)
    old_job = ExportJob.objects.create(
        kind="grants", format="csv", state=ExportState.DONE, requested_by=requester
    )
    old_job.file.save("bidrag.csv", ContentFile(b"a;b\n"))
    backdate(ExportJob, old_job.pk, finished_at=ago(**YEARS_3))
    new_job = ExportJob.objects.create(
        kind="grants",
        format="csv",
        state=ExportState.DONE,
        requested_by=requester,
        finished_at=ago(**MONTH),
    )
    storage, name = old_job.file.storage, old_job.file.name

    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("dispose", "--service-wide", stdout=out)
    assert "login: 3 before, 2 removed, 1 kept" in out.getvalue()
    assert list(AccessLog.objects.all()) == [new_log]
    assert not AccessAttempt.objects.exists()
    assert list(ExportJob.objects.all()) == [new_job]
    assert not storage.exists(name)


def test_the_schedule_is_ensured_once(db):
    RecordClass.objects.all().delete()
    assert retention_schedule_ensure() == 8
    rule = RetentionRule.objects.get(record_class__code="draft", county=None)
    rule.keep_years = 5
    rule.save()
    assert retention_schedule_ensure() == 0
    rule.refresh_from_db()
    assert rule.keep_years == 5
    out = io.StringIO()
    call_command("load_retention_schedule", stdout=out)
    assert "0 record classes added" in out.getvalue()


def test_a_case_named_in_a_request_for_public_records_is_kept(
    records, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from applications.disclosure.services import request_register

    request_register(
        county=records.county,
        by=user(COORDINATOR),
        received_on=timezone.localdate(),
        cases=[records.old_withdrawn],
    )
    preview = {p.record_class.code: p for p in disposal_preview(county=records.county)}
    assert records.old_withdrawn.pk not in [i.pk for i in preview["withdrawn"].items]
    assert preview["withdrawn"].referenced == 2  # this one and the registered one
    with django_capture_on_commit_callbacks(execute=True):
        protocol = disposal_run(county=records.county, by=user(COORDINATOR))
    assert protocol.lines.get(record_class__code="withdrawn").removed == 0
    assert records.old_withdrawn.disclosure_requests.count() == 1
