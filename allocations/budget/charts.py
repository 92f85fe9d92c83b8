"""The budget as a horizontal bar chart, laid out here and drawn by a template as SVG.

No JavaScript and readable without colour: every bar carries its column's name at its left
and its amount in kronor at its right end, and each column has its own fill pattern as well
as its own colour. The table beside it is the accessible equivalent (the SVG is one image
with a title and a description); the chart repeats the table's area rows on one scale.
"""

from dataclasses import dataclass

from allocations.budget.selectors.overview import COLUMN_LABELS, COLUMNS, Budget
from allocations.money import format_kronor

WIDTH = 760
LABEL_WIDTH = 150  # the column names, right-aligned before the bars
BAR_START = 160
BAR_SPACE = 430  # the longest bar; its amount is written after it
BAR_HEIGHT = 14
BAR_GAP = 5
GROUP_HEADING = 26
GROUP_GAP = 14


@dataclass(frozen=True)
class Bar:
    id: str  # `bar-<area number>-<column>`
    column: str
    label: str
    amount: int
    value_text: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3

    @property
    def value_x(self) -> int:
        return BAR_START + self.width + 6

    @property
    def pattern(self) -> str:
        return f"pattern-{self.column.replace('_', '-')}"


@dataclass(frozen=True)
class Group:
    heading: str
    y: int
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    groups: list[Group]
    label_x: int = LABEL_WIDTH
    bar_x: int = BAR_START
    bar_height: int = BAR_HEIGHT


def budget_chart(budget: Budget) -> BarChart:
    """One group of bars per focus area, one bar per column that has a figure, all on the
    scale of the largest figure."""
    figures = [
        (area, column, area.row.figures.get(column)) for area in budget.areas for column in COLUMNS
    ]
    largest = max((amount for _a, _c, amount in figures if amount), default=0) or 1
    groups, y = [], 0
    for area in budget.areas:
        heading_y = y + 18
        y += GROUP_HEADING
        bars = []
        for column in COLUMNS:
            amount = area.row.figures.get(column)
            if amount is None:
                continue
            width = round(max(amount, 0) * BAR_SPACE / largest)
            bars.append(
                Bar(
                    id=f"bar-{area.focus_area.number}-{column.replace('_', '-')}",
                    column=column,
                    label=str(COLUMN_LABELS[column]),
                    amount=amount,
                    value_text=format_kronor(amount),
                    y=y,
                    width=width,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(
            Group(f"{area.focus_area.number}. {area.focus_area.row_name}", heading_y, bars)
        )
        y += GROUP_GAP
    return BarChart(width=WIDTH, height=max(y, 1), groups=groups)
