"""The county report of the year's reports back as a tagged PDF/A-3b, rendered with the
decision documents' stylesheet (`applications.documents.pdf.html_to_pdf`)."""

from django.template.loader import render_to_string
from django.utils import timezone

from allocations.obligations.selectors.reports import CountyReport
from applications.documents.pdf import html_to_pdf, page_counter_css


def county_report_html(*, report: CountyReport) -> str:
    context = {
        "report": report,
        "county": report.county,
        "administrator": report.county.administering_organisation,
        "page_counter": page_counter_css(),
        "printed_at": timezone.localtime(),
    }
    return render_to_string("allocations/reports/county_report_pdf.html", context)


def county_report_pdf_render(*, report: CountyReport) -> bytes:
    return html_to_pdf(county_report_html(report=report))
