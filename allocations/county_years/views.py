"""Opening a county's year and its checklist: the coordinator's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from allocations.agreements.selectors import county_for_coordinator, years_to_open
from allocations.county_years.forms import (
    ChecklistConfirmForm,
    CountyBodiesForm,
    CountyYearOpenForm,
)
from allocations.county_years.permissions import county_year_for_coordinator
from allocations.county_years.selectors import (
    copy_plan,
    county_year_checklist,
    county_year_get,
    default_copy_source,
)
from allocations.county_years.services import (
    CountyYearError,
    county_bodies_save,
    county_year_confirm,
    county_year_open,
)
from allocations.models import Agreement, County


def _initial(request: HttpRequest, county, form: CountyYearOpenForm) -> dict:
    """The year asked for (`?ar=2026`), else the first one the county is asked to open, and
    the year it would copy from by default."""
    choices = form.fields["agreement"].queryset
    asked = request.GET.get("ar", "")
    agreement = choices.filter(year=int(asked)).first() if asked.isdigit() else None
    if agreement is None:
        agreement = next(iter(years_to_open(county=county)), None) or choices.first()
    if agreement is None:
        return {}
    return {
        "agreement": agreement,
        "copy_from": default_copy_source(county=county, agreement=agreement),
    }


@login_required
@require_http_methods(["GET", "POST"])
def county_year_open_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the year to open and the year to copy from, see what will be copied, open."""
    county = county_for_coordinator(user=request.user, slug=slug)
    status = 200
    if request.method == "POST":
        form = CountyYearOpenForm(request.POST, county=county)
        if form.is_valid():
            agreement: Agreement = form.cleaned_data["agreement"]
            copy_from = form.cleaned_data["copy_from"]
            if request.POST.get("action") == "open":
                try:
                    county_year_open(
                        county=county,
                        agreement=agreement,
                        by=request.user,
                        copy_from=copy_from,
                        copy=copy_from is not None,
                    )
                except CountyYearError as exc:
                    form.add_error(None, exc.message)
                    status = 400
                else:
                    messages.success(
                        request,
                        _("%(year)s is opened for %(county)s.")
                        % {"year": agreement.year, "county": county.name},
                    )
                    return redirect(
                        "allocations:county_year", slug=county.slug, year=agreement.year
                    )
        else:
            status = 400
    else:
        form = CountyYearOpenForm(county=county)
        form.initial = _initial(request, county, form)
    plan = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        plan = copy_plan(county=county, agreement=data["agreement"], copy_from=data["copy_from"])
    elif not form.is_bound and form.initial:
        plan = copy_plan(county=county, **form.initial)
    return render(
        request,
        "allocations/county_years/open.html",
        {"county": county, "form": form, "plan": plan},
        status=status,
    )


def _checklist_page(request, county, agreement, form, status=200) -> HttpResponse:
    county_year = county_year_get(county=county, agreement=agreement)
    checklist = county_year_checklist(county=county, agreement=agreement, county_year=county_year)
    return render(
        request,
        "allocations/county_years/checklist.html",
        {"checklist": checklist, "county": county, "agreement": agreement, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def county_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's checklist; the names of the county's steps are edited here."""
    county, agreement = county_year_for_coordinator(user=request.user, slug=slug, year=year)
    if request.method == "POST":
        form = CountyBodiesForm(request.POST, instance=County.objects.get(pk=county.pk))
        if not form.is_valid():
            return _checklist_page(request, county, agreement, form, status=400)
        county_bodies_save(
            county=county,
            county_year=county_year_get(county=county, agreement=agreement),
            **form.cleaned_data,
        )
        messages.success(request, _("The names and the case number format were saved."))
        return redirect("allocations:county_year", slug=county.slug, year=agreement.year)
    return _checklist_page(request, county, agreement, CountyBodiesForm(instance=county))


@login_required
@require_POST
def county_year_confirm_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = county_year_for_coordinator(user=request.user, slug=slug, year=year)
    county_year = county_year_get(county=county, agreement=agreement)
    form = ChecklistConfirmForm(request.POST)
    if county_year is None:
        messages.error(request, _("Open the year first: then its items can be confirmed."))
    elif not form.is_valid():
        messages.error(request, _("This item is checked from the data and cannot be confirmed."))
    else:
        county_year_confirm(county_year=county_year, **form.cleaned_data)
        messages.success(request, _("The checklist was updated."))
    return redirect("allocations:county_year", slug=county.slug, year=agreement.year)
