"""Agreement years created, copied from an earlier year, or edited, each in one transaction."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils.translation import gettext as _

from allocations.dates import shift_date
from allocations.models import (
    Agreement,
    FocusArea,
    FocusAreaCondition,
    SubArea,
)
from allocations.national.services.common import (
    AgreementError,
    audited_by,
)


def _year_exists(year: int) -> AgreementError:
    return AgreementError(
        _("The agreement year %(year)s exists already.") % {"year": year}, field="year"
    )


@transaction.atomic
def agreement_create(
    *,
    year: int,
    title: str,
    by: AbstractBaseUser | None,
    national_total: int | None = None,
    description: str = "",
    requisition_deadline: datetime.date | None = None,
    repayment_deadline: datetime.date | None = None,
    report_back_deadline: datetime.date | None = None,
) -> Agreement:
    """A new agreement year without focus areas; empty deadlines get the usual dates."""
    if Agreement.objects.filter(year=year).exists():
        raise _year_exists(year)
    agreement = Agreement(
        year=year,
        title=title,
        national_total=national_total,
        description=description,
        requisition_deadline=requisition_deadline,
        repayment_deadline=repayment_deadline,
        report_back_deadline=report_back_deadline,
    )
    try:
        with transaction.atomic():
            audited_by(agreement, by).save()
    except IntegrityError as exc:  # created at the same moment by someone else
        raise _year_exists(year) from exc
    return agreement


@transaction.atomic
def agreement_copy(*, source: Agreement, year: int, by: AbstractBaseUser | None) -> Agreement:
    """The agreement of `year` made from `source`: its title (the year in it replaced), total,
    description, every focus area with its conditions and sub-areas (amounts, county-joint
    flag and total), and every date moved by the same number of whole years. The counties'
    allocations are not copied: they come from SKR's table of the new year.

    Refused when the year exists already."""
    shift = year - source.year
    agreement = agreement_create(
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        national_total=source.national_total,
        description=source.description,
        requisition_deadline=shift_date(source.requisition_deadline, shift),
        repayment_deadline=shift_date(source.repayment_deadline, shift),
        report_back_deadline=shift_date(source.report_back_deadline, shift),
        by=by,
    )
    areas = source.focus_areas.order_by("number").prefetch_related("conditions", "sub_areas")
    for area in areas:
        copy = FocusArea(
            agreement=agreement,
            number=area.number,
            name=area.name,
            short_name=area.short_name,
            description=area.description,
            recipients=area.recipients,
            has_county_joint_funds=area.has_county_joint_funds,
            county_joint_total=area.county_joint_total,
        )
        audited_by(copy, by).save()
        FocusAreaCondition.objects.bulk_create(
            FocusAreaCondition(focus_area=copy, position=c.position, text=c.text)
            for c in area.conditions.all()
        )
        SubArea.objects.bulk_create(
            SubArea(
                focus_area=copy,
                position=s.position,
                name=s.name,
                earmarked_amount=s.earmarked_amount,
            )
            for s in area.sub_areas.all()
        )
    return agreement


@dataclass(frozen=True)
class RowChange:
    """A condition or sub-area as edited: `pk` None for a new one."""

    pk: int | None
    fields: dict
    delete: bool = False


@dataclass(frozen=True)
class AreaChange:
    """A focus area as edited (`pk` None for a new one) with its conditions and sub-areas."""

    pk: int | None
    fields: dict
    conditions: list[RowChange] = field(default_factory=list)
    sub_areas: list[RowChange] = field(default_factory=list)


AGREEMENT_FIELDS = (
    "title",
    "national_total",
    "description",
    "requisition_deadline",
    "repayment_deadline",
    "report_back_deadline",
)
AREA_FIELDS = (
    "number",
    "name",
    "short_name",
    "description",
    "recipients",
    "has_county_joint_funds",
    "county_joint_total",
)


@transaction.atomic
def agreement_save(
    *,
    agreement: Agreement,
    fields: dict,
    areas: list[AreaChange],
    by: AbstractBaseUser | None,
) -> Agreement:
    """The agreement's own fields, its focus areas (changed or added), and their conditions
    and sub-areas (changed, added or deleted), all or nothing.

    Refused when two areas would have one number, an area two sub-areas of one name, or a
    sub-area to delete is named by an application or a decision."""
    numbers = [a.fields["number"] for a in areas]
    taken = FocusArea.objects.filter(agreement=agreement).exclude(
        pk__in=[a.pk for a in areas if a.pk]
    )
    duplicate = next(
        (n for n in numbers if numbers.count(n) > 1 or taken.filter(number=n).exists()), None
    )
    if duplicate is not None:
        raise AgreementError(
            _("Two focus areas cannot both have the number %(number)s.") % {"number": duplicate}
        )
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    for name in AGREEMENT_FIELDS:
        setattr(agreement, name, fields[name])
    audited_by(agreement, by).save()
    own = {a.pk: a for a in FocusArea.objects.filter(agreement=agreement)}
    # Areas that swap numbers step aside first, so no moment has two areas of one number.
    moving = [c.pk for c in areas if c.pk and own[c.pk].number != c.fields["number"]]
    FocusArea.objects.filter(pk__in=moving).update(number=F("number") + 1000)
    try:
        with transaction.atomic():
            for change in areas:
                area = own[change.pk] if change.pk else FocusArea(agreement=agreement)
                for name in AREA_FIELDS:
                    setattr(area, name, change.fields[name])
                audited_by(area, by).save()
                _conditions_save(area, change.conditions)
                _sub_areas_save(area, change.sub_areas)
    except IntegrityError as exc:  # sub-areas that swap names
        raise AgreementError(
            _("Save the new names one at a time: two sub-areas of an area cannot share a name.")
        ) from exc
    return agreement


def _conditions_save(area: FocusArea, rows: list[RowChange]) -> None:
    existing = {c.pk: c for c in area.conditions.all()}
    position = max((c.position for c in existing.values()), default=0)
    for row in rows:
        if row.pk and row.pk not in existing:
            continue
        if row.delete:
            if row.pk:
                existing[row.pk].delete()
            continue
        if row.pk:
            condition = existing[row.pk]
        else:
            position += 1
            condition = FocusAreaCondition(focus_area=area, position=position)
        condition.text = row.fields["text"]
        condition.save()


def _sub_areas_save(area: FocusArea, rows: list[RowChange]) -> None:
    existing = {s.pk: s for s in area.sub_areas.all()}
    kept = [row for row in rows if not row.delete and (not row.pk or row.pk in existing)]
    names = [row.fields["name"].casefold() for row in kept]
    for row in kept:
        if names.count(row.fields["name"].casefold()) > 1:
            raise AgreementError(
                _("Area %(area)s has two sub-areas named “%(name)s”.")
                % {"area": area.number, "name": row.fields["name"]}
            )
    for row in rows:
        if row.delete and row.pk in existing:
            try:
                with transaction.atomic():
                    existing[row.pk].delete()
            except (ProtectedError, IntegrityError) as exc:
                raise AgreementError(
                    _(
                        "The sub-area “%(name)s” is named by applications or decisions and "
                        "cannot be deleted."
                    )
                    % {"name": existing[row.pk].name}
                ) from exc
    position = max((s.position for s in existing.values()), default=0)
    for row in kept:
        if row.pk:
            sub = existing[row.pk]
        else:
            position += 1
            sub = SubArea(focus_area=area, position=position)
        sub.name = row.fields["name"]
        sub.earmarked_amount = row.fields["earmarked_amount"]
        sub.save()
