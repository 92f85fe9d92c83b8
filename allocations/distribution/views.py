from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from allocations.agreements.selectors import (
    agreement_latest,
    county_for_coordinator,
)
from allocations.distribution.forms import DistributionInput
from allocations.distribution.selectors import (
    county_area_allocations,
    distribution_keys_saved,
    organisation_names,
    recipients_with_population,
)
from allocations.distribution.services import distribution_key_create

BLANK_ROWS = 4


@login_required
@require_http_methods(["GET", "POST"])
def distribution(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator splits an amount of the latest year among recipients by a key, sees
    the exact and the rounded share of each and saves the result as sub-allocations."""
    county = county_for_coordinator(user=request.user, slug=slug)
    agreement = agreement_latest()
    if agreement is None:
        raise Http404
    allocations = county_area_allocations(county=county, agreement=agreement)
    if request.method == "POST":
        action = request.POST.get("action") or "calculate"
        key_input = DistributionInput(
            request.POST,
            agreement=agreement,
            allocations=allocations,
            more_rows=BLANK_ROWS if action == "more" else 0,
        )
        if action == "save" and key_input.is_valid():
            data = key_input.form.cleaned_data
            key = distribution_key_create(
                county=county,
                focus_area=data["focus_area"],
                name=data["name"],
                total_amount=data["amount"],
                steps=key_input.steps(),
                user=request.user,
                save_result=True,
            )
            messages.success(request, _("“%(name)s” has been saved.") % {"name": key.name})
            return redirect("allocations:distribution", slug=county.slug)
        if action == "calculate":
            key_input.is_valid()  # shows the result, or the errors next to the fields
    else:
        recipients = recipients_with_population(county=county) + [{}] * BLANK_ROWS
        key_input = DistributionInput(
            agreement=agreement, allocations=allocations, recipients=recipients
        )
    context = {
        "county": county,
        "agreement": agreement,
        "key_input": key_input,
        "organisation_names": organisation_names(county=county),
        "saved_keys": distribution_keys_saved(county=county, agreement=agreement),
    }
    return render(request, "allocations/distribution.html", context)
