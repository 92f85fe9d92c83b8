"""The coordinator's review rounds: open one for a call, see who assesses what, assign."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from allocations.agreements.selectors import county_for_user
from allocations.models import County, Role
from applications.applying.permissions import roles_in_county
from applications.errors import ApplicationError
from applications.review.forms.assessment import AssignmentForm, ReviewRoundForm
from applications.review.selectors.assessment import review_round_of_county, review_round_table
from applications.review.services import review_assign, review_round_open


def coordinated_county(request: HttpRequest, slug: str) -> County:
    """The county if the user coordinates it: 404 for counties they hold no role in,
    403 for the others' roles."""
    county = county_for_user(user=request.user, slug=slug)
    if Role.COORDINATOR not in roles_in_county(request.user, county):
        raise PermissionDenied
    return county


@login_required
@require_http_methods(["GET", "POST"])
def review_round_create(request: HttpRequest, slug: str) -> HttpResponse:
    county = coordinated_county(request, slug)
    initial = {"call": request.GET.get("call")} if request.GET.get("call") else {}
    form = ReviewRoundForm(request.POST or None, county=county, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                review_round = review_round_open(
                    call=data["call"],
                    user=request.user,
                    members=list(data["members"]),
                    due_date=data["due_date"],
                    assess_all=data["assess_all"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The review round has been opened."))
                return redirect(
                    "applications:review_round_detail", slug=county.slug, pk=review_round.pk
                )
    return render(
        request,
        "applications/review/round_form.html",
        {"county": county, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_round_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = coordinated_county(request, slug)
    review_round = review_round_of_county(county=county, pk=pk)
    form = None if review_round.assess_all else AssignmentForm(review_round=review_round)
    status = 200
    if request.method == "POST":
        status = 400
        if form is None:
            messages.error(request, _("In this round every member assesses every application."))
        else:
            form = AssignmentForm(request.POST, review_round=review_round)
            if form.is_valid():
                try:
                    count = review_assign(
                        review_round=review_round,
                        user=request.user,
                        members=list(form.cleaned_data["members"]),
                        applications=list(form.cleaned_data["applications"]),
                    )
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(
                        request,
                        _("New assignments: %(count)s.") % {"count": count},
                    )
                    return redirect(
                        "applications:review_round_detail", slug=county.slug, pk=review_round.pk
                    )
    return render(
        request,
        "applications/review/round_detail.html",
        {
            "county": county,
            "review_round": review_round,
            "rows": review_round_table(review_round=review_round),
            "assign_form": form,
        },
        status=status,
    )
