from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from allocations.agreements.selectors import (
    agreement_get,
    county_for_coordinator,
)
from allocations.criteria.forms import CRITERIA_HELP, CriterionFormSet
from allocations.criteria.services import CriteriaRefused, criteria_save
from allocations.models import PriorityCriterion


@login_required
@require_http_methods(["GET", "POST"])
def criteria_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The coordinator edits the county's ranked priority criteria and weights for a year."""
    county = county_for_coordinator(user=request.user, slug=slug)
    agreement = agreement_get(year=year)
    queryset = PriorityCriterion.objects.filter(county=county, agreement=agreement).order_by("rank")
    formset = CriterionFormSet(request.POST or None, queryset=queryset, prefix="criteria")
    error = ""
    if request.method == "POST" and formset.is_valid():
        fields = ("rank", "title", "description", "weight")
        rows = [
            {"id": form.instance.pk, **{name: form.cleaned_data[name] for name in fields}}
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]
        delete_ids = [f.instance.pk for f in formset.deleted_forms if f.instance.pk]
        try:
            criteria_save(
                county=county,
                agreement=agreement,
                user=request.user,
                rows=rows,
                delete_ids=delete_ids,
            )
        except CriteriaRefused as exc:
            error = exc.message
        else:
            messages.success(request, _("The criteria have been saved."))
            return redirect("allocations:criteria", slug=county.slug, year=year)
    return render(
        request,
        "allocations/criteria.html",
        {
            "county": county,
            "agreement": agreement,
            "formset": formset,
            "error": error,
            "help": CRITERIA_HELP,
        },
        status=400 if error or (request.method == "POST" and not formset.is_valid()) else 200,
    )
