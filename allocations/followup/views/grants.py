"""Grant follow-up pages: the county's grants of a year (coordinator and forum), a grant's
page (its recipient, the county's coordinator and forum), the follow-up form and the usage
form (recipient and coordinator), and an applicant's own grants.

Every grant is fetched through applications.grants.permissions (404 to whoever may not see
it); county pages let the county's coordinator and forum in, other members of the county get
403 and everyone else 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import agreement_get, county_for_user, user_has_role
from allocations.followup.forms import GrantFollowupForm, GrantUsageForm, add_validation_error
from allocations.followup.selectors.grants import (
    county_grant_lines,
    grant_line,
    grant_usages,
    my_grant_lines,
)
from allocations.followup.services import grant_followup_update, grant_usage_add
from allocations.models import Agreement, County, Role
from applications.grants.interventions import intervention_history
from applications.grants.permissions import grant_for_user, is_coordinator_of, may_follow_up_grant
from applications.models import Grant

READER_ROLES = {Role.COORDINATOR, Role.FORUM}


def county_readers(request: HttpRequest, slug: str, year: int) -> tuple[County, Agreement]:
    """The county and year for its coordinator and forum (others of the county: 403)."""
    county = county_for_user(user=request.user, slug=slug)
    if not user_has_role(user=request.user, county=county, roles=READER_ROLES):
        raise PermissionDenied
    return county, agreement_get(year=year)


@login_required
@require_GET
def county_grants(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = county_readers(request, slug, year)
    lines = county_grant_lines(county=county, agreement=agreement)
    context = {
        "county": county,
        "agreement": agreement,
        "lines": lines,
        "deadline": lines[0].deadline if lines else None,
        "total": sum(line.grant.amount for line in lines),
        "spent": sum(line.spent for line in lines),
        "flagged": [line for line in lines if line.flagged],
        "is_coordinator": user_has_role(user=request.user, county=county, roles={Role.COORDINATOR}),
    }
    return render(request, "allocations/grants/county_grants.html", context)


def _detail(request: HttpRequest, grant: Grant, *, usage_form=None, status=200) -> HttpResponse:
    grant = (
        Grant.objects.select_related(
            "county",
            "focus_area__agreement",
            "responsible_organisation",
            "handling_organisation",
            "followup_status",
            "followup_updated_by",
            "application",
            "decision__item__meeting",
            "decision__sub_area",
        )
        .filter(pk=grant.pk)
        .get()
    )
    may_follow_up = may_follow_up_grant(request.user, grant)
    may_change = may_follow_up and grant.closed_at is None  # a closed grant is settled
    context = {
        "grant": grant,
        "county": grant.county,
        "line": grant_line(grant=grant),
        "usages": list(grant_usages(grant=grant)),
        "may_follow_up": may_follow_up,
        "may_change": may_change,
        "is_coordinator": is_coordinator_of(request.user, grant),
        "usage_form": usage_form or (GrantUsageForm() if may_change else None),
        "intervention": intervention_history(grant=grant),
    }
    return render(request, "allocations/grants/detail.html", context, status=status)


@login_required
@require_GET
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, grant_for_user(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def grant_followup(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_user(request.user, pk, follow_up=True)
    if request.method == "GET" and grant.closed_at is not None:
        messages.info(request, _("The grant is closed and can no longer be changed."))
        return redirect("allocations:grant_detail", pk=grant.pk)
    if request.method == "GET":
        form = GrantFollowupForm(grant=grant)
        return _followup_page(request, grant, form)
    form = GrantFollowupForm(request.POST, grant=grant)
    if form.is_valid():
        try:
            grant_followup_update(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The follow-up has been saved."))
            return redirect("allocations:grant_detail", pk=grant.pk)
    return _followup_page(request, grant, form, status=400)


def _followup_page(request, grant: Grant, form, status: int = 200) -> HttpResponse:
    context = {"grant": grant, "county": grant.county, "form": form}
    return render(request, "allocations/grants/followup_form.html", context, status=status)


@login_required
@require_POST
def grant_usage_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for_user(request.user, pk, follow_up=True)
    form = GrantUsageForm(request.POST)
    if form.is_valid():
        try:
            grant_usage_add(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, _("The amount has been recorded."))
            return redirect("allocations:grant_detail", pk=grant.pk)
    return _detail(request, grant, usage_form=form, status=400)


@login_required
@require_GET
def my_grants(request: HttpRequest) -> HttpResponse:
    lines = my_grant_lines(user=request.user)
    return render(request, "allocations/grants/my_grants.html", {"lines": lines})
