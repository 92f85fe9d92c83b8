"""Reads for the national administrator: the agreement years with what the counties were
allocated, the counties, and SKR's allocation table read from a file before it is saved."""

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from allocations.fields import MAX_KRONOR
from allocations.models import Agreement, County, CountyAllocation, FocusArea
from allocations.money import format_kronor

# --- the agreement years and the counties -----------------------------------------------------


@dataclass(frozen=True)
class AgreementYear:
    agreement: Agreement
    allocated: int
    # The sum of the areas' county-joint totals; None when no area states one.
    stated: int | None
    # Areas whose allocations do not add up to the area's county-joint total.
    unreconciled: list[FocusArea]

    @property
    def reconciles(self) -> bool | None:
        """True when every area with a county-joint total is allocated exactly; None when no
        area states a total to reconcile against."""
        if self.stated is None:
            return None
        return not self.unreconciled


def agreement_years() -> list[AgreementYear]:
    """Every agreement year, latest first, with the counties' allocations summed and
    reconciled per focus area against its county-joint total. Two queries."""
    areas = list(FocusArea.objects.select_related("agreement").order_by("agreement", "number"))
    allocated = dict(
        CountyAllocation.objects.order_by()
        .values("focus_area")
        .annotate(total=Sum("amount"))
        .values_list("focus_area", "total")
    )
    by_agreement: dict[int, list[FocusArea]] = defaultdict(list)
    for area in areas:
        by_agreement[area.agreement_id].append(area)
    agreements = {area.agreement_id: area.agreement for area in areas}
    for agreement in Agreement.objects.exclude(pk__in=agreements):
        agreements[agreement.pk] = agreement
    years = []
    for pk, agreement in agreements.items():
        rows = by_agreement.get(pk, [])
        with_total = [a for a in rows if a.county_joint_total is not None]
        years.append(
            AgreementYear(
                agreement=agreement,
                allocated=sum(allocated.get(a.pk, 0) for a in rows),
                stated=sum(a.county_joint_total for a in with_total) if with_total else None,
                unreconciled=[
                    a for a in with_total if allocated.get(a.pk, 0) != a.county_joint_total
                ],
            )
        )
    return sorted(years, key=lambda y: -y.agreement.year)


def counties_national() -> list[County]:
    return list(County.objects.select_related("administering_organisation").order_by("name"))


def county_get(*, slug: str) -> County:
    county = County.objects.select_related("administering_organisation").filter(slug=slug).first()
    if county is None:
        raise Http404
    return county


def agreement_for_edit(*, year: int) -> Agreement:
    """The agreement with its focus areas, their conditions and sub-areas (four queries)."""
    areas = FocusArea.objects.order_by("number").prefetch_related("conditions", "sub_areas")
    agreement = (
        Agreement.objects.filter(year=year)
        .prefetch_related(Prefetch("focus_areas", queryset=areas))
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


# --- SKR's allocation table from a file -------------------------------------------------------

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 2_000


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, not a workbook, not UTF-8 text)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ImportRow:
    line: int
    county_text: str
    area_text: str
    amount_text: str
    county: County | None = None
    focus_area: FocusArea | None = None
    amount: int | None = None
    current: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def change(self) -> int | None:
        if self.amount is None:
            return None
        return self.amount - (self.current or 0)


@dataclass
class AllocationImport:
    agreement: Agreement
    rows: list[ImportRow]
    # What is wrong with the file as a whole or with an area's total.
    errors: list[str]

    @property
    def row_errors(self) -> list[str]:
        return [error for row in self.rows for error in row.errors]

    @property
    def all_errors(self) -> list[str]:
        return [*self.errors, *self.row_errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.all_errors


def allocation_import_parse(
    *, agreement: Agreement, content: bytes, filename: str
) -> AllocationImport:
    """SKR's table as rows of county, focus area and amount, each checked; the file's errors
    (per row, and per area whose rows miss its county-joint total) in the user's language.

    Counties are found by their two-digit code or name, areas by their number or name. A
    first row without an amount or a county is taken for a header. Three queries."""
    try:
        raw = _read_table(content=content, filename=filename)
    except ImportFileError as exc:
        return AllocationImport(agreement, [], [exc.message])
    lookup = _Lookup(agreement)
    rows = [(line, cells) for line, cells in raw if any(_text(c) for c in cells)]
    if rows and lookup.is_header(rows[0][1]):
        rows = rows[1:]
    if not rows:
        return AllocationImport(agreement, [], [_("The file has no rows of allocations.")])
    if len(rows) > MAX_IMPORT_ROWS:
        message = _("The file has more than %(count)s rows.") % {"count": MAX_IMPORT_ROWS}
        return AllocationImport(agreement, [], [message])

    parsed = [lookup.row(line, cells) for line, cells in rows]
    seen: dict[tuple[int, int], ImportRow] = {}
    for row in parsed:
        if row.county is None or row.focus_area is None:
            continue
        key = (row.county.pk, row.focus_area.pk)
        if key in seen:
            row.errors.append(
                _("Row %(row)s: %(county)s, area %(area)s is on row %(first)s as well.")
                % {
                    "row": row.line,
                    "county": row.county.name,
                    "area": row.focus_area.number,
                    "first": seen[key].line,
                }
            )
        else:
            seen[key] = row
        row.current = lookup.current.get(key)
    result = AllocationImport(agreement, parsed, [])
    if not result.row_errors:
        result.errors = _area_total_errors(parsed, lookup)
    return result


def _area_total_errors(rows: list[ImportRow], lookup: "_Lookup") -> list[str]:
    """The areas with a county-joint total whose allocations after the import would not add
    up to it; counties the file leaves out keep what they have."""
    in_file: dict[int, int] = defaultdict(int)
    counties: dict[int, set[int]] = defaultdict(set)
    for row in rows:
        in_file[row.focus_area.pk] += row.amount
        counties[row.focus_area.pk].add(row.county.pk)
    errors = []
    for area in lookup.areas:
        if area.pk not in in_file or area.county_joint_total is None:
            continue
        others = sum(
            amount
            for (county, area_pk), amount in lookup.current.items()
            if area_pk == area.pk and county not in counties[area.pk]
        )
        difference = in_file[area.pk] + others - area.county_joint_total
        if not difference:
            continue
        values = {
            "area": area.number,
            "difference": format_kronor(abs(difference)),
            "total": format_kronor(area.county_joint_total),
        }
        if difference > 0:
            text = _(
                "Area %(area)s: the rows add up to %(difference)s more than the area's "
                "total of %(total)s."
            )
        else:
            text = _(
                "Area %(area)s: the rows add up to %(difference)s less than the area's "
                "total of %(total)s."
            )
        errors.append(text % values)
        if others:
            errors.append(
                _("Area %(area)s: counties not in the file keep their %(amount)s.")
                % {"area": area.number, "amount": format_kronor(others)}
            )
    return errors


class _Lookup:
    """The counties, the agreement's areas and the current allocations, read once."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        counties = list(County.objects.all())
        self.by_code = {c.code: c for c in counties}
        self.by_name = {c.name.casefold(): c for c in counties} | {c.slug: c for c in counties}
        self.areas = list(agreement.focus_areas.order_by("number"))
        self.by_number = {a.number: a for a in self.areas}
        self.area_by_name = {a.name.casefold(): a for a in self.areas} | {
            a.short_name.casefold(): a for a in self.areas if a.short_name
        }
        self.current = {
            (county, area): amount
            for county, area, amount in CountyAllocation.objects.filter(
                focus_area__agreement=agreement
            ).values_list("county_id", "focus_area_id", "amount")
        }

    def is_header(self, cells: tuple) -> bool:
        """A row whose amount has no digit and whose county is none of the counties."""
        county, amount = _text(_cell(cells, 0)), _text(_cell(cells, 2))
        known = county.casefold() in self.by_name or county.zfill(2) in self.by_code
        return not known and not re.search(r"\d", amount)

    def row(self, line: int, cells: tuple) -> ImportRow:
        county_cell, area_cell, amount_cell = (_cell(cells, i) for i in range(3))
        row = ImportRow(line, _text(county_cell), _text(area_cell), _text(amount_cell))
        if not (row.county_text and row.area_text and row.amount_text):
            row.errors.append(
                _("Row %(row)s: write the county, the area and the amount.") % {"row": line}
            )
            return row
        row.county = self.county(row, county_cell)
        row.focus_area = self.area(row, area_cell)
        row.amount = _amount(row, amount_cell)
        return row

    def county(self, row: ImportRow, cell) -> County | None:
        text = row.county_text
        if isinstance(cell, int | float) or text.isdigit():
            code = _whole(cell)
            code = f"{code:02d}" if code is not None and 0 <= code < 100 else text
            county = self.by_code.get(code)
            if county is None:
                row.errors.append(
                    _("Row %(row)s: no county has the code %(code)s.")
                    % {"row": row.line, "code": text}
                )
            return county
        county = self.by_name.get(text.casefold())
        if county is None:
            row.errors.append(
                _("Row %(row)s: no county is named “%(name)s”.") % {"row": row.line, "name": text}
            )
        return county

    def area(self, row: ImportRow, cell) -> FocusArea | None:
        text = row.area_text
        number = _whole(cell) if isinstance(cell, int | float) or text.isdigit() else None
        area = self.by_number.get(number) if number is not None else None
        if area is None and number is None:
            area = self.area_by_name.get(text.casefold())
        if area is None:
            row.errors.append(
                _("Row %(row)s: the agreement of %(year)s has no focus area “%(area)s”.")
                % {"row": row.line, "year": self.agreement.year, "area": text}
            )
        elif not area.has_county_joint_funds:
            row.errors.append(
                _("Row %(row)s: area %(area)s carries no county-joint funds.")
                % {"row": row.line, "area": area.number}
            )
            area = None
        return area


def _cell(cells: tuple, index: int):
    return cells[index] if index < len(cells) else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if text.isdigit() and text.isascii() else None


def _amount(row: ImportRow, cell) -> int | None:
    if isinstance(cell, str):
        cell = re.sub(r"(?i)[\s\u00a0\u202f]|kr$", "", cell.strip())
    amount = _whole(cell)
    if amount is None and isinstance(cell, str) and cell[:1] == "-" and _whole(cell[1:]):
        amount = -1
    if amount is None:
        row.errors.append(_("Row %(row)s: the amount must be whole kronor.") % {"row": row.line})
    elif amount < 0:
        row.errors.append(_("Row %(row)s: the amount cannot be negative.") % {"row": row.line})
        amount = None
    elif amount > MAX_KRONOR:
        row.errors.append(_("Row %(row)s: the amount is too large.") % {"row": row.line})
        amount = None
    return amount


def _read_table(*, content: bytes, filename: str) -> list[tuple[int, tuple]]:
    """(row number, cells) of the file's first sheet or of the CSV text."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is larger than 2 MB."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise ImportFileError(_("Upload the table as an XLSX workbook or a CSV file."))


def _read_xlsx(content: bytes) -> list[tuple[int, tuple]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = []
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if line > MAX_IMPORT_ROWS + 1:
                break
            rows.append((line, cells))
        workbook.close()
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_("The file could not be read as an XLSX workbook.")) from exc
    return rows


def _read_csv(content: bytes) -> list[tuple[int, tuple]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Save the CSV file as UTF-8 text.")) from exc
    if "\x00" in text:
        raise ImportFileError(_("Save the CSV file as UTF-8 text."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [(line, tuple(cells)) for line, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file could not be read.")) from exc
