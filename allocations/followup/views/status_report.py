"""The county's status report of a year: as a page, a PDF and an XLSX workbook, for the
county's coordinator and forum (other members of the county 403, everyone else 404)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from allocations.followup.exports import (
    status_report_filename,
    status_report_pdf,
    status_report_xlsx_response,
)
from allocations.followup.selectors.status_report import status_report as build_status_report
from allocations.followup.views.grants import county_readers
from applications.exports import _download
from config.data_version import fragment_key


@login_required
@require_GET
def status_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = county_readers(request, slug, year)
    # The report counts from today (the invoicing flag, the date it shows): part of the key.
    today = timezone.localdate()
    # Built only when the cached page part is missing or older than the county's data.
    report = SimpleLazyObject(
        lambda: build_status_report(county=county, agreement=agreement, today=today)
    )
    context = {
        "report": report,
        "county": county,
        "agreement": agreement,
        # The page is the same for every reader of the county: nothing of the viewer in it.
        "part_key": fragment_key(county.pk, agreement.year, today),
    }
    return render(request, "allocations/grants/status_report.html", context)


@login_required
@require_GET
def status_report_pdf_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = county_readers(request, slug, year)
    report = build_status_report(county=county, agreement=agreement)
    filename = status_report_filename(report) + ".pdf"
    return _download(status_report_pdf(report), "application/pdf", filename)


@login_required
@require_GET
def status_report_xlsx_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    county, agreement = county_readers(request, slug, year)
    report = build_status_report(county=county, agreement=agreement)
    return status_report_xlsx_response(report)
