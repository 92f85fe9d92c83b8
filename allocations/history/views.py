from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from allocations.agreements.selectors import county_for_user
from allocations.history.selectors import allocation_history


@login_required
@require_GET
def county_history(request: HttpRequest, slug: str) -> HttpResponse:
    """The county's allocations year by year, for every member of the county."""
    county = county_for_user(user=request.user, slug=slug)
    history = allocation_history(county=county)
    return render(request, "allocations/county_history.html", {"history": history})
