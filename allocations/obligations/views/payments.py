"""The county's obligations for a year: the requisition to Kammarkollegiet, the repayment
and the county report that assembles the grants' reports back.

Requisition and repayment are the coordinator's; the county report is also the decision
forum's. Other members of the county get 403, everyone else 404 (as on the budget pages).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from allocations.agreements.selectors import agreement_get, county_for_user, user_has_role
from allocations.models import Agreement, County, Role
from allocations.money import format_kronor
from allocations.obligations.county_report.exports import county_report_workbook
from allocations.obligations.county_report.pdf import county_report_pdf_render
from allocations.obligations.forms.payments import RepaymentForm, RequisitionForm
from allocations.obligations.selectors.repayment import repayment_overview, requisition_overview
from allocations.obligations.selectors.reports import county_report as county_report_read
from allocations.obligations.services.repayment import repayment_record
from allocations.obligations.services.requisition import ObligationRefused, requisition_record
from applications.adoptions.selectors import pending_adoptions
from applications.exports import XLSX_CONTENT_TYPE

REPORT_ROLES = {Role.COORDINATOR, Role.FORUM}


def _access(request: HttpRequest, slug: str, year: int, roles: set) -> tuple[County, Agreement]:
    county = county_for_user(user=request.user, slug=slug)
    if not user_has_role(user=request.user, county=county, roles=roles):
        raise PermissionDenied
    return county, agreement_get(year=year)


def _record(request: HttpRequest, form, service, date_field: str, **kw) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        service(
            focus_area=data["focus_area"],
            amount=data["amount"],
            note=data["note"],
            by=request.user,
            **{date_field: data[date_field]},
            **kw,
        )
    except ObligationRefused as refused:
        for field, problems in refused.problems.items():
            for problem in problems:
                form.add_error(field, problem)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def requisition(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = _access(request, slug, year, {Role.COORDINATOR})
    areas = requisition_overview(county=county, agreement=agreement)
    pending = pending_adoptions(county=county, agreement=agreement)
    form = RequisitionForm(request.POST or None, areas=[a.focus_area for a in areas])
    if request.method == "POST" and _record(
        request, form, requisition_record, "requisitioned_on", county=county
    ):
        data = form.cleaned_data
        messages.success(
            request,
            _("The requisition of %(amount)s in focus area %(area)s has been recorded.")
            % {"amount": format_kronor(data["amount"]), "area": data["focus_area"].number},
        )
        if pending:
            messages.warning(
                request,
                _("Members still to adopt the recommendation: %(members)s.")
                % {"members": ", ".join(sorted({a.member.name for a in pending}))},
            )
        return redirect("allocations:requisition", slug=county.slug, year=agreement.year)
    context = {
        "county": county,
        "agreement": agreement,
        "areas": areas,
        "pending_adoptions": pending,
        "form": form,
        "total_allocation": sum(a.allocation for a in areas),
        "total_requisitioned": sum(a.requisitioned for a in areas),
        "total_remaining": sum(a.remaining for a in areas),
    }
    return render(request, "allocations/obligations/requisition.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def repayment(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = _access(request, slug, year, {Role.COORDINATOR})
    overview = repayment_overview(county=county, agreement=agreement)
    form = RepaymentForm(request.POST or None, areas=[a.focus_area for a in overview.areas])
    if request.method == "POST" and _record(
        request, form, repayment_record, "repaid_on", county=county
    ):
        data = form.cleaned_data
        messages.success(
            request,
            _("The repayment of %(amount)s in focus area %(area)s has been recorded.")
            % {"amount": format_kronor(data["amount"]), "area": data["focus_area"].number},
        )
        return redirect("allocations:repayment", slug=county.slug, year=agreement.year)
    context = {"county": county, "agreement": agreement, "overview": overview, "form": form}
    return render(request, "allocations/obligations/repayment.html", context)


@login_required
@require_GET
def county_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = _access(request, slug, year, REPORT_ROLES)
    report = county_report_read(county=county, agreement=agreement)
    return render(request, "allocations/reports/county_report.html", {"report": report})


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def county_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = _access(request, slug, year, REPORT_ROLES)
    report = county_report_read(county=county, agreement=agreement)
    return _file(
        county_report_pdf_render(report=report),
        "application/pdf",
        f"aterredovisning-{county.slug}-{agreement.year}.pdf",
    )


@login_required
@require_GET
def county_report_xlsx(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = _access(request, slug, year, REPORT_ROLES)
    report = county_report_read(county=county, agreement=agreement)
    return _file(
        county_report_workbook(report=report),
        XLSX_CONTENT_TYPE,
        f"aterredovisning-{county.slug}-{agreement.year}.xlsx",
    )
