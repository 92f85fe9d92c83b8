"""The county's predefined reasons for rejection: the coordinator lists, adds, edits and
takes them out of use; a county without any is offered a few common ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from allocations.models import County
from applications.decisions.forms.meetings import RejectionReasonForm
from applications.decisions.permissions import decision_county
from applications.decisions.selectors.meetings import rejection_reasons_of_county
from applications.decisions.services.rejection_reasons import (
    rejection_reason_save,
    rejection_reason_set_active,
    rejection_reasons_add_defaults,
)
from applications.decisions.views.meetings import add_problems
from applications.errors import ApplicationError, ApplicationIncomplete
from applications.models import RejectionReason


def _reason(county: County, pk: int) -> RejectionReason:
    reason = rejection_reasons_of_county(county=county).filter(pk=pk).first()
    if reason is None:
        raise Http404
    return reason


def _page(request, county, *, new_form=None, edit_forms=None, status=200) -> HttpResponse:
    edit_forms = edit_forms or {}
    reasons = list(rejection_reasons_of_county(county=county))
    rows = [
        (
            reason,
            edit_forms.get(reason.pk)
            or RejectionReasonForm(prefix=f"r{reason.pk}", initial={"text": reason.text}),
        )
        for reason in reasons
    ]
    return render(
        request,
        "applications/decisions/reasons.html",
        {
            "county": county,
            "rows": rows,
            "new_form": new_form or RejectionReasonForm(prefix="new"),
            "open_reason": next(iter(edit_forms), None),
        },
        status=status,
    )


def _save(request, county, form, reason=None) -> bool:
    if not form.is_valid():
        return False
    try:
        rejection_reason_save(
            county=county, user=request.user, text=form.cleaned_data["text"], reason=reason
        )
    except ApplicationIncomplete as exc:
        add_problems(form, exc.problems)
        return False
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def reasons_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The list; a POST adds a reason."""
    county = decision_county(request, slug, coordinator=True)
    if request.method == "GET":
        return _page(request, county)
    form = RejectionReasonForm(request.POST, prefix="new")
    if _save(request, county, form):
        messages.success(request, _("The reason for rejection has been added."))
        return redirect("applications:rejection_reasons", slug=county.slug)
    return _page(request, county, new_form=form, status=400)


@login_required
@require_POST
def reason_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = decision_county(request, slug, coordinator=True)
    reason = _reason(county, pk)
    form = RejectionReasonForm(request.POST, prefix=f"r{reason.pk}")
    if _save(request, county, form, reason):
        messages.success(request, _("The reason for rejection has been saved."))
        return redirect("applications:rejection_reasons", slug=county.slug)
    return _page(request, county, edit_forms={reason.pk: form}, status=400)


@login_required
@require_POST
def reason_active_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take the reason out of use, or back into use (`active` = "1")."""
    county = decision_county(request, slug, coordinator=True)
    reason = _reason(county, pk)
    active = request.POST.get("active") == "1"
    try:
        rejection_reason_set_active(reason=reason, user=request.user, active=active)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The reason is in use again.") if active else _("The reason is no longer offered."),
        )
    return redirect("applications:rejection_reasons", slug=county.slug)


@login_required
@require_POST
def reasons_defaults_view(request: HttpRequest, slug: str) -> HttpResponse:
    county = decision_county(request, slug, coordinator=True)
    try:
        added = rejection_reasons_add_defaults(county=county, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if added:
            messages.success(request, _("Common reasons have been added; edit them as needed."))
        else:
            messages.info(request, _("The county already has reasons for rejection."))
    return redirect("applications:rejection_reasons", slug=county.slug)
