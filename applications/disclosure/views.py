"""The coordinator's pages for requests for public records: the county's overview,
registering a request, its records with their maskings, delivery, and the two PDFs; and
the grounds for secrecy, kept by the national administrators and read by coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import require_national_administrator
from applications.disclosure.forms import DeliveryForm, GroundForm, MaskingForm, RequestForm
from applications.disclosure.permissions import disclosure_county
from applications.disclosure.selectors import (
    PROMPT_DAYS,
    ground_get,
    grounds_listed,
    maskable_parts,
    request_events,
    request_get,
    request_records,
    request_review,
    requests_of_county,
)
from applications.disclosure.services import (
    DisclosureError,
    ground_create,
    ground_deactivate,
    ground_delete,
    ground_update,
    masking_add,
    masking_remove,
    request_deliver,
    request_documents_make,
    request_gather,
    request_register,
)
from applications.models import Masking, RequestState


def _refusal_on(form, error: DisclosureError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def requests_overview(request: HttpRequest, slug: str) -> HttpResponse:
    county = disclosure_county(request, slug)
    return render(
        request,
        "applications/disclosure/overview.html",
        {"county": county, "rows": requests_of_county(county=county), "prompt_days": PROMPT_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, slug: str) -> HttpResponse:
    county = disclosure_county(request, slug)
    form = RequestForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = request_register(
                county=county,
                by=request.user,
                received_on=data["received_on"],
                cases=form.cases,
                requester_name=data["requester_name"],
                requester_contact=data["requester_contact"],
                search_text=data["search_text"],
            )
        except DisclosureError as error:
            _refusal_on(form, error)
        else:
            messages.success(request, _("The request has been registered."))
            return redirect("applications:disclosure_request", slug=county.slug, pk=created.pk)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "applications/disclosure/create.html",
        {"county": county, "form": form},
        status=status,
    )


def _detail(request: HttpRequest, county, disclosure, *, masking_form=None, delivery_form=None):
    review = request_review(request=disclosure)
    under_review = disclosure.state == RequestState.UNDER_REVIEW
    bound = masking_form is not None or delivery_form is not None
    context = {
        "county": county,
        "disclosure": disclosure,
        "records": review.records,
        "maskings": review.maskings,
        "events": request_events(request=disclosure),
        "under_review": under_review,
        "masking_form": masking_form or MaskingForm(parts=review.parts),
        "delivery_form": delivery_form or DeliveryForm(),
    }
    return render(
        request, "applications/disclosure/detail.html", context, status=400 if bound else 200
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = disclosure_county(request, slug)
    return _detail(request, county, request_get(county=county, pk=pk))


def _step(request: HttpRequest, slug: str, pk: int, service, done: str) -> HttpResponse:
    """A step of the whole request: done, or refused with the reason at the top."""
    county = disclosure_county(request, slug)
    disclosure = request_get(county=county, pk=pk)
    try:
        service(request=disclosure, by=request.user)
    except DisclosureError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("applications:disclosure_request", slug=county.slug, pk=disclosure.pk)


@login_required
@require_POST
def request_gather_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(request, slug, pk, request_gather, _("The records have been gathered."))


@login_required
@require_POST
def request_documents_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _step(
        request, slug, pk, request_documents_make, _("The documents have been made as drafts.")
    )


@login_required
@require_POST
def masking_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = disclosure_county(request, slug)
    disclosure = request_get(county=county, pk=pk)
    parts = maskable_parts(request_records(request=disclosure, maskings=[]))
    form = MaskingForm(request.POST, parts=parts)
    if form.is_valid():
        try:
            masking_add(request=disclosure, by=request.user, **form.cleaned_data)
        except DisclosureError as error:
            _refusal_on(form, error)
        else:
            messages.success(request, _("The passage has been masked."))
            return redirect("applications:disclosure_request", slug=county.slug, pk=disclosure.pk)
    return _detail(request, county, disclosure, masking_form=form)


@login_required
@require_POST
def masking_remove_view(request: HttpRequest, slug: str, pk: int, masking_pk: int):
    county = disclosure_county(request, slug)
    disclosure = request_get(county=county, pk=pk)
    masking = get_object_or_404(Masking, request=disclosure, pk=masking_pk)
    try:
        masking_remove(request=disclosure, masking=masking, by=request.user)
    except DisclosureError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The masking has been removed."))
    return redirect("applications:disclosure_request", slug=county.slug, pk=disclosure.pk)


@login_required
@require_POST
def request_deliver_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = disclosure_county(request, slug)
    disclosure = request_get(county=county, pk=pk)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            request_deliver(request=disclosure, by=request.user, **form.cleaned_data)
        except DisclosureError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect(
                    "applications:disclosure_request", slug=county.slug, pk=disclosure.pk
                )
            _refusal_on(form, error)
        else:
            messages.success(request, _("The delivery has been recorded."))
            return redirect("applications:disclosure_request", slug=county.slug, pk=disclosure.pk)
    return _detail(request, county, disclosure, delivery_form=form)


def _download(file_field, name: str) -> FileResponse:
    if not file_field:
        raise Http404
    response = FileResponse(file_field.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def masked_copy_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    county = disclosure_county(request, slug)
    disclosure = request_get(county=county, pk=pk)
    return _download(disclosure.masked_copy, f"kopia-begaran-{disclosure.pk}.pdf")


@login_required
@require_GET
def withholding_decision_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    county = disclosure_county(request, slug)
    disclosure = request_get(county=county, pk=pk)
    return _download(disclosure.withholding_decision, f"beslut-begaran-{disclosure.pk}.pdf")


# --- the grounds for secrecy ----------------------------------------------------------------


@login_required
@require_GET
def grounds_county(request: HttpRequest, slug: str) -> HttpResponse:
    """The grounds, read-only, for the coordinator choosing one."""
    county = disclosure_county(request, slug)
    return render(
        request,
        "applications/disclosure/grounds_county.html",
        {"county": county, "grounds": grounds_listed()},
    )


@login_required
@require_GET
def grounds_national(request: HttpRequest) -> HttpResponse:
    require_national_administrator(user=request.user)
    return render(
        request, "applications/disclosure/grounds_national.html", {"grounds": grounds_listed()}
    )


def _ground_form_page(request: HttpRequest, form: GroundForm, ground=None) -> HttpResponse:
    return render(
        request,
        "applications/disclosure/ground_form.html",
        {"form": form, "ground": ground},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ground_create_view(request: HttpRequest) -> HttpResponse:
    require_national_administrator(user=request.user)
    form = GroundForm(request.POST if request.method == "POST" else None, with_active=False)
    if request.method == "POST" and form.is_valid():
        try:
            ground = ground_create(**form.cleaned_data, by=request.user)
        except DisclosureError as error:
            _refusal_on(form, error)
        else:
            messages.success(request, _("%(code)s has been added.") % {"code": ground.code})
            return redirect("applications:disclosure_grounds")
    return _ground_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def ground_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_national_administrator(user=request.user)
    ground = ground_get(pk=pk)
    form = GroundForm(
        request.POST if request.method == "POST" else None, initial=GroundForm.initial_of(ground)
    )
    if request.method == "POST" and form.is_valid():
        try:
            ground_update(ground=ground, **form.cleaned_data, by=request.user)
        except DisclosureError as error:
            _refusal_on(form, error)
        else:
            messages.success(request, _("%(code)s has been saved.") % {"code": ground.code})
            return redirect("applications:disclosure_grounds")
    return _ground_form_page(request, form, ground)


@login_required
@require_POST
def ground_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_national_administrator(user=request.user)
    ground = ground_deactivate(ground=ground_get(pk=pk), by=request.user)
    messages.success(
        request, _("%(code)s is no longer offered for new maskings.") % {"code": ground.code}
    )
    return redirect("applications:disclosure_grounds")


@login_required
@require_POST
def ground_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_national_administrator(user=request.user)
    ground = ground_get(pk=pk)
    try:
        ground_delete(ground=ground, by=request.user)
    except DisclosureError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(code)s has been removed.") % {"code": ground.code})
    return redirect("applications:disclosure_grounds")
