"""Messages to the applicants of a call: the county's list, writing one, its preview with the
recipients, sending it, and its progress with a line per recipient. The county's
coordinators only: users without a role in the county get 404, other roles 403, and a
message of another county 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import county_for_coordinator
from reporting.bulk.forms import BulkMessageForm
from reporting.bulk.selectors import (
    bulk_in_progress,
    bulk_message_for_county,
    bulk_recipients,
    county_bulk_messages,
)
from reporting.bulk.services import BulkRefused, bulk_message_create, bulk_message_send
from reporting.models import BulkState


@login_required
@require_GET
def bulk_messages(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    context = {"county": county, "bulk_messages": list(county_bulk_messages(county=county))}
    return render(request, "reporting/bulk/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bulk_message_new(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    form = BulkMessageForm(request.POST if request.method == "POST" else None, county=county)
    if request.method == "POST":
        if form.is_valid():
            try:
                message = bulk_message_create(county=county, user=request.user, **form.cleaned_data)
            except BulkRefused as refused:
                form.add_error("call", refused.message)
            else:
                return redirect("reporting:bulk_message", slug=county.slug, pk=message.pk)
        context = {"county": county, "form": form}
        return render(request, "reporting/bulk/new.html", context, status=400)
    return render(request, "reporting/bulk/new.html", {"county": county, "form": form})


@login_required
@require_GET
def bulk_message(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The preview before sending; after it, the progress and each recipient's e-mail. The
    page reloads its progress part while e-mails are on their way (static/js/bulk-progress.js)."""
    county = county_for_coordinator(user=request.user, slug=slug)
    message = bulk_message_for_county(county=county, pk=pk)
    recipients = list(bulk_recipients(message=message))
    busy = bulk_in_progress(message=message, recipients=recipients)
    context = {
        "county": county,
        "message": message,
        "recipients": recipients,
        "busy": busy,
        "DRAFT": BulkState.DRAFT,
    }
    return render(request, "reporting/bulk/detail.html", context)


@login_required
@require_POST
def bulk_message_send_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    message = bulk_message_for_county(county=county, pk=pk)
    try:
        bulk_message_send(message=message, user=request.user)
    except BulkRefused as refused:
        messages.info(request, refused.message)
    else:
        messages.success(request, _("The message is being sent."))
    return redirect("reporting:bulk_message", slug=county.slug, pk=message.pk)
