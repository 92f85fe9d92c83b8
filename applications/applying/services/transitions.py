# ruff: noqa: E501 - user-facing sentences are kept whole for translators
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from allocations.models import Role
from applications.applying.permissions import is_applicant_of, roles_in_county
from applications.applying.services.drafts import DraftConflict, prime_write_parts, with_write_parts
from applications.applying.services.numbering import case_number_allocate
from applications.applying.validation import submission_problems
from applications.applying.versions import snapshot
from applications.errors import ApplicationIncomplete, TransitionRefused
from applications.models import (
    TRANSITIONS,
    Application,
    ApplicationVersion,
    CompletionRequest,
    RegisterEntry,
    RegisterEntryKind,
    Status,
    StatusChange,
)
from reporting.messaging.outbox import enqueue


def _acting_roles(user: AbstractBaseUser, application: Application) -> set[Role]:
    roles = set(roles_in_county(user, application.county_id)) - {Role.APPLICANT}
    if is_applicant_of(user, application):
        roles.add(Role.APPLICANT)
    return roles


def _refuse_unless_allowed(*, application: Application, to: Status, by: AbstractBaseUser) -> None:
    frm = Status(application.status)
    allowed = TRANSITIONS.get((frm, to))
    if allowed is None:
        raise TransitionRefused(
            _("An application that is “%(from)s” cannot become “%(to)s”.")
            % {"from": frm.label, "to": to.label}
        )
    if not (allowed & _acting_roles(by, application)):
        raise TransitionRefused(_("Your role does not allow this step."))


def transition(
    *,
    application: Application,
    to: Status,
    by: AbstractBaseUser,
    comment: str = "",
    also: list[str] | None = None,
) -> Application:
    """Move a locked application to `to` if the table allows it for the user's role; the
    fields named in `also` (set by the caller) are stored in the same write."""
    frm = Status(application.status)
    _refuse_unless_allowed(application=application, to=to, by=by)
    application.status = to
    application.save(update_fields=["status", "updated_at", *(also or [])])
    StatusChange.objects.create(
        application=application, by=by, from_status=frm, to_status=to, comment=comment
    )
    return application


def _locked(application: Application) -> Application:
    """The application, its row locked for the transition. Only its own row: the call's and
    county's are share-locked by every new draft's foreign keys, and locking them too made
    concurrent submissions and new drafts deadlock."""
    return prime_write_parts(
        with_write_parts(
            Application.objects.select_for_update(of=("self",)).select_related(
                "call__agreement", "county", "organisation"
            )
        ).get(pk=application.pk)
    )


def _freeze(application: Application, user: AbstractBaseUser) -> ApplicationVersion:
    count = getattr(application, "version_count", None)
    number = (application.versions.count() if count is None else count) + 1
    return ApplicationVersion.objects.create(
        application=application, number=number, created_by=user, data=snapshot(application)
    )


def application_submit(
    *,
    application: Application,
    user: AbstractBaseUser,
    now: datetime | None = None,
    revision: int | None = None,
) -> Application:
    """Submit a draft: complete, before the call closes. Gives the case number, freezes
    version 1, registers the application and, after commit, e-mails a receipt and tells the
    county's coordinators.
    With `revision`, a draft saved elsewhere since that revision is refused (DraftConflict)."""
    with transaction.atomic():
        return submit_locked(
            application=_locked(application), user=user, now=now, revision=revision
        )


def submit_locked(
    *,
    application: Application,
    user: AbstractBaseUser,
    now: datetime | None = None,
    revision: int | None = None,
) -> Application:
    """`application_submit` of an application whose row the caller's transaction holds
    locked, read with its parts (`application_locked_for_user`). Every refusal is raised
    before anything is written, so the caller may go on with its transaction."""
    from applications.applying.tasks import application_receipt_send, submitted_notify_send

    now = now or timezone.now()
    if revision is not None and revision != application.revision:
        raise DraftConflict(application)
    if application.status == Status.COMPLETION_REQUESTED:
        return _resubmit_locked(application=application, user=user)
    if application.status != Status.DRAFT:
        raise TransitionRefused(_("The application has already been submitted."))
    if now >= application.call.closes_at:
        raise TransitionRefused(
            _("The call closed %(closed)s. The draft is kept, but it can no longer be submitted.")
            % {"closed": timezone.localtime(application.call.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
    problems = submission_problems(application)
    if problems:
        raise ApplicationIncomplete(problems)
    _refuse_unless_allowed(application=application, to=Status.SUBMITTED, by=user)
    application.case_number = case_number_allocate(
        county=application.county, year=application.call.agreement.year
    )
    application.submitted_at = now
    application.draft_data = {}
    # The status and the case number in one write (and one row of the audit trail).
    transition(
        application=application,
        to=Status.SUBMITTED,
        by=user,
        also=["case_number", "submitted_at", "draft_data"],
    )
    _freeze(application, user)
    RegisterEntry.objects.create(
        county=application.county,
        case_number=application.case_number,
        application=application,
        kind=RegisterEntryKind.APPLICATION,
        sender=application.organisation.name,
        description=application.title,
    )
    enqueue(application_receipt_send, application.pk)
    enqueue(submitted_notify_send, application.pk, 1)
    return application


def application_resubmit(*, application: Application, user: AbstractBaseUser) -> Application:
    """Hand in a completion: complete again, a new version, registered, request answered."""
    with transaction.atomic():
        return _resubmit_locked(application=_locked(application), user=user)


def _resubmit_locked(*, application: Application, user: AbstractBaseUser) -> Application:
    from applications.applying.tasks import application_receipt_send, submitted_notify_send

    if application.status != Status.COMPLETION_REQUESTED:
        raise TransitionRefused(_("No completion has been asked for."))
    problems = submission_problems(application)
    if problems:
        raise ApplicationIncomplete(problems)
    application.draft_data = {}
    transition(application=application, to=Status.RESUBMITTED, by=user, also=["draft_data"])
    version = _freeze(application, user)
    application.completion_requests.filter(answered_at__isnull=True).update(
        answered_at=timezone.now()
    )
    RegisterEntry.objects.create(
        county=application.county,
        case_number=application.case_number,
        application=application,
        kind=RegisterEntryKind.COMPLETION,
        sender=application.organisation.name,
        description=_("Version %(number)s") % {"number": version.number},
    )
    enqueue(application_receipt_send, application.pk)
    enqueue(submitted_notify_send, application.pk, version.number)
    return application


def completion_request(
    *, application: Application, user: AbstractBaseUser, message: str, due_date: date
) -> CompletionRequest:
    """Ask the applicant to complete: the application opens for editing until resubmitted."""
    from applications.applying.tasks import completion_request_notify

    with transaction.atomic():
        application = _locked(application)
        if due_date < timezone.localdate():
            raise TransitionRefused(_("The due date has already passed."))
        transition(
            application=application, to=Status.COMPLETION_REQUESTED, by=user, comment=message
        )
        request = CompletionRequest.objects.create(
            application=application, requested_by=user, message=message, due_date=due_date
        )
        RegisterEntry.objects.create(
            county=application.county,
            case_number=application.case_number,
            application=application,
            kind=RegisterEntryKind.COMPLETION_REQUEST,
            sender=application.county.administering_organisation or application.county.name,
            officer=user,
            description=message[:500],
        )
        enqueue(completion_request_notify, request.pk)
    return request


def application_withdraw(
    *, application: Application, user: AbstractBaseUser, reason: str
) -> Application:
    """The applicant withdraws a submitted application before it is decided."""
    if not reason.strip():
        raise TransitionRefused(_("Give a reason for the withdrawal."))
    with transaction.atomic():
        application = _locked(application)
        transition(application=application, to=Status.WITHDRAWN, by=user, comment=reason)
        application.withdrawal_reason = reason
        application.save(update_fields=["withdrawal_reason", "updated_at"])
        RegisterEntry.objects.create(
            county=application.county,
            case_number=application.case_number or "",
            application=application,
            kind=RegisterEntryKind.WITHDRAWAL,
            sender=application.organisation.name,
            description=reason[:500],
        )
    return application
