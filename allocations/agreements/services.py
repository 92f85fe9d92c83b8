"""Writes for the year's frame: loading an agreement year and setting up users and roles.

Every loader is idempotent: it matches records by their natural keys and updates them,
so running it twice leaves one copy of everything.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    FocusArea,
    FocusAreaCondition,
    Membership,
    NationalAdministrator,
    Organisation,
    OrganisationKind,
    PriorityCriterion,
    Role,
    SubArea,
)
from allocations.models.county import DecisionMode

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
DEMO_PASSWORD = "lansmedel-demo"  # noqa: S105 - the documented password of the local demo only


def read_seed(name: str) -> dict:
    with (SEEDS_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


@transaction.atomic
def agreement_year_load(*, data: dict) -> Agreement:
    """Create or update an agreement year, its focus areas, counties, organisations,
    allocations and default priority criteria from seed data."""
    agreement_data = dict(data["agreement"])
    agreement, _ = Agreement.objects.update_or_create(
        year=agreement_data.pop("year"), defaults=agreement_data
    )
    areas = {
        area_data["number"]: _focus_area_load(agreement=agreement, data=area_data)
        for area_data in data["focus_areas"]
    }
    for county_data in data["counties"]:
        county = _county_load(data=county_data)
        for row in county_data["allocations"]:
            CountyAllocation.objects.update_or_create(
                county=county,
                focus_area=areas[row["area"]],
                defaults={"amount": row["amount"], "basis": row.get("basis", "")},
            )
        criteria_set_default(county=county, agreement=agreement, criteria=data["default_criteria"])
    return agreement


def _focus_area_load(*, agreement: Agreement, data: dict) -> FocusArea:
    area, _ = FocusArea.objects.update_or_create(
        agreement=agreement,
        number=data["number"],
        defaults={
            "name": data["name"],
            "short_name": data.get("short_name", ""),
            "description": data.get("description", ""),
            "recipients": data.get("recipients", ""),
            "has_county_joint_funds": data["has_county_joint_funds"],
        },
    )
    area.conditions.all().delete()
    FocusAreaCondition.objects.bulk_create(
        FocusAreaCondition(focus_area=area, position=i, text=text)
        for i, text in enumerate(data.get("conditions", []), start=1)
    )
    for i, sub in enumerate(data.get("sub_areas", []), start=1):
        SubArea.objects.update_or_create(
            focus_area=area,
            name=sub["name"],
            defaults={"position": i, "earmarked_amount": sub.get("earmarked_amount")},
        )
    return area


def _county_load(*, data: dict) -> County:
    county, _ = County.objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "slug": data["slug"],
            "review_body_name": data.get("review_body_name", ""),
            "decision_body_name": data.get("decision_body_name", ""),
            "decision_mode": data.get("decision_mode", DecisionMode.DECISION),
        },
    )
    by_name: dict[str, Organisation] = {}
    rows = [*data.get("organisations", [])] + [
        {"name": name, "kind": OrganisationKind.MUNICIPALITY}
        for name in data.get("municipalities", [])
    ]
    for row in rows:
        parent = by_name.get(row["parent"]) if row.get("parent") else None
        org, _ = Organisation.objects.update_or_create(
            county=county, name=row["name"], defaults={"kind": row["kind"], "parent": parent}
        )
        by_name[org.name] = org
    members = set(data.get("members", []))
    if unknown := members - by_name.keys():
        raise ValueError(f"Members not among the county's organisations: {sorted(unknown)}")
    Organisation.objects.filter(county=county).update(is_member=False)
    Organisation.objects.filter(county=county, name__in=members).update(is_member=True)
    county.administering_organisation = by_name.get(data.get("administering_organisation", ""))
    county.save(update_fields=["administering_organisation"])
    return county


def criteria_set_default(*, county: County, agreement: Agreement, criteria: list[dict]) -> None:
    """Give a county the default criteria for a year unless it already has a set of its own."""
    if PriorityCriterion.objects.filter(county=county, agreement=agreement).exists():
        return
    bulk_create_with_history(
        [
            PriorityCriterion(
                county=county,
                agreement=agreement,
                rank=row["rank"],
                title=row["title"],
                description=row["description"],
            )
            for row in criteria
        ],
        PriorityCriterion,
    )


@dataclass(frozen=True)
class DemoLogin:
    email: str
    county: str
    role: str
    organisation: str = ""


def _demo_user(email: str, *, superuser: bool = False) -> AbstractUser:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=email, defaults={"email": email, "is_staff": superuser, "is_superuser": superuser}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


@transaction.atomic
def demo_users_create(*, data: dict) -> list[DemoLogin]:
    """Create the demo log-ins of every role in every county (idempotent)."""
    logins: list[DemoLogin] = []
    _demo_user(data["superuser"], superuser=True)
    logins.append(DemoLogin(data["superuser"], "", "superuser"))
    for email in data.get("national_administrators", []):
        user = _demo_user(email)
        NationalAdministrator.objects.get_or_create(user=user)
        logins.append(DemoLogin(email, "", str(NationalAdministrator._meta.verbose_name)))
    staff_roles = [
        ("samordnare", Role.COORDINATOR),
        ("beredning1", Role.REVIEWER),
        ("beredning2", Role.REVIEWER),
        ("forum", Role.FORUM),
        ("forum2", Role.FORUM),
    ]
    for county in County.objects.order_by("name"):
        for prefix, role in staff_roles:
            email = f"{prefix}@{county.slug}.demo"
            user = _demo_user(email)
            Membership.objects.get_or_create(user=user, county=county, role=role)
            logins.append(DemoLogin(email, county.name, role.label))
        # The person who records a member's adoptions, for the county's first municipality.
        member = (
            Organisation.objects.filter(county=county, kind=OrganisationKind.MUNICIPALITY)
            .order_by("name")
            .first()
        )
        if member is not None:
            email = f"huvudman@{county.slug}.demo"
            Membership.objects.get_or_create(
                user=_demo_user(email), county=county, role=Role.ADOPTER, organisation=member
            )
            logins.append(DemoLogin(email, county.name, Role.ADOPTER.label, member.name))
    for row in data["applicants"]:
        county = County.objects.get(slug=row["county"])
        if row.get("demo_kind"):
            organisation, _ = Organisation.objects.get_or_create(
                county=county, name=row["organisation"], defaults={"kind": row["demo_kind"]}
            )
        else:
            organisation = Organisation.objects.get(county=county, name=row["organisation"])
        user = _demo_user(row["email"])
        Membership.objects.get_or_create(
            user=user, county=county, role=Role.APPLICANT, organisation=organisation
        )
        logins.append(DemoLogin(row["email"], county.name, Role.APPLICANT.label, organisation.name))
    return logins
