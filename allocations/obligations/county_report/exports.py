"""The county report as a workbook: a sheet of grants (one row each, with the report's
texts) and a sheet of the money used per sub-area. Amounts and dates stay typed."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from allocations.obligations.selectors.reports import CountyReport
from allocations.xlsx import keep_text, xlsx_value


def _sheet(sheet, headers: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in rows:
        sheet.append([xlsx_value(v) for v in row])
        keep_text(sheet[sheet.max_row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = "#,##0"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"


def county_report_workbook(*, report: CountyReport) -> bytes:
    workbook = Workbook()
    grants = workbook.active
    grants.title = _("Grants")[:31]
    grant_rows, line_rows = [], []
    for area in report.areas:
        for entry in area.entries:
            r, g = entry.reported, entry.grant
            grant_rows.append(
                [
                    area.focus_area.number,
                    g.title,
                    g.responsible_organisation.name,
                    g.amount,
                    entry.report.get_state_display() if entry.report else _("Not started"),
                    r.reported_on if r else None,
                    entry.used,
                    r.implementation if r else "",
                    r.results if r else "",
                    r.actors if r else "",
                ]
            )
            for line in r.lines.all() if r else []:
                line_rows.append(
                    [
                        area.focus_area.number,
                        g.title,
                        line.sub_area.name if line.sub_area else _("The focus area as a whole"),
                        line.amount,
                        line.comment,
                    ]
                )
    _sheet(
        grants,
        [
            _("Focus area"),
            _("Intervention"),
            _("Responsible organisation"),
            _("Granted (kr)"),
            _("Report back"),
            _("Reported on"),
            _("Used (kr)"),
            _("How the work was carried out"),
            _("Results and effects"),
            _("Actors who took part, and how"),
        ],
        grant_rows,
        [8, 40, 30, 14, 18, 12, 14, 50, 50, 40],
    )
    lines = workbook.create_sheet(_("Used per sub-area")[:31])
    _sheet(
        lines,
        [_("Focus area"), _("Intervention"), _("Sub-area"), _("Used (kr)"), _("Comment")],
        line_rows,
        [8, 40, 40, 14, 50],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
