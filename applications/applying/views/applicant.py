# ruff: noqa: E501 - user-facing sentences are kept whole for translators
"""The applicant's pages: my applications, edit with autosave, submit, withdraw, versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import user_has_role
from allocations.models import Role
from allocations.money import format_kronor
from applications.applying.drafting import (
    NotEditable,
    bound_forms,
    budget_unreadable_message,
    draft_differences,
    draft_post,
    has_stash,
    login_required_keeping_post,
    pop_stash,
)
from applications.applying.forms import CompletionRequestForm, WithdrawForm
from applications.applying.permissions import (
    is_applicant_of,
    is_staff_of,
    may_edit,
    may_request_completion,
    may_withdraw,
)
from applications.applying.selectors import (
    applicant_scope,
    application_for_user,
    application_row_for_user,
    application_with_content,
    applications_of_user,
    calls_open_for_applicant,
)
from applications.applying.services import DraftConflict, application_withdraw
from applications.applying.versions import diff, snapshot
from applications.casenotes.forms import CaseNoteForm
from applications.casenotes.permissions import may_keep_notes
from applications.casenotes.selectors import case_notes_of
from applications.decisions.selectors.meetings import released_decision
from applications.errors import ApplicationError, ApplicationIncomplete
from applications.grants.interventions import intervention_history
from applications.register.selectors.audit import application_audit
from applications.review.forms.assessment import FormalCheckForm
from applications.review.permissions import may_formal_check
from config.data_version import county_version, fragment_key


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = applicant_scope(user=user)
    counties = scope.county_ids
    return render(
        request,
        "applications/my_applications.html",
        {
            # Both read only when the cached page part is missing or older than the data.
            "applications": SimpleLazyObject(lambda: applications_of_user(user=user)),
            "calls": calls_open_for_applicant(user=user),
            # The page may span counties: the first is the key's county, the others'
            # versions are parts of it (the version of None moves only with writes no county
            # is named for). The open calls are named: they change with the clock too. The
            # organisations' drafts have versions of their own.
            "part_key": fragment_key(
                counties[0] if counties else None,
                user.pk,
                scope.organisation_ids,
                scope.open_call_ids,
                *(county_version(county) for county in counties[1:]),
                drafts_of=scope.organisation_ids,
            ),
        },
    )


def detail_context(request: HttpRequest, application, **forms) -> dict:
    """The detail page's context. Its content (`shown`: the application with its lines,
    attachments and history; the decision; the change log) is read only when the cached part
    is missing or older than the county's data; the forms stay outside that part."""
    applicant = is_applicant_of(request.user, application)
    can_edit = may_edit(request.user, application)
    internal = is_staff_of(request.user, application)
    show_ip = user_has_role(user=request.user, county=application.county, roles={Role.COORDINATOR})
    keeps_notes = may_keep_notes(request.user, application)
    return {
        "application": application,
        "shown": SimpleLazyObject(lambda: application_with_content(application)),
        "is_applicant": applicant,
        "can_edit": can_edit,
        "can_withdraw": may_withdraw(request.user, application),
        "can_request_completion": may_request_completion(request.user, application),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "completion_form": forms.get("completion_form") or CompletionRequestForm(),
        "can_formal_check": may_formal_check(request.user, application),
        "formal_check_form": forms.get("formal_check_form") or FormalCheckForm(),
        "released": SimpleLazyObject(lambda: released_decision(application=application)),
        "intervention": SimpleLazyObject(lambda: intervention_history(application=application)),
        "audit_entries": SimpleLazyObject(
            lambda: application_audit(application=application, internal=internal)
        ),
        "audit_show_ip": show_ip,
        # Internal case notes: outside the cached part, never for the applicant.
        "can_keep_notes": keeps_notes,
        "case_notes": case_notes_of(application=application) if keeps_notes else (),
        "case_note_form": forms.get("case_note_form") or CaseNoteForm(),
        # The cached part shows the Edit button, the staff's change log and the IP addresses
        # by these flags; nothing else in it depends on the viewer.
        "part_key": fragment_key(
            application.county_id,
            application.pk,
            can_edit,
            internal,
            show_ip,
            drafts_of=[application.organisation_id],
        ),
    }


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The application's own row: what the page shows of it beyond that is read only when the
    # cached part must be rendered (detail_context).
    application = application_row_for_user(user=request.user, pk=pk)
    return render(request, "applications/detail.html", detail_context(request, application))


def _add_problems(form, formset_errors: list, problems: dict[str, list[str]]) -> None:
    for field, messages_ in problems.items():
        for message in messages_:
            if field and field in form.fields:
                form.add_error(field, message)
            else:
                formset_errors.append(message)


def _edit_page(request: HttpRequest, application, form, formset, **extra) -> HttpResponse:
    general_errors = extra.pop("general_errors", [])
    if getattr(formset, "unreadable", False):
        general_errors.append(budget_unreadable_message())
    context = {
        "application": application,
        "form": form,
        "formset": formset,
        "general_errors": general_errors,
        "budget_total": application.budget_total,
        "revision": application.revision,
        **extra,
    }
    status = 409 if extra.get("conflict") else 200
    return render(request, "applications/edit.html", context, status=status)


def edit_page_as_stored(request: HttpRequest, application, **extra) -> HttpResponse:
    """The edit page with the draft as stored (kept input included), e.g. beside a refused
    attachment whose message `extra` carries."""
    form, formset = bound_forms(application, None)
    response = _edit_page(request, application, form, formset, **extra)
    response.status_code = 400
    return response


def _conflict_page(request: HttpRequest, exc: DraftConflict, form, formset) -> HttpResponse:
    """This page's input in the fields, what is stored beside it field by field, and the
    stored revision in the form: saving again keeps this page's text on purpose."""
    form.is_valid()
    messages.warning(request, exc.message)
    return _edit_page(
        request,
        exc.current,
        form,
        formset,
        conflict=exc.differences
        if exc.differences is not None
        else draft_differences(form=form, formset=formset, current=exc.current),
    )


@login_required_keeping_post
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET" and not has_stash(request):
        # The row only: the form page reads the attachments and completion requests it
        # shows when it is rendered.
        application = application_row_for_user(user=request.user, pk=pk)
        if not may_edit(request.user, application):
            return _not_editable(request, application)
        form, formset = bound_forms(application, None)
        return _edit_page(request, application, form, formset)
    data = request.POST if request.method == "POST" else pop_stash(request)
    submit = "submit" in request.POST
    try:
        posted = draft_post(user=request.user, pk=pk, data=data, submit=submit)
    except NotEditable as exc:
        return _not_editable(request, exc.application)
    if posted.conflict is not None:
        return _conflict_page(request, posted.conflict, posted.form, posted.formset)
    application, form, formset = posted.application, posted.form, posted.formset
    general_errors: list[str] = []
    if request.method == "GET":
        messages.warning(
            request,
            _(
                "You were logged out. What you typed has been saved as a draft; check it and continue."
            ),
        )
    elif posted.submitted:
        messages.success(
            request,
            _("The application has been submitted. Case number: %(number)s.")
            % {"number": application.case_number},
        )
        return redirect("applications:application_detail", pk=pk)
    elif isinstance(posted.refusal, ApplicationIncomplete):
        _add_problems(form, general_errors, posted.refusal.problems)
        messages.error(request, posted.refusal.message)
    elif posted.refusal is not None:
        messages.error(request, posted.refusal.message)
    elif submit:
        messages.error(request, _("Correct the marked fields before submitting."))
    elif posted.everything:
        messages.success(request, _("The draft has been saved."))
        return redirect("applications:application_edit", pk=pk)
    else:
        messages.warning(request, _("The draft has been saved, but some fields need correcting."))
    return _edit_page(request, application, form, formset, general_errors=general_errors)


def _not_editable(request: HttpRequest, application) -> HttpResponse:
    if is_applicant_of(request.user, application):
        messages.info(
            request, _("The application has been submitted and can no longer be changed.")
        )
        return redirect("applications:application_detail", pk=application.pk)
    raise PermissionDenied


@require_POST
def application_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves the form while the applicant types (called by static/js/application-form.js).
    Answers the draft's new revision, which the page sends with its next save; a stale one
    is answered 409 with `conflict` and nothing is written."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {
                "error": _(
                    "You have been logged out. Save the form to log in again; nothing is lost."
                )
            },
            status=401,
        )
    try:
        posted = draft_post(user=request.user, pk=pk, data=request.POST)
    except NotEditable as exc:
        return JsonResponse({"error": exc.message}, status=409)
    if posted.conflict is not None:
        return JsonResponse(
            {
                "conflict": True,
                "error": posted.conflict.message,
                "fields": [d.label for d in posted.conflict.differences],
            },
            status=409,
        )
    return JsonResponse(
        {
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "complete": posted.everything,
            "budget_total": format_kronor(posted.application.budget_total),
            "revision": posted.application.revision,
        }
    )


@login_required
@require_POST
def application_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_user(user=request.user, pk=pk)
    if not is_applicant_of(request.user, application):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        context = detail_context(request, application, withdraw_form=form)
        return render(request, "applications/detail.html", context, status=400)
    try:
        application_withdraw(
            application=application, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        form.add_error("reason", exc.message)
        context = detail_context(request, application, withdraw_form=form)
        return render(request, "applications/detail.html", context, status=400)
    else:
        messages.success(request, _("The application has been withdrawn."))
    return redirect("applications:application_detail", pk=pk)


@login_required
@require_GET
def application_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every submitted version, each with what changed since the one before."""
    application = application_for_user(user=request.user, pk=pk)
    versions = list(application.versions.all())
    rows = []
    previous: dict = {}
    for version in versions:
        rows.append(
            {"version": version, "changes": diff(previous, version.data) if previous else []}
        )
        previous = version.data
    current_changes = (
        diff(versions[-1].data, snapshot(application))
        if versions and application.is_editable_by_applicant
        else []
    )
    return render(
        request,
        "applications/versions.html",
        {"application": application, "rows": rows, "current_changes": current_changes},
    )
