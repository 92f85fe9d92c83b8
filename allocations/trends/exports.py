"""The year-over-year tables as spreadsheet columns (see applications/exports.py): the
figures per focus area and year with the totals, and the interventions over several years
with their decided and used amounts per year. Amounts stay numbers."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from allocations.trends.charts import FIGURE_LABELS
from allocations.trends.selectors import FIGURES, CountyTrends
from applications.exports import Column
from applications.grants.interventions import Intervention

YEAR_COLUMNS = [
    Column(_("Focus area"), lambda r: r[0], width=36),
    Column(_("Year"), lambda r: r[1], width=8),
] + [Column(FIGURE_LABELS[f], lambda r, f=f: r[2].get(f), width=14) for f in FIGURES]


def year_rows(trends: CountyTrends) -> list[tuple]:
    """(area, year, figures) per area and year, then the totals per year."""
    rows = [(row.name, year.year, year.figures) for row in trends.rows for year in row.years]
    rows += [(gettext("Total"), year.year, year.figures) for year in trends.years]
    return rows


def intervention_columns(years: list[int]) -> list[Column]:
    columns = [
        Column(_("Intervention"), lambda i: i.title, width=40),
        Column(_("Organisation"), lambda i: i.organisation, width=30),
    ]
    for year in years:
        columns += [
            Column(
                f"{gettext('Decided')} {year}",
                lambda i, y=year: i.in_year(y).decided if i.in_year(y) else None,
                width=14,
            ),
            Column(
                f"{gettext('Used')} {year}",
                lambda i, y=year: i.in_year(y).used if i.in_year(y) else None,
                width=14,
            ),
        ]
    return columns


def intervention_years(interventions: list[Intervention]) -> list[int]:
    return sorted({year for i in interventions for year in i.year_numbers})
