"""The national administrators, and the first coordinators of a county, invited by one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.people.forms import (
    NationalInvitationForm,
    RoleEndForm,
)
from accounts.people.selectors import (
    county_coordinators_page,
    national_administrator_get,
    national_administrators_page,
)
from accounts.people.services import (
    PeopleError,
    invitation_create,
    national_administrator_end,
)
from accounts.people.views.common import base_url, end_form
from allocations.agreements.selectors import require_national_administrator
from allocations.models import NATIONAL_ADMINISTRATOR, Role
from allocations.models.invitation import invitation_valid_for
from allocations.national.selectors import county_get


def _national_page(request, *, form=None, failed=None, status: int = 200) -> HttpResponse:
    page = national_administrators_page()
    for role in page.current:
        role.end_form = end_form(role, failed)
    return render(
        request,
        "account/people/national_administrators.html",
        {"page": page, "form": form or NationalInvitationForm()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def national_administrators(request: HttpRequest) -> HttpResponse:
    """The national administrators today and earlier; another one is invited by e-mail."""
    require_national_administrator(user=request.user)
    if request.method != "POST":
        return _national_page(request)
    form = NationalInvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitation_create(
                county=None,
                email=form.cleaned_data["email"],
                role=NATIONAL_ADMINISTRATOR,
                by=request.user,
                base_url=base_url(request),
            )
        except PeopleError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("national_administrators")
    return _national_page(request, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def county_coordinator_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """A national administrator gives a county its coordinators: a new county has nobody
    who could invite anyone else."""
    require_national_administrator(user=request.user)
    county = county_get(slug=slug)
    form = NationalInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(
                county=county,
                email=form.cleaned_data["email"],
                role=Role.COORDINATOR,
                by=request.user,
                base_url=base_url(request),
            )
        except PeopleError as exc:
            form.add_error("email", exc.message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("county_coordinator_invite", slug=county.slug)
    return render(
        request,
        "account/people/county_coordinators.html",
        {
            "county": county,
            "form": form,
            "page": county_coordinators_page(county=county),
            "valid_days": invitation_valid_for().days,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def national_administrator_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_national_administrator(user=request.user)
    role = national_administrator_get(pk=pk)
    if role is None:
        raise Http404
    form = RoleEndForm(request.POST, auto_id=f"id_end_{role.pk}_%s")
    if form.is_valid():
        try:
            national_administrator_end(
                role=role, ends_on=form.cleaned_data["ends_on"], by=request.user
            )
        except PeopleError as exc:
            if exc.field != "ends_on":
                messages.error(request, exc.message)
                return redirect("national_administrators")
            form.add_error("ends_on", exc.message)
        else:
            messages.success(
                request,
                _("The role ends on %(date)s.")
                % {"date": f"{form.cleaned_data['ends_on']:%Y-%m-%d}"},
            )
            return redirect("national_administrators")
    if not role.is_active():
        messages.error(request, _("The role has ended already."))
        return redirect("national_administrators")
    return _national_page(request, failed=(role.pk, form), status=400)
