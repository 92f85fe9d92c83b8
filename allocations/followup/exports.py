"""The status report as PDF (WeasyPrint, like the decision documents) and XLSX (two sheets:
the interventions with each focus area's total, and the summary). Amounts stay numbers."""

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from allocations.followup.selectors.status_report import StatusReport
from allocations.xlsx import keep_text, xlsx_value
from applications.documents.pdf import html_to_pdf, page_counter_css
from applications.exports import XLSX_CONTENT_TYPE, _download

AMOUNT_FORMAT = "#,##0"


def status_report_filename(report: StatusReport) -> str:
    return f"statusrapport-{report.county.slug}-{report.agreement.year}"


def status_report_pdf(report: StatusReport) -> bytes:
    context = {
        "report": report,
        "county": report.county,
        "administrator": report.county.administering_organisation,
        "agreement": report.agreement,
        "page_counter": page_counter_css(),
        "printed_at": timezone.localtime(),
    }
    return html_to_pdf(render_to_string("allocations/grants/pdf/status_report.html", context))


def _header(sheet, titles: list[str], widths: list[int]) -> None:
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"  # the header is the first row
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _amounts(sheet, columns: tuple[int, ...]) -> None:
    """Number format on the last row's amount columns (1-based)."""
    for column in columns:
        sheet.cell(row=sheet.max_row, column=column).number_format = AMOUNT_FORMAT


def _text(value: str) -> str:
    """Text as a cell holds it; `keep_text` on the row keeps formula-like text as text."""
    return xlsx_value(value or "")


def status_report_xlsx(report: StatusReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Interventions")[:31]
    _header(
        sheet,
        [
            _("Focus area"),
            _("Sub-area"),
            _("Intervention"),
            _("Description, purpose and goals"),
            _("Type"),
            _("Amount (kr)"),
            _("Status"),
            _("Responsible"),
            _("Project code"),
            _("Forecast (kr)"),
            _("Invoiced and used (kr)"),
            _("Money at risk (kr)"),
            _("Not invoiced after the deadline (kr)"),
            _("Comment"),
        ],
        [8, 30, 40, 60, 16, 14, 30, 30, 12, 14, 14, 14, 14, 40],
    )
    for area in report.areas:
        for group in area.groups:
            for row in group.rows:
                grant = row.grant
                sheet.append(
                    [
                        area.focus_area.number,
                        _text(group.sub_area.name) if group.sub_area else "",
                        _text(grant.title),
                        _text(grant.description),
                        grant.get_kind_display() if grant.kind else "",
                        grant.amount,
                        _text(grant.followup_status.name) if grant.followup_status else "",
                        _text(row.responsible),
                        _text(grant.project_code),
                        grant.forecast,
                        row.line.spent,
                        row.at_risk,
                        row.line.remaining if row.line.flagged else 0,
                        _text(grant.followup_comment),
                    ]
                )
                keep_text(sheet[sheet.max_row])
                _amounts(sheet, (6, 10, 11, 12, 13))
                for cell in sheet[sheet.max_row]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.append(
            [
                area.focus_area.number,
                "",
                _("Total focus area %(number)s") % {"number": area.focus_area.number},
                "",
                "",
                area.total,
                "",
                "",
                "",
                None,
                None,
                area.at_risk,
                area.flagged,
            ]
        )
        _amounts(sheet, (6, 12, 13))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    summary = workbook.create_sheet(_("Summary")[:31])
    _header(
        summary,
        [
            _("Focus area"),
            _("Name"),
            _("Allocation (kr)"),
            _("Granted (kr)"),
            _("Money at risk (kr)"),
            _("Not invoiced after the deadline (kr)"),
        ],
        [8, 50, 16, 16, 16, 16],
    )
    for area in report.areas:
        summary.append(
            [
                area.focus_area.number,
                _text(area.focus_area.row_name),
                area.allocation,
                area.total,
                area.at_risk,
                area.flagged,
            ]
        )
        keep_text(summary[summary.max_row])
        _amounts(summary, (3, 4, 5, 6))
    allocation = sum(area.allocation or 0 for area in report.areas)
    summary.append([None, _("Total"), allocation, report.total, report.at_risk, report.flagged])
    _amounts(summary, (3, 4, 5, 6))
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def status_report_xlsx_response(report: StatusReport):
    content = status_report_xlsx(report)
    return _download(content, XLSX_CONTENT_TYPE, status_report_filename(report) + ".xlsx")
