"""The review overview and the proposal list as spreadsheet columns (see exports.py).

Numbers stay numbers (categories, scores, kronor); a cell the viewer may not see says
why ("jäv", hidden) instead of a value.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from applications.exports import Column
from applications.models import Proposal
from applications.review.selectors.overview import (
    HIDDEN_CONFLICT,
    MemberEntry,
    OverviewRow,
    member_name,
)


def _score_number(value) -> float | int | None:
    """A Fraction as a spreadsheet number: whole numbers stay whole, else two decimals."""
    if value is None:
        return None
    if value.denominator == 1:
        return value.numerator
    return round(float(value), 2)


def _cell(row: OverviewRow, index: int, read):
    entry: MemberEntry = row.entries[index]
    if entry.state == "hidden":
        return _("Conflicted") if row.hidden == HIDDEN_CONFLICT else _("Hidden")
    if entry.state == "conflict":
        return _("Conflicted")
    if entry.state == "missing":
        return None
    return read(entry)


def _hidden_or(row: OverviewRow, value):
    if row.hidden == HIDDEN_CONFLICT:
        return _("Conflicted")
    if row.hidden:
        return _("Hidden")
    return value


# The parts of each member's column headers ("Anna Andersson: category").
MEMBER_CATEGORY = _("category")
MEMBER_RECOMMENDATION = _("recommendation")
MEMBER_TOTAL = _("total score")
MEMBER_WEIGHTED = _("weighted score")


def overview_columns(members: list[AbstractBaseUser]) -> list[Column]:
    """The overview table: the application, each member's entry, the consensus."""
    columns = [
        Column(_("Rank"), lambda row: row.rank, width=6),
        Column(_("Case number"), lambda row: row.application.case_number, width=16),
        Column(_("Applicant"), lambda row: row.application.organisation.name, width=32),
        Column(_("Intervention"), lambda row: row.application.title, width=40),
        Column(
            _("Sub-area"),
            lambda row: row.application.sub_area.name if row.application.sub_area else "",
            width=30,
        ),
        Column(_("Amount applied for"), lambda row: row.application.amount_requested, width=14),
    ]
    for index, member in enumerate(members):
        name = member_name(member)
        columns += [
            Column(
                f"{name}: {MEMBER_CATEGORY}",
                lambda row, i=index: _cell(row, i, lambda e: e.category),
                width=12,
            ),
            Column(
                f"{name}: {MEMBER_RECOMMENDATION}",
                lambda row, i=index: _cell(row, i, lambda e: e.recommendation_display),
                width=18,
            ),
            Column(
                f"{name}: {MEMBER_TOTAL}",
                lambda row, i=index: _cell(row, i, lambda e: e.score.total),
                width=12,
            ),
            Column(
                f"{name}: {MEMBER_WEIGHTED}",
                lambda row, i=index: _cell(row, i, lambda e: _score_number(e.score.weighted)),
                width=12,
            ),
        ]
    columns += [
        Column(_("Consensus (median category)"), lambda row: _hidden_or(row, row.category)),
        Column(
            _("Spread"),
            lambda row: _hidden_or(row, str(_("Yes")) if row.spread else ""),
            width=10,
        ),
        Column(_("Total score"), lambda row: _hidden_or(row, row.total_score), width=12),
        Column(
            _("Mean score"), lambda row: _hidden_or(row, _score_number(row.mean_score)), width=12
        ),
        Column(
            _("Recommended amount"), lambda row: _hidden_or(row, row.recommended_amount), width=14
        ),
        Column(_("Proposed amount"), lambda row: row.proposed_amount, width=14),
    ]
    return columns


def _excluded(proposal: Proposal) -> str:
    return ", ".join(member_name(member) for member in proposal.excluded_members.all())


PROPOSAL_COLUMNS = [
    Column(_("Focus area"), lambda p: p.application.focus_area.number, width=8),
    Column(_("Case number"), lambda p: p.application.case_number, width=16),
    Column(_("Applicant"), lambda p: p.application.organisation.name, width=32),
    Column(_("Intervention"), lambda p: p.application.title, width=40),
    Column(_("Amount applied for"), lambda p: p.application.amount_requested, width=14),
    Column(_("Proposed amount"), lambda p: p.amount, width=14),
    Column(_("Motivation"), lambda p: p.motivation, width=50),
    Column(_("Conditions"), lambda p: p.conditions, width=40),
    Column(_("Took no part because of a conflict of interest"), _excluded, width=30),
]
