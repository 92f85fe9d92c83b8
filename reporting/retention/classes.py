"""What each record class of the schedule is in the tables: which rows belong to it, from which
date its time runs, what keeps a row whatever the schedule says, and how a row is removed.

A row is never disposed of while a hold covers it, while another kept record points at it (a
PROTECT reference: the register, a case note, a grant, a decision, a generated document; a
request for public records naming it) or when its case has been decided. Removing a row
removes its history rows (the audit trail's copies of it) too; its files are named so that
the caller deletes them after commit.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models
from django.db.models import Max, Q, QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from allocations.models import County
from allocations.triggers import record_rewrite
from applications.models import Application, Attachment, Status
from applications.models.status import DECIDED
from reporting.models import (
    ExportJob,
    ExportState,
    LegalHold,
    MailState,
    OutgoingEmail,
    Reminder,
    ReminderState,
)


@dataclass(frozen=True)
class Item:
    """One row that the schedule lets go: what the lists and the protocol show of it."""

    key: str  # "<class>:<model>:<pk>", what a confirmed run names
    identifier: str  # the case number or the row's number, never personal data
    title: str
    date: datetime
    model: type[models.Model] = field(compare=False, repr=False)
    pk: int = 0


def _key(code: str, model: type[models.Model], pk: int) -> str:
    return f"{code}:{model._meta.label_lower}:{pk}"


def held_application_ids(county: County | None) -> QuerySet:
    holds = LegalHold.objects.filter(released_at__isnull=True, application__isnull=False)
    if county is not None:
        holds = holds.filter(county=county)
    return holds.values("application_id")


def _application_identifier(case_number: str | None, pk: int) -> str:
    return case_number or f"#{pk}"


class RecordKind:
    """One class of the schedule. `rows` are every row of the class in the run's scope (the
    count before), `due` those older than the cut-off that nothing keeps."""

    code = ""
    # A service-wide run (county None) covers the class too: rows that belong to no county.
    service_wide = False
    county_wide = True

    def rows(self, county: County | None) -> QuerySet:
        raise NotImplementedError

    def due(self, county: County | None, cutoff: datetime) -> QuerySet:
        raise NotImplementedError

    def items(self, rows: QuerySet) -> list[Item]:
        raise NotImplementedError

    def held(self, county: County | None, cutoff: datetime) -> int:
        """How many rows are old enough but kept by a hold on them."""
        return 0

    def removable(self, items: list[Item]) -> tuple[list[Item], int]:
        """The items that nothing else keeps, and how many another record keeps."""
        return items, 0

    def remove(self, items: list[Item]) -> list[tuple[object, str]]:
        """Delete the rows (inside the caller's transaction); returns (storage, name) of
        the files to delete once the transaction has committed."""
        for model, pks in _by_model(items).items():
            model._base_manager.filter(pk__in=pks).delete()
        return []


def _by_model(items: Iterable[Item]) -> dict[type[models.Model], list[int]]:
    found: dict[type[models.Model], list[int]] = {}
    for item in items:
        found.setdefault(item.model, []).append(item.pk)
    return found


def _keeping_relations(model: type[models.Model]) -> list:
    """The references to `model` that keep a row while they point at it: PROTECT and
    RESTRICT references, and a record that names it among others (a request for public
    records names its cases)."""
    keeping = (models.PROTECT, models.RESTRICT)
    return [
        relation
        for relation in model._meta.related_objects
        if relation.many_to_many or getattr(relation, "on_delete", None) in keeping
    ]


def _history_model(model: type[models.Model]) -> type[models.Model] | None:
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


def _delete_with_history(objects: list[models.Model]) -> list[tuple[object, str]]:
    """Deletes the objects and everything that goes with them, with their history rows,
    past the append-only guards of only the tables concerned. Returns their files."""
    if not objects:
        return []
    collector = Collector(using="default")
    collector.collect(objects)
    collected: dict[type[models.Model], list[int]] = {
        model: [obj.pk for obj in instances] for model, instances in collector.data.items()
    }
    for queryset in collector.fast_deletes:
        collected.setdefault(queryset.model, []).extend(queryset.values_list("pk", flat=True))
    files = [
        (attachment.file.storage, attachment.file.name)
        for attachment in Attachment.objects.filter(pk__in=collected.get(Attachment, []))
        if attachment.file
    ]
    histories = {
        model: history for model in collected if (history := _history_model(model)) is not None
    }
    with record_rewrite(*collected, *histories.values()):
        collector.delete()
        # The audit trail's copies go too, with the row the deletion itself just wrote.
        for model, history in histories.items():
            history._base_manager.filter(id__in=collected[model]).delete()
    return files


class _ApplicationKind(RecordKind):
    status = ""

    def rows(self, county):
        return Application.objects.filter(county=county, status=self.status)

    def _dated(self, county) -> QuerySet:
        return self.rows(county).annotate(kept_from=models.F("updated_at"))

    def _old(self, county, cutoff) -> QuerySet:
        return (
            self._dated(county)
            .filter(kept_from__lt=cutoff)
            .exclude(status__in=DECIDED)
            .exclude(grants__isnull=False)
            .exclude(decisions__isnull=False)
            .exclude(generated_documents__isnull=False)
        )

    def due(self, county, cutoff):
        return self._old(county, cutoff).exclude(pk__in=held_application_ids(county))

    def held(self, county, cutoff):
        return self._old(county, cutoff).filter(pk__in=held_application_ids(county)).count()

    def items(self, rows):
        return [
            Item(
                key=_key(self.code, Application, a.pk),
                identifier=_application_identifier(a.case_number, a.pk),
                title=self.title(a),
                date=a.kept_from,
                model=Application,
                pk=a.pk,
            )
            for a in rows.order_by("kept_from", "pk")
        ]

    def title(self, application: Application) -> str:
        return application.title or _("Untitled application")

    def removable(self, items):
        """Rows another record points at with a PROTECT or RESTRICT reference are kept. The
        direct references are read in one query per relation; one collection over the rest
        finds a deeper one, and only then is each row collected on its own."""
        pks = [i.pk for i in items]
        referenced = set()
        for relation in _keeping_relations(Application):
            lookup = f"{relation.field.related_query_name()}__isnull"
            referenced |= set(
                Application._base_manager.filter(pk__in=pks, **{lookup: False}).values_list(
                    "pk", flat=True
                )
            )
        free = [i for i in items if i.pk not in referenced]
        by_pk = Application._base_manager.in_bulk([i.pk for i in free])
        try:
            Collector(using="default").collect(list(by_pk.values()))
        except (ProtectedError, RestrictedError):
            for item in free:
                try:
                    Collector(using="default").collect([by_pk[item.pk]])
                except (ProtectedError, RestrictedError):
                    referenced.add(item.pk)
        return [i for i in items if i.pk not in referenced], len(referenced)

    def remove(self, items):
        applications = list(Application.objects.filter(pk__in=[i.pk for i in items]))
        return _delete_with_history(applications)


class DraftKind(_ApplicationKind):
    code = "draft"
    status = Status.DRAFT

    def title(self, application: Application) -> str:
        # A draft is the applicant's until submitted: the county sees no word of its content.
        return _("Draft never submitted")


class WithdrawnKind(_ApplicationKind):
    code = "withdrawn"
    status = Status.WITHDRAWN

    def _dated(self, county):
        withdrawn_at = Max("history__at", filter=Q(history__to_status=Status.WITHDRAWN))
        return self.rows(county).annotate(kept_from=Coalesce(withdrawn_at, "updated_at"))


class AttachmentKind(RecordKind):
    code = "attachment"

    def rows(self, county):
        return Attachment.objects.filter(
            application__county=county,
            application__status__in=[Status.DRAFT, Status.WITHDRAWN],
        )

    def _old(self, county, cutoff):
        return self.rows(county).filter(uploaded_at__lt=cutoff)

    def due(self, county, cutoff):
        return self._old(county, cutoff).exclude(application_id__in=held_application_ids(county))

    def held(self, county, cutoff):
        held = held_application_ids(county)
        return self._old(county, cutoff).filter(application_id__in=held).count()

    def items(self, rows):
        rows = rows.select_related("application").order_by("uploaded_at", "pk")
        return [
            Item(
                key=_key(self.code, Attachment, a.pk),
                identifier=(
                    f"{_application_identifier(a.application.case_number, a.application_id)}"
                    f"/#{a.pk}"
                ),
                title=(
                    _("Attachment to a draft")
                    if a.application.status == Status.DRAFT
                    else _("Attachment to %(application)s")
                    % {"application": a.application.title or _("Untitled application")}
                ),
                date=a.uploaded_at,
                model=Attachment,
                pk=a.pk,
            )
            for a in rows
        ]

    def remove(self, items):
        attachments = list(Attachment.objects.filter(pk__in=[i.pk for i in items]))
        files = [(a.file.storage, a.file.name) for a in attachments if a.file]
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
        return files


class ReminderKind(RecordKind):
    code = "reminder"

    def rows(self, county):
        return Reminder.objects.filter(deadline__county=county, state=ReminderState.SENT)

    def due(self, county, cutoff):
        return self.rows(county).filter(sent_at__lt=cutoff)

    def items(self, rows):
        rows = rows.select_related("deadline").order_by("sent_at", "pk")
        return [
            Item(
                key=_key(self.code, Reminder, r.pk),
                identifier=f"#{r.pk}",
                title=r.deadline.title,
                date=r.sent_at,
                model=Reminder,
                pk=r.pk,
            )
            for r in rows
        ]


class EmailKind(RecordKind):
    code = "email"
    service_wide = True  # the service's own e-mail (account e-mail) has no county

    def rows(self, county):
        emails = OutgoingEmail.objects.filter(state=MailState.SENT)
        return emails.filter(county=county) if county else emails.filter(county__isnull=True)

    def due(self, county, cutoff):
        # A message to applicants and a digest show the e-mails they were sent as.
        return (
            self.rows(county)
            .filter(sent_at__lt=cutoff)
            .exclude(bulk_recipient__isnull=False)
            .exclude(digest_items__isnull=False)
        )

    def items(self, rows):
        return [
            Item(
                key=_key(self.code, OutgoingEmail, e.pk),
                identifier=f"#{e.pk}",
                title=e.get_kind_display(),
                date=e.sent_at,
                model=OutgoingEmail,
                pk=e.pk,
            )
            for e in rows.order_by("sent_at", "pk")
        ]


class LoginKind(RecordKind):
    code = "login"
    service_wide = True
    county_wide = False
    MODELS = (AccessLog, AccessAttempt, AccessFailureLog)

    def _per_model(self, county, cutoff=None):
        for model in self.MODELS:
            rows = model.objects.all()
            if cutoff is not None:
                rows = rows.filter(attempt_time__lt=cutoff)
            yield model, rows

    def rows(self, county):
        return list(self._per_model(county))

    def due(self, county, cutoff):
        return list(self._per_model(county, cutoff))

    def items(self, rows):
        titles = {
            AccessLog: _("Log-in"),
            AccessAttempt: _("Failed log-in attempts"),
            AccessFailureLog: _("Failed log-in"),
        }
        found = []
        for model, queryset in rows:
            for pk, at in queryset.order_by("attempt_time", "pk").values_list("pk", "attempt_time"):
                found.append(
                    Item(
                        key=_key(self.code, model, pk),
                        identifier=f"{model._meta.model_name} #{pk}",
                        title=str(titles[model]),
                        date=at,
                        model=model,
                        pk=pk,
                    )
                )
        return sorted(found, key=lambda i: (i.date, i.key))


class ExportKind(RecordKind):
    code = "export"
    service_wide = True
    county_wide = False

    def rows(self, county):
        return ExportJob.objects.filter(state__in=[ExportState.DONE, ExportState.FAILED])

    def due(self, county, cutoff):
        return (
            self.rows(county)
            .annotate(kept_from=Coalesce("finished_at", "requested_at"))
            .filter(kept_from__lt=cutoff)
        )

    def items(self, rows):
        return [
            Item(
                key=_key(self.code, ExportJob, job.pk),
                identifier=f"#{job.pk}",
                title=f"{job.kind} ({job.format})",
                date=job.kept_from,
                model=ExportJob,
                pk=job.pk,
            )
            for job in rows.order_by("kept_from", "pk")
        ]

    def remove(self, items):
        jobs = list(ExportJob.objects.filter(pk__in=[i.pk for i in items]))
        files = [(job.file.storage, job.file.name) for job in jobs if job.file]
        ExportJob.objects.filter(pk__in=[job.pk for job in jobs]).delete()
        return files


class DecidedKind(RecordKind):
    """Decided cases: in the schedule to say they are kept; nothing of it is ever due."""

    code = "decided"

    def rows(self, county):
        return Application.objects.filter(county=county, status__in=DECIDED)

    def due(self, county, cutoff):
        return Application.objects.none()

    def items(self, rows):
        return []


KINDS: dict[str, RecordKind] = {
    kind.code: kind
    for kind in (
        # Attachments before the applications they belong to: an attachment due on its own
        # goes as an attachment, the rest with its application.
        AttachmentKind(),
        DraftKind(),
        WithdrawnKind(),
        ReminderKind(),
        EmailKind(),
        LoginKind(),
        ExportKind(),
        DecidedKind(),
    )
}


def count_rows(rows) -> int:
    if isinstance(rows, list):
        return sum(queryset.count() for _model, queryset in rows)
    return rows.count()
