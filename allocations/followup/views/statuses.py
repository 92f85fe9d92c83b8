"""The coordinator's list of grant statuses: add, edit, take out of use and back.

One URL: a POST names what it does with `action` (add / edit / active / defaults) and, for
edit and active, the status with `option`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from allocations.agreements.selectors import county_for_coordinator
from allocations.followup.forms import GrantStatusForm, add_validation_error
from allocations.followup.services import (
    grant_status_create,
    grant_status_defaults_ensure,
    grant_status_edit,
    grant_status_set_active,
)
from allocations.models import County, GrantStatusOption


def _page(request, county: County, *, new_form=None, edit_forms=None, status=200):
    edit_forms = edit_forms or {}
    options = list(county.grant_status_options.order_by("position", "pk"))
    rows = [
        (
            option,
            edit_forms.get(option.pk)
            or GrantStatusForm(
                prefix=f"s{option.pk}",
                initial={
                    "name": option.name,
                    "money_at_risk": option.money_at_risk,
                    "position": option.position,
                },
            ),
        )
        for option in options
    ]
    context = {
        "county": county,
        "rows": rows,
        "new_form": new_form or GrantStatusForm(prefix="new"),
        "open_option": next(iter(edit_forms), None),
    }
    return render(request, "allocations/grants/statuses.html", context, status=status)


def _option(county: County, value: str | None) -> GrantStatusOption | None:
    if not value or not value.isdigit() or len(value) > 18:
        return None
    return county.grant_status_options.filter(pk=int(value)).first()


@login_required
@require_http_methods(["GET", "POST"])
def grant_statuses(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_coordinator(user=request.user, slug=slug)
    if request.method == "GET":
        return _page(request, county)
    action = request.POST.get("action")
    if action == "defaults":
        added = grant_status_defaults_ensure(county=county)
        messages.success(
            request,
            _("The common statuses have been added.") if added else _("Nothing was missing."),
        )
        return redirect("allocations:grant_statuses", slug=county.slug)
    option = _option(county, request.POST.get("option"))
    if action == "active" and option is not None:
        active = request.POST.get("active") == "1"
        grant_status_set_active(option=option, by=request.user, active=active)
        messages.success(
            request,
            _("The status is offered again.") if active else _("The status is no longer offered."),
        )
        return redirect("allocations:grant_statuses", slug=county.slug)
    if action == "edit" and option is not None:
        form = GrantStatusForm(request.POST, prefix=f"s{option.pk}")
        if _saved(request, form, option=option):
            return redirect("allocations:grant_statuses", slug=county.slug)
        return _page(request, county, edit_forms={option.pk: form}, status=400)
    form = GrantStatusForm(request.POST, prefix="new")
    if action == "add" and _saved(request, form, county=county):
        return redirect("allocations:grant_statuses", slug=county.slug)
    if action not in {"add", "edit", "active"} or (action != "add" and option is None):
        form = GrantStatusForm(prefix="new")
        messages.error(request, _("Nothing was changed: choose a status and what to do."))
    return _page(request, county, new_form=form, status=400)


def _saved(request, form: GrantStatusForm, *, option=None, county=None) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        if option is not None:
            grant_status_edit(
                option=option,
                by=request.user,
                name=data["name"],
                money_at_risk=data["money_at_risk"],
                position=data.get("position"),
            )
        else:
            grant_status_create(
                county=county,
                by=request.user,
                name=data["name"],
                money_at_risk=data["money_at_risk"],
            )
    except ValidationError as exc:
        add_validation_error(form, exc)
        return False
    messages.success(request, _("The status has been saved."))
    return True
