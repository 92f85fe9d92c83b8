"""What each record class of the schedule is in the tables: which rows belong to it, from which
date its time runs, what keeps a row whatever the schedule says, and how a row is removed.

A row is never disposed of while a hold covers it, while another kept record points at it (a
PROTECT reference: the register, a case note, a grant, a decision, a generated document; a
request for public records naming it) or when its case has been decided. Removing a row
removes its history rows (the audit trail's copies of it) too; its files are named so that
the caller deletes them after commit.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models
from django.db.models import Max, Q, QuerySet
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications.models import Application, Attachment, Status
from applications.models.status import DECIDED
from reporting.models import (
    ExportJob,
    ExportState,
    MailState,
    OutgoingEmail,
    Reminder,
    ReminderState,
)
from reporting.retention.kinds import (
    Item,
    RecordKind,
    application_identifier,
    delete_with_history,
    held_application_ids,
    item_key,
    keeping_relations,
)


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
                key=item_key(self.code, Application, a.pk),
                identifier=application_identifier(a.case_number, a.pk),
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
        for relation in keeping_relations(Application):
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
        return delete_with_history(applications)


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
                key=item_key(self.code, Attachment, a.pk),
                identifier=(
                    f"{application_identifier(a.application.case_number, a.application_id)}/#{a.pk}"
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
                key=item_key(self.code, Reminder, r.pk),
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
                key=item_key(self.code, OutgoingEmail, e.pk),
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
                        key=item_key(self.code, model, pk),
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
                key=item_key(self.code, ExportJob, job.pk),
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
