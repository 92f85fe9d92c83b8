"""A county created or edited with the organisation that administers its county-joint funds."""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from allocations.followup.services import grant_status_defaults_ensure
from allocations.models import (
    County,
    Organisation,
)
from allocations.national.services.common import (
    CountyError,
    audited_by,
)


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
    county = audited_by(County(name=name, code=code, slug=slug, population=population), by)
    county.save()
    organisation = Organisation(
        county=county,
        name=administering_name,
        kind=administering_kind,
        organisation_number=organisation_number,
    )
    audited_by(organisation, by).save()
    county.administering_organisation = organisation
    audited_by(county, by).save(update_fields=["administering_organisation"])
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
    audited_by(organisation, by).save()
    county.name, county.code, county.slug, county.population = name, code, slug, population
    county.administering_organisation = organisation
    audited_by(county, by).save()
    return county
