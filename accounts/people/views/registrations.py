"""Organisations asking to be registered in a county, and the coordinator deciding."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.people.forms import (
    OrganisationRegistrationForm,
    RegistrationDecisionForm,
)
from accounts.people.selectors import (
    organisation_registrations,
    registration_in_county,
)
from accounts.people.services import (
    APPROVE,
    PeopleError,
    organisation_registration_decide,
    organisation_registration_submit,
)
from accounts.people.views.common import base_url
from allocations.agreements.selectors import county_for_coordinator


@require_http_methods(["GET", "POST"])
def organisation_register(request: HttpRequest) -> HttpResponse:
    """Open to anyone: an organisation asks the county's coordinator to be registered."""
    form = OrganisationRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = organisation_registration_submit(**form.cleaned_data)
        except PeopleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return render(
                request,
                "account/people/organisation_register_thanks.html",
                {"registration": registration},
            )
    return render(
        request,
        "account/people/organisation_register.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def organisation_registrations_list(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "account/people/organisation_registrations.html",
        {"county": county, "page": organisation_registrations(county=county)},
    )


@login_required
@require_POST
def organisation_registration_decide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    registration = registration_in_county(county=county, pk=pk)
    if registration is None:
        raise Http404
    form = RegistrationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve or reject the request."))
        return redirect("organisation_registrations", slug=county.slug)
    decision = form.cleaned_data["decision"]
    try:
        organisation_registration_decide(
            registration=registration,
            decision=decision,
            by=request.user,
            base_url=base_url(request),
        )
    except PeopleError as exc:
        messages.error(request, exc.message)
    else:
        if decision == APPROVE:
            text = _(
                "%(name)s is registered in the county, and %(email)s was invited as its applicant."
            )
        else:
            text = _("The request of %(name)s was rejected.")
        messages.success(
            request, text % {"name": registration.name, "email": registration.contact_email}
        )
    return redirect("organisation_registrations", slug=county.slug)
