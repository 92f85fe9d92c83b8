"""Reads of the retention schedule: the rule that applies to each class in a county, the holds,
the protocols, and the dry run (what a disposal run would remove today)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from allocations.models import County
from applications.models import Application, Status
from reporting.models import DisposalProtocol, LegalHold, RecordClass, RetentionRule
from reporting.retention.classes import KINDS
from reporting.retention.kinds import Item, count_rows
from reporting.retention.schedule import NEVER_DISPOSED


@dataclass(frozen=True)
class Schedule:
    """The rule of one class as it applies in a county."""

    record_class: RecordClass
    service_rule: RetentionRule | None
    county_rule: RetentionRule | None

    @property
    def rule(self) -> RetentionRule | None:
        return self.county_rule or self.service_rule

    @property
    def keep_years(self) -> int | None:
        """Years kept; None: kept for ever (no rule at all keeps for ever too)."""
        if self.record_class.code in NEVER_DISPOSED or self.rule is None:
            return None
        return self.rule.keep_years

    @property
    def is_overridden(self) -> bool:
        return self.county_rule is not None


@dataclass
class ClassPreview:
    schedule: Schedule
    cutoff: dt.date | None
    count_before: int
    items: list[Item] = field(default_factory=list)
    held: int = 0
    referenced: int = 0
    class_held: bool = False

    @property
    def record_class(self) -> RecordClass:
        return self.schedule.record_class

    @property
    def keep_years(self) -> int | None:
        return self.schedule.keep_years

    @property
    def removed(self) -> int:
        return len(self.items)

    @property
    def kept(self) -> int:
        return self.count_before - self.removed


def covered_classes(*, county: County | None) -> QuerySet[RecordClass]:
    """The classes a run covers: a county's run the county's classes, the service-wide run
    (county None) the classes of records that belong to no county."""
    codes = [
        code
        for code, kind in KINDS.items()
        if (kind.county_wide if county is not None else kind.service_wide)
    ]
    return RecordClass.objects.filter(code__in=codes).order_by("position", "code")


def county_schedule(*, county: County | None) -> list[Schedule]:
    classes = list(covered_classes(county=county))
    rules = RetentionRule.objects.filter(
        Q(county__isnull=True) | Q(county=county), record_class__in=classes
    ).select_related("changed_by")
    service = {r.record_class_id: r for r in rules if r.county_id is None}
    own = {r.record_class_id: r for r in rules if county is not None and r.county_id == county.pk}
    return [Schedule(c, service.get(c.pk), own.get(c.pk)) for c in classes]


def schedule_for_class(*, county: County, pk: int) -> Schedule:
    """One class of the county's schedule; 404 for a class the county's run does not cover."""
    record_class = get_object_or_404(covered_classes(county=county), pk=pk)
    return next(s for s in county_schedule(county=county) if s.record_class == record_class)


def cutoff_date(*, on: dt.date, keep_years: int) -> dt.date:
    """`on` less the years kept (29 February becomes 28 February)."""
    year = on.year - keep_years
    try:
        return on.replace(year=year)
    except ValueError:
        return on.replace(year=year, day=28)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def active_holds(*, county: County) -> QuerySet[LegalHold]:
    return (
        LegalHold.objects.filter(county=county, released_at__isnull=True)
        .select_related("application", "record_class", "placed_by")
        .order_by("-placed_at", "-pk")
    )


def released_holds(*, county: County) -> QuerySet[LegalHold]:
    return (
        LegalHold.objects.filter(county=county, released_at__isnull=False)
        .select_related("application", "record_class", "placed_by", "released_by")
        .order_by("-released_at", "-pk")
    )


def hold_for_county(*, county: County, pk: int) -> LegalHold:
    return get_object_or_404(LegalHold.objects.filter(county=county), pk=pk)


def held_classes(*, county: County | None) -> set[int]:
    if county is None:
        return set()
    return set(
        LegalHold.objects.filter(
            county=county, released_at__isnull=True, record_class__isnull=False
        ).values_list("record_class_id", flat=True)
    )


def disposal_preview(*, county: County | None, on: dt.date | None = None) -> list[ClassPreview]:
    """What a run on `on` (today if not given) would remove, per class, and why the rest is
    kept. Removes nothing."""
    on = on or timezone.localdate()
    holds = held_classes(county=county)
    previews = []
    for schedule in county_schedule(county=county):
        kind = KINDS[schedule.record_class.code]
        preview = ClassPreview(
            schedule=schedule, cutoff=None, count_before=count_rows(kind.rows(county))
        )
        previews.append(preview)
        if schedule.keep_years is None:
            continue
        preview.cutoff = cutoff_date(on=on, keep_years=schedule.keep_years)
        cutoff = _start_of(preview.cutoff)
        if schedule.record_class.pk in holds:
            preview.class_held = True
            continue
        preview.held = kind.held(county, cutoff)
        preview.items, preview.referenced = kind.removable(kind.items(kind.due(county, cutoff)))
    return previews


def county_protocols(*, county: County) -> QuerySet[DisposalProtocol]:
    return (
        DisposalProtocol.objects.filter(county=county)
        .select_related("run_by")
        .prefetch_related("lines")
        .order_by("-run_at", "-pk")
    )


def protocol_for_county(*, county: County | None, pk: int) -> DisposalProtocol:
    protocols = DisposalProtocol.objects.filter(county=county).select_related(
        "county__administering_organisation", "run_by"
    )
    return get_object_or_404(protocols.prefetch_related("lines__record_class"), pk=pk)


def county_applications_to_hold(*, county: County) -> QuerySet[Application]:
    """The county's applications a hold may be placed on: the withdrawn ones, the only ones the
    schedule disposes of that staff may see (a draft is the applicant's until submitted; the
    drafts are held as a class)."""
    return Application.objects.filter(county=county, status=Status.WITHDRAWN).order_by(
        "case_number", "pk"
    )
