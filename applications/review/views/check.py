"""The coordinator's formal check of a submitted application (on its detail page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from applications.applying.permissions import may_open_in_review
from applications.applying.selectors import application_for_user
from applications.applying.views.applicant import detail_context
from applications.errors import ApplicationError
from applications.models import FormalCheckOutcome
from applications.review.forms.assessment import FormalCheckForm
from applications.review.permissions import may_formal_check
from applications.review.services import formal_check_record

DONE = {
    FormalCheckOutcome.PASSED: _("The application has passed the formal check and is in review."),
    FormalCheckOutcome.COMPLETION: _("The applicant has been asked to complete the application."),
    FormalCheckOutcome.INELIGIBLE: _("The application has been rejected as ineligible."),
}


@login_required
@require_POST
def formal_check(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_user(user=request.user, pk=pk, allow=may_open_in_review)
    if not may_formal_check(request.user, application):
        raise PermissionDenied
    form = FormalCheckForm(request.POST)
    if form.is_valid():
        outcome = FormalCheckOutcome(form.cleaned_data["outcome"])
        try:
            formal_check_record(
                application=application,
                user=request.user,
                outcome=outcome,
                reason=form.cleaned_data["reason"],
                due_date=form.cleaned_data["due_date"]
                if outcome == FormalCheckOutcome.COMPLETION
                else None,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, str(DONE[outcome]))
            return redirect("applications:application_detail", pk=pk)
    context = detail_context(request, application, formal_check_form=form)
    return render(request, "applications/detail.html", context, status=400)
