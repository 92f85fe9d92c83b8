"""A county's records of every class of the retention schedule, some old enough to go under
the service-wide rules (two years for applications and attachments and e-mail, one for
reminders), some not, a decided case and a draft under a legal hold."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from allocations.models import County, Organisation
from allocations.triggers import record_rewrite
from applications.models import (
    Application,
    Attachment,
    BudgetLine,
    CostKind,
    RegisterEntry,
    RegisterEntryKind,
    Status,
    StatusChange,
)
from reporting.models import (
    Deadline,
    DeadlineKind,
    LegalHold,
    MailKind,
    MailState,
    OutgoingEmail,
    Reminder,
    ReminderKind,
    ReminderState,
)
from tests.applications.factories import make_application
from tests.matrix_fixtures import user

COORDINATOR = "samordnare@jamtland.demo"
APPLICANT = "sokande@ostersund.demo"
# Named only in the old draft: gone from every table once it is disposed of.
GRETA = "Greta Gallringsdotter"
GRETA_MAIL = "greta.gallringsdotter@example.se"


def ago(**kw) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kw)


YEARS_3 = {"days": 3 * 366}
MONTH = {"days": 30}


def backdate(model, pk: int, **values) -> None:
    model._base_manager.filter(pk=pk).update(**values)


def attach(application: Application, name: str, *, uploaded) -> Attachment:
    attachment = Attachment(
        application=application,
        original_name=name,
        content_type="application/pdf",
        size=9,
        uploaded_by=application.created_by,
    )
    attachment.file.save(name, ContentFile(b"%PDF-1.7\n"), save=True)
    backdate(Attachment, attachment.pk, uploaded_at=uploaded)
    attachment.refresh_from_db()
    return attachment


@dataclass
class Records:
    county: County
    old_draft: Application
    new_draft: Application
    held_draft: Application
    old_withdrawn: Application
    registered_withdrawn: Application
    decided: Application
    hold: LegalHold
    old_attachment: Attachment  # of the old draft
    old_attachment_of_new_draft: Attachment
    new_attachment: Attachment
    held_attachment: Attachment
    old_reminder: Reminder
    new_reminder: Reminder
    old_email: OutgoingEmail
    new_email: OutgoingEmail
    files: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def records(seeded, open_call) -> Records:
    county = open_call.county
    applicant = user(APPLICANT)
    organisation = Organisation.objects.get(name="Östersunds kommun")

    def application(title: str, *, status=Status.DRAFT, changed, **kw) -> Application:
        created = make_application(
            open_call, organisation, applicant, title=title, status=status, **kw
        )
        backdate(Application, created.pk, updated_at=changed)
        created.refresh_from_db()
        return created

    old_draft = make_application(open_call, organisation, applicant, title="Gammalt utkast")
    # Saved twice, as the applicant's autosave does: each save is a history row with the name.
    old_draft.contact_name, old_draft.contact_email = GRETA, GRETA_MAIL
    old_draft.save()
    old_draft.description = "Ett utkast som aldrig lämnades in."
    old_draft.save()
    BudgetLine.objects.create(application=old_draft, cost_kind=CostKind.OTHER, amount=1000)
    backdate(Application, old_draft.pk, updated_at=ago(**YEARS_3))
    new_draft = application("Nytt utkast", changed=ago(**MONTH))
    held_draft = application("Utkast med spärr", changed=ago(**YEARS_3))
    old_withdrawn = application(
        "Återkallad", status=Status.WITHDRAWN, case_number="JH-2021-0001", changed=ago(**YEARS_3)
    )
    withdrawal = StatusChange.objects.create(
        application=old_withdrawn, from_status=Status.SUBMITTED, to_status=Status.WITHDRAWN
    )
    with record_rewrite(StatusChange):
        backdate(StatusChange, withdrawal.pk, at=ago(**YEARS_3))
    registered_withdrawn = application(
        "Återkallad och diarieförd",
        status=Status.WITHDRAWN,
        case_number="JH-2021-0002",
        changed=ago(**YEARS_3),
    )
    RegisterEntry.objects.create(
        county=county,
        case_number="JH-2021-0002",
        application=registered_withdrawn,
        kind=RegisterEntryKind.WITHDRAWAL,
    )
    decided = application(
        "Beviljad", status=Status.APPROVED, case_number="JH-2021-0003", changed=ago(**YEARS_3)
    )
    hold = LegalHold.objects.create(
        county=county,
        application=held_draft,
        reason="Begäran om allmän handling",
        placed_by=user(COORDINATOR),
    )

    old_attachment = attach(old_draft, "gammal.pdf", uploaded=ago(**YEARS_3))
    old_of_new = attach(new_draft, "gammal-i-nytt.pdf", uploaded=ago(**YEARS_3))
    new_attachment = attach(new_draft, "ny.pdf", uploaded=ago(**MONTH))
    held_attachment = attach(held_draft, "sparrad.pdf", uploaded=ago(**YEARS_3))

    deadline = Deadline.objects.create(
        county=county,
        kind=DeadlineKind.REPORT_BACK,
        title="Återrapportering",
        due_on=dt.date(2023, 3, 1),
    )

    def reminder(offset: int, sent, state=ReminderState.SENT) -> Reminder:
        made = Reminder.objects.create(
            deadline=deadline,
            recipient=applicant,
            kind=ReminderKind.REMINDER,
            offset_days=offset,
            due_on=deadline.due_on,
            state=state,
            sent_at=sent,
        )
        return made

    old_reminder = reminder(14, ago(days=400))
    new_reminder = reminder(7, ago(**MONTH))
    reminder(1, None, state=ReminderState.PENDING)

    def email(sent, state=MailState.SENT) -> OutgoingEmail:
        return OutgoingEmail.objects.create(
            kind=MailKind.RECEIPT,
            state=state,
            county=county,
            from_email="noreply@lansmedel.se",
            to=[APPLICANT],
            subject="Kvitto",
            body="Tack.",
            sent_at=sent,
        )

    old_email = email(ago(**YEARS_3))
    new_email = email(ago(**MONTH))
    email(None, state=MailState.FAILED)
    return Records(
        county=county,
        old_draft=old_draft,
        new_draft=new_draft,
        held_draft=held_draft,
        old_withdrawn=old_withdrawn,
        registered_withdrawn=registered_withdrawn,
        decided=decided,
        hold=hold,
        old_attachment=old_attachment,
        old_attachment_of_new_draft=old_of_new,
        new_attachment=new_attachment,
        held_attachment=held_attachment,
        old_reminder=old_reminder,
        new_reminder=new_reminder,
        old_email=old_email,
        new_email=new_email,
    )
