"""Tables as downloads: rows → CSV (Swedish Excel) or XLSX, for any list page.

A table is a list of `Column`s (a translated header and how to read the value from a row)
and an iterable of rows. Values keep their type: whole numbers stay numbers, dates stay
dates, so the spreadsheet can sum and sort them.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is a formula to Excel (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str  # usually a lazy translation, rendered in the active language
    value: Callable[[Any], Any]
    width: int = 18


def _plain(value: Any) -> Any:
    """Values as a spreadsheet holds them: local naive datetimes, text for the rest."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, int | float | datetime.date):
        return value
    return str(value)


def _defused(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _csv_text(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return date_format(value, "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "Y-m-d")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return _defused(value)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{get_valid_filename(filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(*, columns: list[Column], rows: Iterable[Any], filename: str) -> HttpResponse:
    """UTF-8 with a byte-order mark and `;` between fields, as Swedish Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in columns])
    for row in rows:
        writer.writerow([_csv_text(column.value(row)) for column in columns])
    content = "\ufeff" + buffer.getvalue()
    return _download(content.encode("utf-8"), "text/csv; charset=utf-8", f"{filename}.csv")


def xlsx_response(
    *, columns: list[Column], rows: Iterable[Any], filename: str, sheet_title: str = ""
) -> HttpResponse:
    """One sheet: a bold, frozen header row, then the rows with numbers and dates typed."""
    workbook = Workbook()
    sheet = workbook.active
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    title = "".join(c for c in str(sheet_title or filename) if c not in "[]:*?/\\")[:31]
    sheet.title = title or "Sheet1"
    sheet.append([str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = _plain(column.value(row))
            cell = sheet.cell(row=row_number, column=index, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
            elif isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = "#,##0"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), XLSX_CONTENT_TYPE, f"{filename}.xlsx")


def table_response(
    *, format: str, columns: list[Column], rows: Iterable[Any], filename: str, sheet_title: str = ""
) -> HttpResponse:
    """`format` is "csv" or "xlsx" (see FORMATS); `filename` is given without extension."""
    if format == "csv":
        return csv_response(columns=columns, rows=rows, filename=filename)
    if format == "xlsx":
        return xlsx_response(columns=columns, rows=rows, filename=filename, sheet_title=sheet_title)
    raise ValueError(f"Unknown export format: {format}")
