"""Text in the county's workbooks: characters a workbook cannot hold are dropped, and text
that looks like a formula stays text (the cell is typed as a string, so Excel shows it as
written and never runs it — no visible `'` prefix)."""

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell


def xlsx_value(value: Any) -> Any:
    """A value ready for a cell: text without control characters, other values as they are."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def keep_text(cells: Iterable[Cell]) -> None:
    """Cells whose text starts like a formula (`=…`) are stored as plain text."""
    for cell in cells:
        if cell.data_type == "f":
            cell.data_type = "s"
