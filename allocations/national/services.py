"""Writes of the national administrator: an agreement year created, copied from an earlier
year or edited; SKR's allocations to the counties saved; a county created or edited with the
organisation that administers its county-joint funds.

Each write runs in one transaction; a refusal raises a domain error whose message (in the
user's language) is shown next to the field it concerns.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from allocations.followup.services import grant_status_defaults_ensure
from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    FocusArea,
    FocusAreaCondition,
    Organisation,
    SubArea,
)
from allocations.national.selectors import ImportRow

# The basis of an imported allocation. Stored as data, in Swedish like the seeds' bases.
SKR_TABLE_BASIS = "Enligt SKR:s fördelning till länen"


class NationalError(Exception):
    """A refused write; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AgreementError(NationalError):
    pass


class AllocationImportError(NationalError):
    pass


class CountyError(NationalError):
    pass


def _by(instance, by: AbstractBaseUser | None):
    """Who the audit trail names for the save (outside a request too)."""
    if by is not None and by.is_authenticated:
        instance._history_user = by
    return instance


def shift_date(day: datetime.date | None, years: int) -> datetime.date | None:
    """The same date `years` later; 29 February becomes the 28th."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _year_exists(year: int) -> AgreementError:
    return AgreementError(
        _("The agreement year %(year)s exists already.") % {"year": year}, field="year"
    )


# --- agreement years ----------------------------------------------------------------------------


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
            _by(agreement, by).save()
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
        _by(copy, by).save()
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
    _by(agreement, by).save()
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
                _by(area, by).save()
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


# --- SKR's allocations ------------------------------------------------------------------------


@transaction.atomic
def allocation_import_save(
    *, agreement: Agreement, rows: list[ImportRow], by: AbstractBaseUser | None
) -> int:
    """Each county's allocation in each area of the rows, created or replaced, its basis
    SKR's table; returns how many rows were saved. All or nothing: refused when a row has an
    error or an area of another year or one without county-joint funds."""
    if not rows or any(row.errors or row.county is None or row.amount is None for row in rows):
        raise AllocationImportError(_("The table has errors: nothing was saved."))
    for row in rows:
        area = row.focus_area
        if area is None or area.agreement_id != agreement.pk or not area.has_county_joint_funds:
            raise AllocationImportError(_("The table has errors: nothing was saved."))
    existing = {
        (a.county_id, a.focus_area_id): a
        for a in CountyAllocation.objects.select_for_update().filter(
            focus_area__agreement=agreement
        )
    }
    for row in rows:
        allocation = existing.get((row.county.pk, row.focus_area.pk)) or CountyAllocation(
            county=row.county, focus_area=row.focus_area
        )
        if allocation.pk and (allocation.amount, allocation.basis) == (row.amount, SKR_TABLE_BASIS):
            continue
        allocation.amount = row.amount
        allocation.basis = SKR_TABLE_BASIS
        _by(allocation, by).save()
    return len(rows)


# --- counties ---------------------------------------------------------------------------------


def county_slug(name: str) -> str:
    """`Jämtland Härjedalen` → `jamtland-harjedalen`."""
    folded = name.translate(str.maketrans("åäöÅÄÖéÉüÜ", "aaoAAOeEuU"))
    return slugify(folded)[:50].strip("-")


def _county_checks(*, county: County | None, name: str, code: str, slug: str) -> str:
    others = County.objects.exclude(pk=county.pk) if county else County.objects.all()
    if not re.fullmatch(r"\d{2}", code):
        raise CountyError(_("Enter the two-digit county code."), field="code")
    if others.filter(code=code).exists():
        raise CountyError(
            _("The county code %(code)s is another county's.") % {"code": code}, field="code"
        )
    if others.filter(name__iexact=name).exists():
        raise CountyError(_("There is a county of that name already."), field="name")
    slug = slug or county_slug(name)
    if not slug:
        raise CountyError(_("Write a short name with the letters a–z and digits."), field="slug")
    if others.filter(slug=slug).exists():
        raise CountyError(
            _("The short name %(slug)s is another county's.") % {"slug": slug}, field="slug"
        )
    return slug


@transaction.atomic
def county_create(
    *,
    name: str,
    code: str,
    population: int | None,
    administering_name: str,
    administering_kind: str,
    by: AbstractBaseUser | None,
    organisation_number: str = "",
    slug: str = "",
) -> County:
    """A county with the organisation that administers its county-joint funds (created as
    an organisation of the county) and the common grant statuses. The short name is made
    from the name when empty. Refused when the code, name or short name is taken."""
    slug = _county_checks(county=None, name=name, code=code, slug=slug)
    county = _by(County(name=name, code=code, slug=slug, population=population), by)
    county.save()
    organisation = Organisation(
        county=county,
        name=administering_name,
        kind=administering_kind,
        organisation_number=organisation_number,
    )
    _by(organisation, by).save()
    county.administering_organisation = organisation
    _by(county, by).save(update_fields=["administering_organisation"])
    grant_status_defaults_ensure(county=county)
    return county


@transaction.atomic
def county_update(
    *,
    county: County,
    name: str,
    code: str,
    population: int | None,
    administering_name: str,
    administering_kind: str,
    by: AbstractBaseUser | None,
    organisation_number: str = "",
    slug: str = "",
) -> County:
    """The county's name, code, short name and population, and its administering
    organisation (renamed in place, or created when it has none)."""
    slug = _county_checks(county=county, name=name, code=code, slug=slug)
    county = County.objects.select_for_update().get(pk=county.pk)
    organisation = county.administering_organisation or Organisation(county=county)
    clash = Organisation.objects.filter(county=county, name=administering_name)
    if organisation.pk:
        clash = clash.exclude(pk=organisation.pk)
    if clash.exists():
        raise CountyError(
            _("The county has another organisation of that name."), field="administering_name"
        )
    organisation.name = administering_name
    organisation.kind = administering_kind
    organisation.organisation_number = organisation_number
    _by(organisation, by).save()
    county.name, county.code, county.slug, county.population = name, code, slug, population
    county.administering_organisation = organisation
    _by(county, by).save()
    return county
