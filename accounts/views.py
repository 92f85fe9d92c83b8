"""The user's account page and data download; anonymising a person of the county (the
people page itself is `accounts.people`)."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import AnonymiseForm
from accounts.selectors import county_people, personal_data_export
from accounts.services import AnonymiseRefused, person_anonymise
from accounts.two_factor.middleware import has_authenticator, is_demo_exempt, two_factor_required
from accounts.two_factor.services import recovery_codes_left
from allocations.agreements.selectors import (
    county_for_coordinator,
    memberships_for_user,
)
from allocations.models import Role


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = memberships_for_user(user=user)
    coordinated = {m.county.slug: m.county for m in memberships if m.role == Role.COORDINATOR}
    return render(
        request,
        "account/account.html",
        {
            "memberships": memberships,
            "coordinated_counties": list(coordinated.values()),
            "has_authenticator": has_authenticator(user),
            "two_factor_required": two_factor_required(user),
            "demo_exempt": is_demo_exempt(user),
            "recovery_codes_left": recovery_codes_left(user=user),
        },
    )


@login_required
@require_GET
def account_data(request: HttpRequest) -> HttpResponse:
    """The user's personal data as a JSON file."""
    data = personal_data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"lansmedel-personuppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_anonymise_confirm(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    person = next((p for p in county_people(county=county) if p.pk == user_id), None)
    if person is None:
        raise Http404
    form = AnonymiseForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            person_anonymise(county=county, person=person, by=request.user)
        except AnonymiseRefused as exc:
            error = exc.message
        else:
            name = get_user_model().objects.get(pk=person.pk).get_full_name()
            messages.success(
                request,
                _("The person has been anonymised and is now shown as “%(name)s”.")
                % {"name": name},
            )
            return redirect("county_people", slug=county.slug)
    return render(
        request,
        "account/person_anonymise.html",
        {"county": county, "person": person, "form": form, "error": error},
        status=400 if error or form.errors else 200,
    )
