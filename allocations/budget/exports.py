"""The budget pages' tables as spreadsheet columns (see applications/exports.py): the budget,
its reallocations and corrections, the lines behind a figure, the summaries per actor and
the year's grants. Headers are translated (Swedish by default); amounts stay numbers."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from allocations.budget.selectors.actors import ActorSummary
from allocations.budget.selectors.overview import (
    COLUMN_LABELS,
    COLUMNS,
    Budget,
    grant_follow_up,
    year_grants,
)
from allocations.models import Agreement, County, GrantReport
from applications.exports import Column
from applications.models import Grant
from reporting.exports.tables import ExportTable

AREA = _("Focus area")
NAME = _("Name")
SUB_AREA = _("Sub-area")
AMOUNT = _("Amount (kr)")


def budget_rows(budget: Budget) -> list[tuple]:
    """(area number, name, sub-area, figures) per row of the table, the total last."""
    rows = []
    for area in budget.areas:
        number, name = area.focus_area.number, area.focus_area.row_name
        rows.append((number, name, "", area.row.figures))
        for sub_row in area.sub_rows:
            sub_name = sub_row.sub_area.name if sub_row.sub_area else gettext("No sub-area")
            rows.append((number, name, sub_name, sub_row.figures))
    rows.append((None, gettext("Total"), "", budget.total))
    return rows


BUDGET_COLUMNS = [
    Column(AREA, lambda r: r[0], width=8),
    Column(NAME, lambda r: r[1], width=30),
    Column(SUB_AREA, lambda r: r[2], width=40),
] + [Column(COLUMN_LABELS[c], lambda r, c=c: r[3].get(c), width=14) for c in COLUMNS]

REALLOCATION_COLUMNS = [
    Column(_("From focus area"), lambda r: r.from_focus_area.number, width=10),
    Column(_("To focus area"), lambda r: r.to_focus_area.number, width=10),
    Column(AMOUNT, lambda r: r.amount, width=14),
    Column(_("Decided in"), lambda r: r.decision_label, width=20),
    Column(_("Reason"), lambda r: r.reason, width=50),
    Column(_("Recorded"), lambda r: r.created_at, width=18),
]

# Rows: (focus area number, chain, step) with step None for the decision corrected.
CORRECTION_COLUMNS = [
    Column(AREA, lambda r: r[0], width=8),
    Column(_("Intervention"), lambda r: r[1].title, width=40),
    Column(_("Paragraph"), lambda r: (r[2] or r[1].first).paragraph, width=18),
    Column(_("Decision"), lambda r: (r[2] or r[1].first).outcome, width=18),
    Column(AMOUNT, lambda r: (r[2] or r[1].first).amount, width=14),
    Column(_("Corrects"), lambda r: r[1].first.paragraph if r[2] else "", width=18),
]


def correction_rows(budget: Budget) -> list[tuple]:
    rows = []
    for area in budget.areas:
        for chain in area.corrections:
            rows.append((area.focus_area.number, chain, None))
            rows += [(area.focus_area.number, chain, step) for step in chain.steps]
    return rows


LINE_COLUMNS = [
    Column(AREA, lambda line: line.focus_area, width=8),
    Column(SUB_AREA, lambda line: line.sub_area, width=30),
    Column(_("Reference"), lambda line: line.reference, width=18),
    Column(_("Date"), lambda line: line.date, width=12),
    Column(_("Organisation"), lambda line: line.organisation, width=32),
    Column(_("Description"), lambda line: line.text, width=40),
    Column(_("Detail"), lambda line: line.detail, width=24),
    Column(AMOUNT, lambda line: line.amount, width=14),
]


def actor_columns(*, handling: bool) -> list[Column]:
    """Rows are `actor_rows`: (name, lines, amount, not final)."""
    first = _("Handling organisation") if handling else _("Responsible organisation")
    return [
        Column(first, lambda r: r[0], width=50),
        Column(_("Lines"), lambda r: r[1], width=8),
        Column(AMOUNT, lambda r: r[2], width=14),
        Column(_("Of which not final (kr)"), lambda r: r[3], width=14),
    ]


def actor_rows(summary: ActorSummary) -> list[tuple]:
    rows = [(r.label, r.lines, r.amount, r.not_final) for r in summary.rows]
    lines = sum(r.lines for r in summary.rows)
    return [*rows, (gettext("Total"), lines, summary.total, summary.not_final)]


# --- the year's grants (large: may run in the background) -------------------------------------


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


GRANT_COLUMNS = [
    Column(_("Grant"), lambda r: r[0].pk, width=8),
    Column(AREA, lambda r: r[0].focus_area.number, width=8),
    Column(
        SUB_AREA,
        lambda r: r[0].decision.sub_area.name if r[0].decision.sub_area else "",
        width=30,
    ),
    Column(
        _("Paragraph"),
        lambda r: f"§{r[0].decision.item.number} {r[0].decision.item.meeting.held_on.isoformat()}",
        width=18,
    ),
    Column(_("Case number"), lambda r: r[0].application.case_number if r[0].application else ""),
    Column(_("Intervention"), lambda r: r[0].title, width=40),
    Column(_("Responsible organisation"), lambda r: r[0].responsible_organisation.name, width=32),
    Column(_("Handling organisation"), lambda r: r[0].handled_by_label, width=40),
    Column(_("Project code"), lambda r: r[0].project_code, width=12),
    Column(_("Amount granted (kr)"), lambda r: r[0].amount, width=14),
    Column(COLUMN_LABELS["used"], lambda r: r[1]["used"], width=14),
    Column(_("Report back"), lambda r: r[2], width=16),
    Column(COLUMN_LABELS["to_repay"], lambda r: r[1].get("to_repay"), width=14),
    Column(_("Current"), lambda r: _yes_no(r[1]["current"]), width=8),
    Column(
        _("Replaced by"),
        lambda r: (
            f"§{r[0].replaced_by.item.number} {r[0].replaced_by.item.meeting.held_on.isoformat()}"
            if r[0].replaced_by_id
            else ""
        ),
        width=18,
    ),
]


def grants_queryset(*, county: County, agreement: Agreement):
    return year_grants(county=county, agreement=agreement).select_related(
        "focus_area",
        "decision__sub_area",
        "decision__item__meeting",
        "application",
        "responsible_organisation",
        "handling_organisation",
        "replaced_by__item__meeting",
    )


def grant_rows(*, county: County, agreement: Agreement):
    """(grant, follow-up dict, state of its latest report back) per grant of the year."""
    follow_up = {row["pk"]: row for row in grant_follow_up(county=county, agreement=agreement)}
    reports = dict(
        GrantReport.objects.filter(grant__county=county, grant__focus_area__agreement=agreement)
        .order_by("grant_id", "reported_on", "pk")
        .values_list("grant_id", "state")
    )  # the latest report per grant wins
    labels = dict(GrantReport._meta.get_field("state").choices)
    grants = grants_queryset(county=county, agreement=agreement).order_by(
        "focus_area__number", "decision__item__meeting__held_on", "pk"
    )
    for grant in grants.iterator(chunk_size=500):
        state = reports.get(grant.pk)
        yield grant, follow_up[grant.pk], str(labels[state]) if state else ""


def grants_count(*, county: County, agreement: Agreement) -> int:
    return Grant.objects.filter(county=county, focus_area__agreement=agreement).count()


def grants_filename(county: County, agreement: Agreement) -> str:
    return f"bidrag-{county.slug}-{agreement.year}"


def grants_export_table(params: dict) -> ExportTable:
    """The background export's builder (reporting.exports.tables.EXPORT_KINDS["budget_grants"])."""
    county = County.objects.get(pk=params["county_id"])
    agreement = Agreement.objects.get(year=params["year"])
    return ExportTable(
        columns=GRANT_COLUMNS,
        rows=grant_rows(county=county, agreement=agreement),
        count=grants_count(county=county, agreement=agreement),
        filename=grants_filename(county, agreement),
        sheet_title=gettext("Grants"),
    )
