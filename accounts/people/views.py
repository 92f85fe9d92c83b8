"""The people of a county (roles today and ended, invitations), inviting and ending roles,
accepting an invitation, the national administrators, and organisations asking to be
registered."""

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
    NationalInvitationForm,
    OrganisationRegistrationForm,
    RegistrationDecisionForm,
    RoleEndForm,
)
from accounts.people.selectors import (
    county_coordinators_page,
    county_organisations,
    county_people_page,
    invitation_for_token,
    invitation_in_county,
    membership_in_county,
    national_administrator_get,
    national_administrators_page,
    organisation_registrations,
    registration_in_county,
)
from accounts.people.services import (
    APPROVE,
    PeopleError,
    invitation_accept,
    invitation_accept_new_user,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    national_administrator_end,
    organisation_registration_decide,
    organisation_registration_submit,
    role_end,
    user_for_email,
)
from allocations.agreements.selectors import county_for_coordinator, require_national_administrator
from allocations.models import NATIONAL_ADMINISTRATOR, Role
from allocations.models.invitation import invitation_valid_for
from allocations.national.selectors import county_get

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _end_form(role, failed=None) -> RoleEndForm:
    """The row's form to end a role: the one that failed (as typed) or a fresh one."""
    if failed is not None and failed[0] == role.pk:
        return failed[1]
    return RoleEndForm(auto_id=f"id_end_{role.pk}_%s")


def _people_page(request, county, *, failed=None, status: int = 200) -> HttpResponse:
    page = county_people_page(county=county)
    for person in page.people:
        for membership in person.county_roles:
            membership.end_form = _end_form(membership, failed)
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
                county=county, by=request.user, base_url=_base_url(request), **form.cleaned_data
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
            invitation=invitation, by=request.user, base_url=_base_url(request)
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


def _national_page(request, *, form=None, failed=None, status: int = 200) -> HttpResponse:
    page = national_administrators_page()
    for role in page.current:
        role.end_form = _end_form(role, failed)
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
                base_url=_base_url(request),
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
                base_url=_base_url(request),
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


@require_http_methods(["GET", "POST"])
def organisation_register(request: HttpRequest) -> HttpResponse:
    """Open to anyone: an organisation asks the county's coordinator to be registered."""
    form = OrganisationRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = organisation_registration_submit(**form.cleaned_data)
        except PeopleError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return render(
                request,
                "account/people/organisation_register_thanks.html",
                {"registration": registration},
            )
    return render(
        request,
        "account/people/organisation_register.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def organisation_registrations_list(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "account/people/organisation_registrations.html",
        {"county": county, "page": organisation_registrations(county=county)},
    )


@login_required
@require_POST
def organisation_registration_decide_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    registration = registration_in_county(county=county, pk=pk)
    if registration is None:
        raise Http404
    form = RegistrationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve or reject the request."))
        return redirect("organisation_registrations", slug=county.slug)
    decision = form.cleaned_data["decision"]
    try:
        organisation_registration_decide(
            registration=registration,
            decision=decision,
            by=request.user,
            base_url=_base_url(request),
        )
    except PeopleError as exc:
        messages.error(request, exc.message)
    else:
        if decision == APPROVE:
            text = _(
                "%(name)s is registered in the county, and %(email)s was invited as its applicant."
            )
        else:
            text = _("The request of %(name)s was rejected.")
        messages.success(
            request, text % {"name": registration.name, "email": registration.contact_email}
        )
    return redirect("organisation_registrations", slug=county.slug)
