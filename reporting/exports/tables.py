"""Background exports: the tables a job can build, and writing one to a file with progress.

A kind maps to a builder, `build(params) -> ExportTable`, given as a dotted path so this
app does not import the apps whose tables it writes. The file is written by the same code
as the downloads served directly (`applications.exports.table_response`), so a table looks
the same whichever way it comes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from applications.exports import Column, table_response

EXPORT_KINDS: dict[str, str] = {
    "budget_grants": "allocations.budget.exports.grants_export_table",
}


@dataclass(frozen=True)
class ExportTable:
    columns: list[Column]
    rows: Iterable[Any]
    count: int  # how many rows, for the progress
    filename: str  # without extension
    sheet_title: str = ""


def export_table(kind: str, params: dict) -> ExportTable:
    if kind not in EXPORT_KINDS:
        raise ValueError(f"Unknown export kind: {kind}")
    return import_string(EXPORT_KINDS[kind])(params)


def _counted(rows: Iterable[Any], count: int, report: Callable[[int], None]):
    """Yield the rows, reporting the share written (0–95 %; the last step is the save)."""
    last = -1
    for index, row in enumerate(rows, start=1):
        yield row
        percent = min(95, index * 95 // max(count, 1))
        if percent != last:
            report(percent)
            last = percent


def write_table(
    table: ExportTable, *, format: str, report: Callable[[int], None]
) -> tuple[bytes, str]:
    """The file's bytes and name (with extension)."""
    response = table_response(
        format=format,
        columns=table.columns,
        rows=_counted(table.rows, table.count, report),
        filename=table.filename,
        sheet_title=table.sheet_title,
    )
    return response.content, f"{table.filename}.{format}"
