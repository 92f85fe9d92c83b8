"""Reads of the report back: one grant's report, the rows of its money form, and the
county report that assembles every grant's report per focus area (fixed number of queries).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from allocations.models import (
    REPORT_TRANSITIONS,
    Agreement,
    County,
    FocusArea,
    GrantReport,
    GrantReportAttachment,
    GrantReportLine,
    ReportState,
    SubArea,
)
from applications.models import Grant


def report_of(*, grant: Grant) -> GrantReport | None:
    return (
        GrantReport.objects.filter(grant=grant)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related("lines__sub_area", "attachments")
        .first()
    )


def line_rows(*, grant: Grant) -> list[SubArea | None]:
    """The rows of the money form: each sub-area of the grant's area, then the area as a
    whole (None)."""
    return [*SubArea.objects.filter(focus_area_id=grant.focus_area_id).order_by("position"), None]


def may_review(report: GrantReport | None) -> bool:
    return report is not None and ReportState.ACCEPTED in REPORT_TRANSITIONS[report.state]


@dataclass
class GrantEntry:
    grant: Grant
    report: GrantReport | None

    @property
    def reported(self) -> GrantReport | None:
        """The report once submitted (a draft is the recipient's own until then)."""
        return self.report if self.report and self.report.state != ReportState.DRAFT else None

    @property
    def used(self) -> int:
        return sum(line.amount for line in self.reported.lines.all()) if self.reported else 0


@dataclass
class AreaReport:
    focus_area: FocusArea
    entries: list[GrantEntry] = field(default_factory=list)

    @property
    def granted(self) -> int:
        return sum(e.grant.amount for e in self.entries)

    @property
    def used(self) -> int:
        return sum(e.used for e in self.entries)

    @property
    def accepted(self) -> int:
        return sum(1 for e in self.entries if e.report and e.report.state == ReportState.ACCEPTED)

    @property
    def per_sub_area(self) -> list[tuple[SubArea | None, int]]:
        """Used per sub-area (None: the area as a whole), in the area's order."""
        totals: dict[int | None, int] = {}
        for entry in self.entries:
            for line in entry.reported.lines.all() if entry.reported else []:
                totals[line.sub_area_id] = totals.get(line.sub_area_id, 0) + line.amount
        subs = list(self.focus_area.sub_areas.all())
        rows = [(s, totals[s.pk]) for s in subs if s.pk in totals]
        return rows + ([(None, totals[None])] if None in totals else [])


@dataclass
class CountyReport:
    county: County
    agreement: Agreement
    areas: list[AreaReport]

    @property
    def granted(self) -> int:
        return sum(a.granted for a in self.areas)

    @property
    def used(self) -> int:
        return sum(a.used for a in self.areas)


def county_report(*, county: County, agreement: Agreement) -> CountyReport:
    """Every current grant of the year with its report back, per focus area. Six queries."""
    areas = {
        a.pk: AreaReport(a)
        for a in FocusArea.objects.filter(agreement=agreement)
        .prefetch_related("sub_areas")
        .order_by("number")
    }
    reports = GrantReport.objects.select_related("submitted_by", "reviewed_by").prefetch_related(
        Prefetch("lines", GrantReportLine.objects.select_related("sub_area")),
        Prefetch("attachments", GrantReportAttachment.objects.order_by("uploaded_at", "pk")),
    )
    grants = (
        Grant.objects.filter(county=county, focus_area__agreement=agreement, replaced_by=None)
        .select_related("responsible_organisation", "decision__item")
        .prefetch_related(Prefetch("reports", reports))
        .order_by("focus_area__number", "pk")
    )
    for grant in grants:
        report = next(iter(grant.reports.all()), None)
        areas[grant.focus_area_id].entries.append(GrantEntry(grant, report))
    return CountyReport(county, agreement, [a for a in areas.values() if a.entries])
