"""Pages for the county's coordinator, review group and forum."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from allocations.agreements.selectors import county_for_user, user_has_role
from allocations.models import Role
from applications.applying.forms import CompletionRequestForm
from applications.applying.permissions import may_request_completion
from applications.applying.selectors import (
    application_for_user,
    applications_of_county,
    calls_of_county,
)
from applications.applying.services import completion_request
from applications.applying.views.applicant import detail_context
from applications.errors import ApplicationError


@login_required
@require_GET
def county_applications(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_user(user=request.user, slug=slug)
    staff = {Role.COORDINATOR, Role.REVIEWER, Role.FORUM}
    if not user_has_role(user=request.user, county=county, roles=staff):
        raise PermissionDenied
    is_coordinator = user_has_role(user=request.user, county=county, roles={Role.COORDINATOR})
    return render(
        request,
        "applications/county_applications.html",
        {
            "county": county,
            "applications": applications_of_county(county=county),
            "calls": calls_of_county(county=county, with_drafts=is_coordinator),
            "is_coordinator": is_coordinator,
        },
    )


@login_required
@require_POST
def completion_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_user(user=request.user, pk=pk)
    if not may_request_completion(request.user, application):
        raise PermissionDenied
    form = CompletionRequestForm(request.POST)
    if form.is_valid():
        try:
            completion_request(application=application, user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error("due_date", exc.message)
        else:
            messages.success(
                request, _("The applicant has been asked to complete the application.")
            )
            return redirect("applications:application_detail", pk=pk)
    context = detail_context(request, application, completion_form=form)
    return render(request, "applications/detail.html", context, status=400)
