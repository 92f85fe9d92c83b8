"""The county's totals year over year as a horizontal bar chart, drawn by a template as SVG.

As the budget's chart (`allocations.budget.charts`): no JavaScript, readable without colour
(every bar is named at its left and carries its amount at its right, each figure has its own
fill pattern) and the table of totals is its text alternative.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from allocations.money import format_kronor
from allocations.trends.selectors import FIGURES, CountyTrends

FIGURE_LABELS = {
    "allocated": _("Allocated"),
    "applied": _("Applied for"),
    "proposed": _("Proposed"),
    "decided": _("Decided"),
    "used": _("Used"),
    "repaid": _("Repaid"),
}

WIDTH = 760
LABEL_WIDTH = 150
BAR_START = 160
BAR_SPACE = 430
BAR_HEIGHT = 14
BAR_GAP = 5
GROUP_HEADING = 26
GROUP_GAP = 14


@dataclass(frozen=True)
class Bar:
    id: str  # `trend-<year>-<figure>`
    figure: str
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
        return f"pattern-{self.figure}"


@dataclass(frozen=True)
class Group:
    heading: str
    y: int
    bars: list[Bar]


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    groups: list[Group]
    label_x: int = LABEL_WIDTH
    bar_x: int = BAR_START
    bar_height: int = BAR_HEIGHT


def trends_chart(trends: CountyTrends) -> TrendChart:
    """One group of bars per year, one bar per figure, all on the scale of the largest."""
    largest = max((f for y in trends.years for f in y.figures.values()), default=0) or 1
    groups, y = [], 0
    for year in trends.years:
        heading_y = y + 18
        y += GROUP_HEADING
        bars = []
        for figure in FIGURES:
            amount = year.figures.get(figure)
            bars.append(
                Bar(
                    id=f"trend-{year.year}-{figure}",
                    figure=figure,
                    label=str(FIGURE_LABELS[figure]),
                    amount=amount,
                    value_text=format_kronor(amount),
                    y=y,
                    width=round(max(amount, 0) * BAR_SPACE / largest),
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(Group(str(year.year), heading_y, bars))
        y += GROUP_GAP
    return TrendChart(width=WIDTH, height=max(y, 1), groups=groups)
