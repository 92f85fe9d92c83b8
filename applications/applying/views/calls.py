"""Calls: applicants see and answer open calls; the coordinator opens and edits them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import (
    agreement_latest,
    county_for_coordinator,
)
from allocations.models import Organisation
from applications.applying.forms import CallForm
from applications.applying.permissions import applicant_organisation_ids
from applications.applying.selectors import (
    call_for_applicant,
    call_with_details,
    calls_of_county,
    calls_open_for_applicant,
    coordinators_to_ask,
)
from applications.applying.services import application_start, call_save
from applications.applying.services import call_publish as call_publish_service
from applications.errors import ApplicationError
from applications.models import Call


@login_required
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "applications/call_list.html",
        {"calls": calls_open_for_applicant(user=request.user)},
    )


@login_required
@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        call = call_with_details(call=call_for_applicant(user=request.user, pk=pk))
    except Http404:
        return not_registered_page(request)
    organisations = Organisation.objects.filter(
        pk__in=applicant_organisation_ids(request.user), county=call.county
    )
    criteria = [c for c in call.county.criteria.all() if c.agreement_id == call.agreement_id]
    return render(
        request,
        "applications/call_detail.html",
        {"call": call, "organisations": organisations, "criteria": criteria},
    )


def not_registered_page(request: HttpRequest) -> HttpResponse:
    """Why the user cannot apply and whom to ask: the coordinators of the counties the user
    already holds a role in, nothing of any other county (the same page whether the call
    exists or not)."""
    return render(
        request,
        "applications/not_registered.html",
        {"coordinators": coordinators_to_ask(user=request.user)},
        status=404,
    )


@login_required
@require_POST
def application_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        call = call_for_applicant(user=request.user, pk=pk)
    except Http404:
        return not_registered_page(request)
    if not applicant_organisation_ids(request.user) & set(
        call.county.organisations.values_list("pk", flat=True)
    ):
        return not_registered_page(request)
    chosen = request.POST.get("organisation", "")
    organisation = (
        Organisation.objects.filter(pk=int(chosen), county=call.county).first()
        if chosen.isdigit() and len(chosen) < 10
        else None
    )
    if organisation is None:
        raise Http404
    try:
        application = application_start(call=call, organisation=organisation, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("applications:call_detail", pk=pk)
    return redirect("applications:application_edit", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    call = get_object_or_404(Call, pk=pk, county=county) if pk else None
    agreement = call.agreement if call else agreement_latest()
    if agreement is None:
        raise Http404
    initial = {}
    if call:
        initial["need_areas"] = "\n".join(
            f"{n.focus_area.number}: {n.text}" for n in call.need_areas.select_related("focus_area")
        )
    form = CallForm(request.POST or None, instance=call, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = call_save(
                call=call,
                county=county,
                agreement=agreement,
                fields={
                    name: data[name]
                    for name in [
                        "title",
                        "opens_at",
                        "closes_at",
                        "min_amount",
                        "max_amount",
                        "template_text",
                        "is_draft",
                    ]
                },
                focus_areas=list(data["focus_areas"]),
                sub_areas=list(data["sub_areas"]),
                need_areas=data["need_area_rows"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The call has been saved."))
            return redirect("applications:county_applications", slug=county.slug)
    return render(
        request,
        "applications/call_form.html",
        {
            "form": form,
            "county": county,
            "call": call,
            "calls": calls_of_county(county=county, with_drafts=True),
        },
    )


@login_required
@require_POST
def call_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The coordinator publishes a draft call: the county's applicants see it from now on."""
    county = county_for_coordinator(user=request.user, slug=slug)
    call = get_object_or_404(Call, pk=pk, county=county)
    try:
        call_publish_service(call=call)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The call %(title)s is published.") % {"title": call.title})
    return redirect(_back_to(request, county))


def _back_to(request: HttpRequest, county) -> str:
    """Where the publish button was pressed (the checklist or the call list)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("applications:county_applications", args=[county.slug])
