"""The people of a county (roles today and ended, invitations), inviting and ending
roles, and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.people.forms import (
    AcceptWithNewAccountForm,
    InvitationForm,
    RoleEndForm,
)
from accounts.people.selectors import (
    county_organisations,
    county_people_page,
    invitation_for_token,
    invitation_in_county,
    membership_in_county,
)
from accounts.people.services import (
    PeopleError,
    invitation_accept,
    invitation_accept_new_user,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    role_end,
    user_for_email,
)
from accounts.people.views.common import base_url, end_form
from allocations.agreements.selectors import county_for_coordinator
from allocations.models.invitation import invitation_valid_for

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _people_page(request, county, *, failed=None, status: int = 200) -> HttpResponse:
    page = county_people_page(county=county)
    for person in page.people:
        for membership in person.county_roles:
            membership.end_form = end_form(membership, failed)
    return render(
        request,
        "account/county_people.html",
        {"county": county, "people": page.people, "page": page},
        status=status,
    )


@login_required
@require_GET
def county_people_list(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    return _people_page(request, county)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    organisations = county_organisations(county=county)
    form = InvitationForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(
                county=county, by=request.user, base_url=base_url(request), **form.cleaned_data
            )
        except PeopleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("county_people", slug=county.slug)
    return render(
        request,
        "account/people/invitation_create.html",
        {"county": county, "form": form, "valid_days": invitation_valid_for().days},
        status=400 if form.errors else 200,
    )


def _manage_invitation(request: HttpRequest, slug: str, pk: int, step) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    invitation = invitation_in_county(county=county, pk=pk)
    if invitation is None:
        raise Http404
    try:
        message = step(invitation)
    except PeopleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect("county_people", slug=county.slug)


@login_required
@require_POST
def invitation_revoke_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def step(invitation) -> str:
        invitation_revoke(invitation=invitation, by=request.user)
        return _("The invitation to %(email)s was revoked.") % {"email": invitation.email}

    return _manage_invitation(request, slug, pk, step)


@login_required
@require_POST
def invitation_resend_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    def step(invitation) -> str:
        invitation = invitation_resend(
            invitation=invitation, by=request.user, base_url=base_url(request)
        )
        return _("The invitation was sent to %(email)s again, valid until %(date)s.") % {
            "email": invitation.email,
            "date": f"{invitation.expires_at:%Y-%m-%d}",
        }

    return _manage_invitation(request, slug, pk, step)


@login_required
@require_POST
def role_end_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    membership = membership_in_county(county=county, pk=pk)
    if membership is None:
        raise Http404
    form = RoleEndForm(request.POST, auto_id=f"id_end_{membership.pk}_%s")
    if form.is_valid():
        try:
            role_end(membership=membership, ends_on=form.cleaned_data["ends_on"], by=request.user)
        except PeopleError as exc:
            if exc.field != "ends_on":
                messages.error(request, exc.message)
                return redirect("county_people", slug=county.slug)
            form.add_error("ends_on", exc.message)
        else:
            messages.success(
                request,
                _("The role ends on %(date)s.")
                % {"date": f"{form.cleaned_data['ends_on']:%Y-%m-%d}"},
            )
            return redirect("county_people", slug=county.slug)
    if not membership.is_active():
        messages.error(request, _("The role has ended already."))
        return redirect("county_people", slug=county.slug)
    return _people_page(request, county, failed=(membership.pk, form), status=400)


def _accept_page(request, invitation, *, form=None, mode: str, status: int = 200):
    login_url = f"{reverse('login')}?next={request.path}"
    return render(
        request,
        "account/people/invitation_accept.html",
        {"invitation": invitation, "form": form, "mode": mode, "login_url": login_url},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone with the link: a new person chooses a name and password; a person with
    an account logs in as it and confirms."""
    invitation = invitation_for_token(token=token)
    if invitation is None:
        raise Http404
    if not invitation.is_open():
        return render(
            request, "account/people/invitation_gone.html", {"invitation": invitation}, status=410
        )
    post = request.method == "POST"
    person = user_for_email(invitation.email)
    signed_in = request.user.is_authenticated
    if signed_in and (person is None or person.pk != request.user.pk):
        return _accept_page(request, invitation, mode="other_user", status=400 if post else 200)
    if person is None:
        form = AcceptWithNewAccountForm(request.POST if post else None, invitation=invitation)
        if post and form.is_valid():
            try:
                user = invitation_accept_new_user(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except PeopleError as exc:
                form.add_error(None, exc.message)
            else:
                login(request, user, backend=PASSWORD_BACKEND)
                return _accepted(request, invitation)
        return _accept_page(
            request, invitation, form=form, mode="new", status=400 if form.errors else 200
        )
    if not signed_in:
        return _accept_page(request, invitation, mode="log_in", status=400 if post else 200)
    if post:
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except PeopleError as exc:
            messages.error(request, exc.message)
            return _accept_page(request, invitation, mode="confirm", status=400)
        return _accepted(request, invitation)
    return _accept_page(request, invitation, mode="confirm")


def _accepted(request: HttpRequest, invitation) -> HttpResponse:
    messages.success(
        request,
        _("You now have the role %(role)s.") % {"role": invitation.get_role_display()},
    )
    return redirect("start")
