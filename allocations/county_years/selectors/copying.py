"""What opening a county's year copies from an earlier year: the plan, read before anything
is written, so that the page can show it before the coordinator confirms and the service
can carry it out as shown.

Focus areas are matched by number, else by short name; sub-areas by name inside the
matched area. What has no match in the new year is named in the plan (and kept in the
year's summary), never copied to a wrong area.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from allocations.dates import shift_date
from allocations.distribution.arithmetic import DistributionError, apply_key, steps_from_json
from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    CountyYear,
    DistributionKey,
    FocusArea,
    PriorityCriterion,
)
from applications.models import Call, NeedArea
from reporting.models import Deadline, DeadlineKind


class NotMappedKind:
    FOCUS_AREA = "focus_area"
    SUB_AREA = "sub_area"
    NEED_AREA = "need_area"
    DISTRIBUTION_KEY = "distribution_key"


@dataclass(frozen=True)
class NotMapped:
    """Something of the earlier year with no place in the new one (`where`: the call or the
    key it belonged to)."""

    kind: str
    name: str
    where: str

    def as_json(self) -> dict:
        return {"kind": self.kind, "name": self.name, "where": self.where}


@dataclass(frozen=True)
class KeyCopy:
    source: DistributionKey
    focus_area: FocusArea
    total_amount: int
    adds_up: bool  # the old steps distribute the new total to the krona


@dataclass(frozen=True)
class CallCopy:
    source: Call
    title: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    focus_areas: list[FocusArea]
    sub_areas: list
    need_areas: list[tuple[FocusArea, str]]


@dataclass
class CopyPlan:
    county: County
    agreement: Agreement
    copy_from: Agreement | None
    criteria: list[PriorityCriterion] = field(default_factory=list)
    criteria_kept: int = 0  # the new year's own criteria (nothing is copied over them)
    keys: list[KeyCopy] = field(default_factory=list)
    calls: list[CallCopy] = field(default_factory=list)
    not_mapped: list[NotMapped] = field(default_factory=list)
    invoicing_on: datetime.date | None = None

    @property
    def need_area_count(self) -> int:
        return sum(len(c.need_areas) for c in self.calls)

    @property
    def is_empty(self) -> bool:
        return not (self.criteria or self.keys or self.calls)

    def summary(self) -> dict:
        """The record kept on the county year: how many of each kind, what was not mapped."""
        return {
            "copied_from": self.copy_from.year if self.copy_from else None,
            "criteria": len(self.criteria),
            "criteria_kept": self.criteria_kept,
            "distribution_keys": len(self.keys),
            "distribution_keys_not_adding_up": [k.source.name for k in self.keys if not k.adds_up],
            "calls": len(self.calls),
            "need_areas": self.need_area_count,
            "not_mapped": [n.as_json() for n in self.not_mapped],
        }


def default_copy_source(*, county: County, agreement: Agreement) -> Agreement | None:
    """The county's latest earlier year it opened or used (its calls, keys or criteria)."""
    mine = {"county": county, "agreement": OuterRef("pk")}
    return (
        Agreement.objects.filter(year__lt=agreement.year)
        .filter(
            Exists(CountyYear.objects.filter(**mine))
            | Exists(Call.objects.filter(**mine))
            | Exists(DistributionKey.objects.filter(**mine))
            | Exists(PriorityCriterion.objects.filter(**mine))
        )
        .order_by("-year")
        .first()
    )


def shift_years(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same local date and time `years` later (29 February: the 28th)."""
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


class AreaMap:
    """The new year's focus areas and sub-areas, found for the earlier year's."""

    def __init__(self, agreement: Agreement) -> None:
        areas = list(FocusArea.objects.filter(agreement=agreement).prefetch_related("sub_areas"))
        self.by_number = {a.number: a for a in areas}
        self.by_short_name = {a.short_name.casefold(): a for a in areas if a.short_name}

    def area(self, old: FocusArea) -> FocusArea | None:
        found = self.by_number.get(old.number)
        if found is None and old.short_name:
            found = self.by_short_name.get(old.short_name.casefold())
        return found

    def sub_area(self, old, new_area: FocusArea | None):
        if new_area is None:
            return None
        names = {s.name.casefold(): s for s in new_area.sub_areas.all()}
        return names.get(old.name.casefold())


def _retitle(title: str, old_year: int, new_year: int) -> str:
    return title.replace(str(old_year), str(new_year))[:200]


def _adds_up(total: int, steps) -> bool:
    try:
        apply_key(total, steps_from_json(steps))
    except DistributionError:
        return False
    return True


def copy_plan(*, county: County, agreement: Agreement, copy_from: Agreement | None) -> CopyPlan:
    """What opening `agreement` for `county` copies from `copy_from` (nothing when None).

    A fixed number of queries whatever the number of calls, keys and criteria."""
    plan = CopyPlan(county=county, agreement=agreement, copy_from=copy_from)
    if copy_from is None:
        return plan
    years = agreement.year - copy_from.year
    areas = AreaMap(agreement)

    plan.criteria_kept = PriorityCriterion.objects.filter(
        county=county, agreement=agreement
    ).count()
    if not plan.criteria_kept:
        plan.criteria = list(
            PriorityCriterion.objects.filter(county=county, agreement=copy_from).order_by("rank")
        )

    allocations = dict(
        CountyAllocation.objects.filter(county=county, focus_area__agreement=agreement).values_list(
            "focus_area_id", "amount"
        )
    )
    keys = DistributionKey.objects.filter(county=county, agreement=copy_from).select_related(
        "focus_area"
    )
    for key in keys.order_by("focus_area__number", "pk"):
        area = areas.area(key.focus_area)
        if area is None:
            plan.not_mapped.append(
                NotMapped(NotMappedKind.DISTRIBUTION_KEY, str(key.focus_area), key.name)
            )
            continue
        total = allocations.get(area.pk, key.total_amount)
        plan.keys.append(KeyCopy(key, area, total, _adds_up(total, key.steps)))

    calls = (
        Call.objects.filter(county=county, agreement=copy_from)
        .prefetch_related(
            "focus_areas",
            "sub_areas__focus_area",
            Prefetch("need_areas", queryset=NeedArea.objects.select_related("focus_area")),
        )
        .order_by("opens_at", "pk")
    )
    for call in calls:
        plan.calls.append(_call_copy(call, areas, plan, years, copy_from.year, agreement.year))

    invoicing = (
        Deadline.objects.filter(
            county=county, agreement=copy_from, kind=DeadlineKind.INVOICING, grant=None
        )
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    if invoicing:
        plan.invoicing_on = shift_date(invoicing, years)
    return plan


def _call_copy(call: Call, areas: AreaMap, plan: CopyPlan, years: int, old: int, new: int):
    title = _retitle(call.title, old, new)
    focus_areas = []
    for old_area in sorted(call.focus_areas.all(), key=lambda a: a.number):
        area = areas.area(old_area)
        if area is None or not area.has_county_joint_funds:
            plan.not_mapped.append(NotMapped(NotMappedKind.FOCUS_AREA, str(old_area), title))
        else:
            focus_areas.append(area)
    sub_areas = []
    for old_sub in call.sub_areas.all():
        area = areas.area(old_sub.focus_area)
        sub = areas.sub_area(old_sub, area) if area in focus_areas else None
        if sub is None:
            plan.not_mapped.append(NotMapped(NotMappedKind.SUB_AREA, old_sub.name, title))
        else:
            sub_areas.append(sub)
    need_areas = []
    for need in call.need_areas.all():
        area = areas.area(need.focus_area)
        if area not in focus_areas:
            plan.not_mapped.append(NotMapped(NotMappedKind.NEED_AREA, need.text, title))
        else:
            need_areas.append((area, need.text))
    return CallCopy(
        source=call,
        title=title,
        opens_at=shift_years(call.opens_at, years),
        closes_at=shift_years(call.closes_at, years),
        focus_areas=focus_areas,
        sub_areas=sub_areas,
        need_areas=need_areas,
    )
