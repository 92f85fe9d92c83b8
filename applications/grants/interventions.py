"""Interventions that run over several years.

An intervention over the years is the chain grant ← application ← grant …: an application
of kind continuation names (`Application.continues`) a grant of an earlier year of the same
organisation, and its own grant may be continued in turn. A grant that a correcting decision
replaced stands for its successor. One intervention is found from its own records' links
(one recursive query, whatever its length), the county's all of them among the county's links
(two queries).

The figures of a year of an intervention, and where each comes from:

- applied: `Application.amount_requested` of its submitted applications (not drafts,
  withdrawn or ineligible ones);
- decided: `Grant.amount` of its standing grants (those no correction replaced);
- used: per standing grant, what its accepted report back states as used
  (`GrantReportLine`); without such amounts, what was invoiced or used on it (`GrantUsage`,
  counting what was recorded on a grant a correction replaced);
- to repay: what a settled grant (report back accepted) did not use. The county's
  repayments (`Repayment`) are recorded per focus area, not per grant: this is the grant's
  part of them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import Coalesce

from allocations.models import County
from applications.grants.selectors import NOT_APPLIED, grant_use_rows
from applications.models import Application, Grant, Status

# --- interventions over the years -------------------------------------------------------------


@dataclass
class InterventionStep:
    """An application of the intervention, its grant, or both (a grant decided without an
    application; an application not granted, or not yet)."""

    year: int
    application_id: int | None = None
    application_label: str = ""
    grant_id: int | None = None
    grant_title: str = ""
    applied: int = 0
    decided: int = 0
    used: int = 0
    to_repay: int = 0


@dataclass
class InterventionYear:
    year: int
    steps: list[InterventionStep] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(step.applied for step in self.steps)

    @property
    def decided(self) -> int:
        return sum(step.decided for step in self.steps)

    @property
    def used(self) -> int:
        return sum(step.used for step in self.steps)

    @property
    def to_repay(self) -> int:
        return sum(step.to_repay for step in self.steps)


@dataclass
class Intervention:
    title: str
    organisation: str
    years: list[InterventionYear]

    @property
    def year_numbers(self) -> list[int]:
        return [year.year for year in self.years]

    def in_year(self, year: int) -> InterventionYear | None:
        return next((y for y in self.years if y.year == year), None)

    @property
    def totals(self) -> InterventionYear:
        return InterventionYear(0, [step for year in self.years for step in year.steps])

    @property
    def is_multi_year(self) -> bool:
        return len(self.years) > 1


def _applications(county_id: int, include: int | None, only=None) -> list[dict]:
    visible = ~Q(status=Status.DRAFT)
    if include is not None:
        visible |= Q(pk=include)
    rows = Application.objects.filter(visible, county_id=county_id)
    if only is not None:
        rows = rows.filter(pk__in=only)
    return list(
        rows.order_by("pk").values(
            "pk",
            "continues_id",
            "status",
            "amount_requested",
            "case_number",
            "title",
            "organisation__name",
            year=Coalesce("call__agreement__year", Value(0)),
        )
    )


class _Links:
    """Union-find over the county's applications and grants: linked records are one
    intervention."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(self, node: tuple[str, int]) -> tuple[str, int]:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        self.parent[self.find(a)] = self.find(b)


# The records linked to one record, found by the database: a grant and its application, an
# application and the grant it continues, a grant and the grant whose decision replaced it.
# Drafts are passed through only for the one the page is about (`include`). PostgreSQL follows
# each link from the records found so far by its index (LATERAL); the embedded SQLite, which
# has no LATERAL, joins the found records with every link of the county.
_COMPONENT_POSTGRESQL = """
WITH RECURSIVE node(kind, id) AS (
    SELECT CAST(%(kind)s AS TEXT), CAST(%(id)s AS BIGINT)
    UNION
    SELECT e.kind, e.id FROM node CROSS JOIN LATERAL (
        SELECT 'a', g.application_id FROM {grant} g JOIN {application} a ON a.id = g.application_id
            WHERE node.kind = 'g' AND g.id = node.id
            AND (a.status <> %(draft)s OR a.id = %(include)s)
        UNION ALL
        SELECT 'g', g.id FROM {grant} g JOIN {application} a ON a.id = g.application_id
            WHERE node.kind = 'a' AND g.application_id = node.id
            AND (a.status <> %(draft)s OR a.id = %(include)s)
        UNION ALL
        SELECT 'g', a.continues_id FROM {application} a
            WHERE node.kind = 'a' AND a.id = node.id AND a.continues_id IS NOT NULL
            AND (a.status <> %(draft)s OR a.id = %(include)s)
        UNION ALL
        SELECT 'a', a.id FROM {application} a
            WHERE node.kind = 'g' AND a.continues_id = node.id
            AND (a.status <> %(draft)s OR a.id = %(include)s)
        UNION ALL
        SELECT 'g', n.id FROM {grant} g JOIN {grant} n ON n.decision_id = g.replaced_by_id
            WHERE node.kind = 'g' AND g.id = node.id
        UNION ALL
        SELECT 'g', g.id FROM {grant} n JOIN {grant} g ON g.replaced_by_id = n.decision_id
            WHERE node.kind = 'g' AND n.id = node.id
    ) AS e(kind, id)
)
SELECT kind, id FROM node
"""
_COMPONENT_COUNTY = """
WITH RECURSIVE visible(id, continues_id) AS (
    SELECT id, continues_id FROM {application}
    WHERE county_id = %(county)s AND (status <> %(draft)s OR id = %(include)s)
), edge(kind, id, other_kind, other_id) AS (
    SELECT 'g', g.id, 'a', g.application_id FROM {grant} g
        JOIN visible a ON a.id = g.application_id WHERE g.county_id = %(county)s
    UNION ALL
    SELECT 'a', g.application_id, 'g', g.id FROM {grant} g
        JOIN visible a ON a.id = g.application_id WHERE g.county_id = %(county)s
    UNION ALL
    SELECT 'a', a.id, 'g', a.continues_id FROM visible a WHERE a.continues_id IS NOT NULL
    UNION ALL
    SELECT 'g', a.continues_id, 'a', a.id FROM visible a WHERE a.continues_id IS NOT NULL
    UNION ALL
    SELECT 'g', g.id, 'g', n.id FROM {grant} g
        JOIN {grant} n ON n.decision_id = g.replaced_by_id WHERE g.county_id = %(county)s
    UNION ALL
    SELECT 'g', n.id, 'g', g.id FROM {grant} g
        JOIN {grant} n ON n.decision_id = g.replaced_by_id WHERE g.county_id = %(county)s
), node(kind, id) AS (
    SELECT CAST(%(kind)s AS TEXT), CAST(%(id)s AS BIGINT)
    UNION
    SELECT e.other_kind, e.other_id FROM node JOIN edge e ON e.kind = node.kind AND e.id = node.id
)
SELECT kind, id FROM node
"""


def _component(county_id: int, node: tuple[str, int], include: int | None) -> dict[str, set]:
    """The ids of the applications ("a") and grants ("g") linked to the record, in one query."""
    template = _COMPONENT_POSTGRESQL if connection.vendor == "postgresql" else _COMPONENT_COUNTY
    sql = template.format(
        application=connection.ops.quote_name(Application._meta.db_table),
        grant=connection.ops.quote_name(Grant._meta.db_table),
    )
    params = {
        "county": county_id,
        "draft": Status.DRAFT.value,
        "include": include if include is not None else 0,
        "kind": node[0],
        "id": node[1],
    }
    found: dict[str, set] = {"a": set(), "g": set()}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, pk in cursor.fetchall():
            found[kind].add(pk)
    return found


def _interventions(
    county_id: int, include: int | None = None, only: dict[str, set] | None = None
) -> tuple[_Links, dict]:
    """Every intervention of the county (or only the records of `only`), keyed by the root
    of its records' group."""
    applications = {
        row["pk"]: row
        for row in _applications(county_id, include, None if only is None else only["a"])
    }
    grants = grant_use_rows(county=County(pk=county_id), only=None if only is None else only["g"])
    by_decision = {row["decision_id"]: row for row in grants}
    links = _Links()
    for row in grants:
        links.find(("g", row["pk"]))
        if row["application_id"] in applications:
            links.join(("g", row["pk"]), ("a", row["application_id"]))
        successor = by_decision.get(row["replaced_by_id"])
        if successor is not None:
            links.join(("g", row["pk"]), ("g", successor["pk"]))
    for row in applications.values():
        links.find(("a", row["pk"]))
        if row["continues_id"]:
            links.join(("a", row["pk"]), ("g", row["continues_id"]))

    steps: dict[tuple[str, int], list[InterventionStep]] = defaultdict(list)
    names: dict[tuple[str, int], tuple[int, str, str]] = {}
    granted = set()
    for row in grants:
        if not row["current"]:
            continue
        step = InterventionStep(
            year=row["year"],
            grant_id=row["pk"],
            grant_title=row["title"],
            decided=row["amount"],
            used=row["settled_used"],
            to_repay=row["to_repay"],
        )
        application = applications.get(row["application_id"])
        if application is not None:
            granted.add(application["pk"])
            _fill_application(step, application)
        root = links.find(("g", row["pk"]))
        steps[root].append(step)
        label = (row["year"], row["title"], row["responsible_organisation__name"])
        names[root] = max(names.get(root, label), label)
    for application in applications.values():
        if application["pk"] in granted:
            continue
        step = InterventionStep(year=application["year"])
        _fill_application(step, application)
        root = links.find(("a", application["pk"]))
        steps[root].append(step)
        label = (application["year"], application["title"], application["organisation__name"])
        names[root] = max(names.get(root, label), label)
    result = {}
    for root, group in steps.items():
        by_year: dict[int, InterventionYear] = {}
        for step in sorted(group, key=lambda s: (s.year, s.grant_id or 0, s.application_id or 0)):
            by_year.setdefault(step.year, InterventionYear(step.year)).steps.append(step)
        _year, title, organisation = names[root]
        result[root] = Intervention(title, organisation, list(by_year.values()))
    return links, result


def _fill_application(step: InterventionStep, application: dict) -> None:
    step.application_id = application["pk"]
    step.application_label = application["case_number"] or application["title"]
    if application["status"] not in NOT_APPLIED:
        step.applied = application["amount_requested"] or 0


def intervention_history(
    *, grant: Grant | None = None, application: Application | None = None
) -> Intervention:
    """The intervention the grant or the application belongs to, year by year (three
    queries: its linked records, then their applications and grants).

    An application's own draft is part of it for its applicant; nobody else's drafts are."""
    if (grant is None) == (application is None):
        raise ValueError("Give a grant or an application.")
    if grant is not None:
        county_id, node = grant.county_id, ("g", grant.pk)
        include = None
    else:
        county_id, node = application.county_id, ("a", application.pk)
        include = application.pk
    only = _component(county_id, node, include)
    links, interventions = _interventions(county_id, include, only)
    return interventions.get(links.find(node)) or Intervention("", "", [])


def county_interventions(*, county: County) -> list[Intervention]:
    """The county's interventions that run over more than one year, the earliest first
    (two queries)."""
    _links, interventions = _interventions(county.pk)
    multi = [i for i in interventions.values() if i.is_multi_year]
    return sorted(multi, key=lambda i: (i.years[0].year, i.title))
