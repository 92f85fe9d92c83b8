from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from allocations.agreements.selectors import (
    agreement_get,
    agreement_latest,
    agreement_with_conditions,
    county_for_user,
    county_overview,
    memberships_for_user,
    years_to_open,
)
from allocations.models import Role


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The start page: a section per role the user holds, or a welcome for visitors."""
    if not request.user.is_authenticated:
        return render(request, "start/welcome.html")
    memberships = memberships_for_user(user=request.user)
    context = {
        "agreement": agreement_latest(),
        "by_role": {role: [m for m in memberships if m.role == role] for role in Role.values},
    }
    return render(request, "start/start.html", context)


@login_required
@require_GET
def county_latest(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_user(user=request.user, slug=slug)
    agreement = agreement_latest()
    if agreement is None:
        return render(request, "allocations/no_agreement.html", {"county": county})
    return redirect("allocations:county_overview", slug=county.slug, year=agreement.year)


@login_required
@require_GET
def county_overview_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county = county_for_user(user=request.user, slug=slug)
    overview = county_overview(county=county, agreement=agreement_get(year=year))
    return render(
        request,
        "allocations/county_overview.html",
        {
            "overview": overview,
            # Read only when the page shows it (to the county's coordinators).
            "years_to_open": lambda: years_to_open(county=county),
        },
    )


@login_required
@require_GET
def agreement_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The agreement's focus areas with their conditions and sub-areas."""
    agreement = agreement_with_conditions(year=year)
    return render(request, "allocations/agreement_detail.html", {"agreement": agreement})
