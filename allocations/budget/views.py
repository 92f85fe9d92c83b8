"""The budget view (the coordinator's home for a county and year), the lines behind each
figure, the summaries per actor, reallocations and the downloads of all of them.

Coordinators and decision-forum members of the county see these pages; other members of
the county get 403, everyone else 404 (the county is not revealed). Every table downloads
with `?format=csv` or `?format=xlsx` (and `table=` where a page has several).
"""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from allocations.agreements.selectors import (
    agreement_get,
    agreement_latest,
    county_for_user,
    user_has_role,
)
from allocations.budget import exports as tables
from allocations.budget.charts import budget_chart
from allocations.budget.forms import ReallocationForm
from allocations.budget.selectors.actors import handling_summary, responsible_summary
from allocations.budget.selectors.lines import Scope, budget_cell_lines
from allocations.budget.selectors.overview import (
    COLUMN_LABELS,
    COLUMN_SLUGS,
    REST,
    county_budget,
    year_reallocations,
)
from allocations.budget.services import ReallocationRefused, reallocation_record
from allocations.models import Agreement, County, Role, SubArea
from allocations.money import format_kronor
from allocations.obligations.selectors.repayment import requisition_overview
from allocations.opendata.selectors import grants_360giving
from applications.exports import FORMATS, table_response
from config.data_version import fragment_key
from reporting.exports.services import export_job_request

BUDGET_ROLES = {Role.COORDINATOR, Role.FORUM}
SLUG_COLUMNS = {slug: column for column, slug in COLUMN_SLUGS.items()}
# More grants than this are exported in the background, with a progress bar.
DEFAULT_BACKGROUND_ROWS = 500


def _budget_access(request: HttpRequest, slug: str, year: int) -> tuple[County, Agreement]:
    county = county_for_user(user=request.user, slug=slug)
    if not user_has_role(user=request.user, county=county, roles=BUDGET_ROLES):
        raise PermissionDenied
    return county, agreement_get(year=year)


def _is_coordinator(request: HttpRequest, county: County) -> bool:
    return user_has_role(user=request.user, county=county, roles={Role.COORDINATOR})


def _download(request: HttpRequest, **table) -> HttpResponse | None:
    """The table as a file when the request asks for one (`?format=csv|xlsx`)."""
    format = request.GET.get("format")
    if format is None:
        return None
    if format not in FORMATS:
        raise Http404
    return table_response(format=format, **table)


@login_required
@require_GET
def budget_latest(request: HttpRequest, slug: str) -> HttpResponse:
    county = county_for_user(user=request.user, slug=slug)
    agreement = agreement_latest()
    if agreement is None:
        raise Http404
    return redirect("allocations:budget", slug=county.slug, year=agreement.year)


@login_required
@require_GET
def budget(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = _budget_access(request, slug, year)
    the_budget = SimpleLazyObject(lambda: county_budget(county=county, agreement=agreement))
    if "format" in request.GET:
        return _budget_download(request, county, agreement, the_budget)
    is_coordinator = _is_coordinator(request, county)
    # Built only when the cached page part is missing or older than the county's data.
    context = {
        "budget": the_budget,
        "county": county,
        "agreement": agreement,
        "chart": SimpleLazyObject(lambda: budget_chart(the_budget)),
        "reallocations": year_reallocations(county=county, agreement=agreement),
        "is_coordinator": is_coordinator,
        "requisitions": SimpleLazyObject(
            lambda: requisition_overview(county=county, agreement=agreement)
        ),
        "part_key": fragment_key(county.pk, agreement.year, is_coordinator),
    }
    return render(request, "allocations/budget/budget.html", context)


def _budget_download(request, county, agreement, the_budget) -> HttpResponse:
    name = f"budget-{county.slug}-{agreement.year}"
    table = request.GET.get("table", "budget")
    if table == "budget":
        rows, columns = tables.budget_rows(the_budget), tables.BUDGET_COLUMNS
    elif table == "reallocations":
        rows = list(year_reallocations(county=county, agreement=agreement))
        columns = tables.REALLOCATION_COLUMNS
        name = f"omfordelningar-{county.slug}-{agreement.year}"
    elif table == "corrections":
        rows = tables.correction_rows(the_budget)
        columns, name = tables.CORRECTION_COLUMNS, f"rattelser-{county.slug}-{agreement.year}"
    else:
        raise Http404
    return _download(request, columns=columns, rows=rows, filename=name)


def _scope(agreement: Agreement, area: int | None, sub: int | None) -> Scope:
    if area is None:
        return Scope()
    focus_area = get_object_or_404(agreement.focus_areas, number=area)
    if sub is None:
        return Scope(focus_area=focus_area)
    if sub == REST:
        return Scope(focus_area=focus_area, rest=True)
    return Scope(
        focus_area=focus_area, sub_area=get_object_or_404(SubArea, pk=sub, focus_area=focus_area)
    )


@login_required
@require_GET
def budget_cell(
    request: HttpRequest,
    slug: str,
    year: int,
    column: str,
    area: int | None = None,
    sub: int | None = None,
) -> HttpResponse:
    """The lines behind one figure of the budget; they sum to the figure."""
    county, agreement = _budget_access(request, slug, year)
    if column not in SLUG_COLUMNS:
        raise Http404
    key = SLUG_COLUMNS[column]
    scope = _scope(agreement, area, sub)
    cell = budget_cell_lines(county=county, agreement=agreement, column=key, scope=scope)
    parts = [column, str(area) if area else "lan"] + ([str(sub)] if sub is not None else [])
    download = _download(
        request,
        columns=tables.LINE_COLUMNS,
        rows=cell.lines,
        filename=f"budget-{county.slug}-{year}-" + "-".join(parts),
        sheet_title=str(COLUMN_LABELS[key]),
    )
    if download is not None:
        return download
    context = {"county": county, "agreement": agreement, "cell": cell, "scope": scope}
    return render(request, "allocations/budget/cell.html", context)


@login_required
@require_GET
def budget_actors(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Who handles the money and who is responsible for it, with totals."""
    county, agreement = _budget_access(request, slug, year)
    handling = handling_summary(county=county, agreement=agreement)
    responsible = responsible_summary(county=county, agreement=agreement)
    table = request.GET.get("table", "handling")
    if table not in {"handling", "responsible"}:
        raise Http404
    summary = handling if table == "handling" else responsible
    who = "hanterar" if table == "handling" else "ansvarar"
    download = _download(
        request,
        columns=tables.actor_columns(handling=table == "handling"),
        rows=tables.actor_rows(summary),
        filename=f"aktorer-{who}-{county.slug}-{year}",
    )
    if download is not None:
        return download
    context = {
        "county": county,
        "agreement": agreement,
        "handling": handling,
        "responsible": responsible,
    }
    return render(request, "allocations/budget/actors.html", context)


@login_required
@require_POST
def budget_grants_export(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's grants as CSV or XLSX: directly when they are few, else in the background
    (a job with a progress page)."""
    county, agreement = _budget_access(request, slug, year)
    format = request.POST.get("format")
    if format not in FORMATS:
        raise Http404
    count = tables.grants_count(county=county, agreement=agreement)
    limit = getattr(settings, "LANSMEDEL_EXPORT_BACKGROUND_ROWS", DEFAULT_BACKGROUND_ROWS)
    if count > limit:
        job = export_job_request(
            kind="budget_grants",
            format=format,
            params={
                "county_id": county.pk,
                "year": agreement.year,
                "language": translation.get_language(),
            },
            user=request.user,
        )
        back = urlencode({"tillbaka": reverse("allocations:budget", args=[county.slug, year])})
        return redirect(f"{reverse('reporting:export_job', args=[job.pk])}?{back}")
    return table_response(
        format=format,
        columns=tables.GRANT_COLUMNS,
        rows=tables.grant_rows(county=county, agreement=agreement),
        filename=tables.grants_filename(county, agreement),
        sheet_title=_("Grants"),
    )


@login_required
@require_GET
def budget_360giving(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's released, current grants as a 360Giving data package."""
    county, agreement = _budget_access(request, slug, year)
    package = grants_360giving(county=county, agreement=agreement)
    if not package["grants"]:
        messages.info(
            request, _("No decided grants have been released yet: there is nothing to publish.")
        )
        return redirect("allocations:budget", slug=county.slug, year=agreement.year)
    response = HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"360giving-{county.slug}-{agreement.year}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def reallocation_create(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The coordinator records a reallocation decided by the forum."""
    county, agreement = _budget_access(request, slug, year)
    if not _is_coordinator(request, county):
        raise PermissionDenied
    the_budget = county_budget(county=county, agreement=agreement)
    remaining = {a.focus_area.pk: a.row.figures.remaining or 0 for a in the_budget.areas}
    form = ReallocationForm(
        request.POST or None, county=county, agreement=agreement, remaining=remaining
    )
    if request.method == "POST" and form.is_valid():
        try:
            reallocation = reallocation_record(
                county=county, agreement=agreement, user=request.user, **form.cleaned_data
            )
        except ReallocationRefused as refused:
            for field, problems in refused.problems.items():
                for problem in problems:
                    form.add_error(field or None, problem)
        else:
            messages.success(
                request,
                _("%(amount)s moved from focus area %(from)s to focus area %(to)s.")
                % {
                    "amount": format_kronor(reallocation.amount),
                    "from": reallocation.from_focus_area.number,
                    "to": reallocation.to_focus_area.number,
                },
            )
            return redirect("allocations:budget", slug=county.slug, year=agreement.year)
    context = {"county": county, "agreement": agreement, "form": form, "budget": the_budget}
    return render(request, "allocations/budget/reallocate.html", context)
