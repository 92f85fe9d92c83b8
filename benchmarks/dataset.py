"""A realistic national data set, deterministic from a seed, written with bulk_create.

`generate(counties=21, years=10, applications=300, seed=1)` builds on the 2025 seed
(`load_agreement_2025`, loaded here when missing): the remaining Swedish counties with a
region and municipalities, the earlier agreement years (copies of 2025's focus areas),
allocations and criteria, demo log-ins for every role in every county plus one applicant
log-in per organisation (`sokande<NN>@<county>.demo`, password `lansmedel-demo`), and per
county and year the applications and everything after them (`benchmarks.dataset_year`).

The data set is recognised by its calls' title prefix; `generate` refuses to run twice.
"""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from allocations.agreements.services import (
    DEMO_PASSWORD,
    agreement_year_load,
    demo_users_create,
    read_seed,
)
from allocations.models import (
    Agreement,
    County,
    CountyAllocation,
    FocusArea,
    GrantStatusOption,
    Membership,
    Organisation,
    OrganisationKind,
    PriorityCriterion,
    Role,
    SubArea,
)
from applications.models import Call, RejectionReason
from benchmarks.dataset_rows import CALL_PREFIX, COUNTIES, STATUS_OPTIONS
from benchmarks.worlds import CountyWorld, YearWorld


def already_generated() -> bool:
    return Call.objects.filter(title__startswith=CALL_PREFIX).exists()


def _counties(count: int, rng: random.Random) -> list[County]:
    seeded = {c.code: c for c in County.objects.all()}
    result = []
    for code, name, slug in COUNTIES[:count]:
        county = seeded.get(code)
        if county is None:
            county = County.objects.create(code=code, name=name, slug=slug)
            region = Organisation.objects.create(
                county=county, name=f"Region {name}", kind=OrganisationKind.REGION_UNIT
            )
            Organisation.objects.bulk_create(
                [
                    Organisation(
                        county=county, name=f"{name} kommun {n}", kind=OrganisationKind.MUNICIPALITY
                    )
                    for n in range(1, rng.randint(6, 14))
                ]
                + [
                    Organisation(
                        county=county,
                        name=f"Region {name}, Psykiatri",
                        kind=OrganisationKind.REGION_UNIT,
                        parent=region,
                    ),
                    Organisation(
                        county=county,
                        name=f"Föreningen för psykisk hälsa i {name}",
                        kind=OrganisationKind.CIVIL_SOCIETY,
                    ),
                ]
            )
            county.administering_organisation = region
            county.save(update_fields=["administering_organisation"])
        result.append(county)
    return result


def _years(count: int, counties: list[County], rng: random.Random) -> list[YearWorld]:
    base = Agreement.objects.get(year=2025)
    base_areas = list(base.focus_areas.prefetch_related("sub_areas").order_by("number"))
    criteria_rows = read_seed("agreement_2025.toml")["default_criteria"]
    worlds = []
    for year in range(2025 - count + 1, 2026):
        agreement, _ = Agreement.objects.get_or_create(
            year=year,
            defaults={
                "title": f"Överenskommelse om psykisk hälsa och suicidprevention {year}",
                "national_total": 1_560_000_000,
            },
        )
        if not agreement.focus_areas.exists():
            for area in base_areas:
                copy = FocusArea.objects.create(
                    agreement=agreement,
                    number=area.number,
                    name=area.name,
                    short_name=area.short_name,
                    recipients=area.recipients,
                    has_county_joint_funds=area.has_county_joint_funds,
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
        areas = list(
            agreement.focus_areas.filter(has_county_joint_funds=True)
            .prefetch_related("sub_areas")
            .order_by("number")
        )
        world = YearWorld(
            agreement=agreement,
            areas=areas,
            subs={a.pk: [None, *a.sub_areas.all()] for a in areas},
        )
        existing = {
            (a.county_id, a.focus_area_id): a.amount
            for a in CountyAllocation.objects.filter(focus_area__agreement=agreement)
        }
        missing = []
        for county in counties:
            for area in areas:
                key = (county.pk, area.pk)
                if key not in existing:
                    existing[key] = rng.randint(40, 90) * 100_000
                    missing.append(
                        CountyAllocation(county=county, focus_area=area, amount=existing[key])
                    )
            if not PriorityCriterion.objects.filter(county=county, agreement=agreement).exists():
                PriorityCriterion.objects.bulk_create(
                    PriorityCriterion(
                        county=county,
                        agreement=agreement,
                        rank=row["rank"],
                        title=row["title"],
                        description=row["description"],
                    )
                    for row in criteria_rows
                )
        CountyAllocation.objects.bulk_create(missing)
        world.allocations = existing
        for criterion in PriorityCriterion.objects.filter(agreement=agreement).order_by("rank"):
            world.criteria.setdefault(criterion.county_id, []).append(criterion)
        worlds.append(world)
    return worlds


def _applicant_logins(counties: list[County]) -> None:
    """One applicant per organisation: sokande01@<slug>.demo, … (password lansmedel-demo)."""
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)
    wanted = []
    for county in counties:
        for n, org in enumerate(county.organisations.order_by("name"), start=1):
            wanted.append((f"sokande{n:02d}@{county.slug}.demo", county, org))
    known = set(user_model.objects.values_list("username", flat=True))
    user_model.objects.bulk_create(
        user_model(username=email, email=email, password=password)
        for email, _c, _o in wanted
        if email not in known
    )
    users = {u.username: u for u in user_model.objects.filter(username__endswith=".demo")}
    have = set(Membership.objects.values_list("user_id", "organisation_id"))
    Membership.objects.bulk_create(
        Membership(user=users[email], county=county, role=Role.APPLICANT, organisation=org)
        for email, county, org in wanted
        if (users[email].pk, org.pk) not in have
    )


def _county_worlds(counties: list[County]) -> list[CountyWorld]:
    user_model = get_user_model()
    worlds = []
    for county in counties:
        options = list(GrantStatusOption.objects.filter(county=county))
        if not options:
            options = GrantStatusOption.objects.bulk_create(
                GrantStatusOption(county=county, name=name, position=n, money_at_risk=risk)
                for n, (name, risk) in enumerate(STATUS_OPTIONS)
            )
        reasons = list(RejectionReason.objects.filter(county=county))
        if not reasons:
            reasons = RejectionReason.objects.bulk_create(
                RejectionReason(county=county, text=text, position=n)
                for n, text in enumerate(
                    ["Uppfyller inte villkoren", "Medlen räcker inte", "Ej länsgemensam"]
                )
            )

        def user(prefix, slug=county.slug):
            return user_model.objects.get(username=f"{prefix}@{slug}.demo")

        worlds.append(
            CountyWorld(
                county=county,
                organisations=list(county.organisations.order_by("pk")),
                coordinator=user("samordnare"),
                reviewers=[user("beredning1"), user("beredning2")],
                forum=[user("forum"), user("forum2")],
                status_options=options,
                reasons=reasons,
            )
        )
    return worlds


def generate(
    *, counties: int = 21, years: int = 10, applications: int = 300, seed: int = 1, out=print
) -> dict[str, int]:
    """Build the data set; returns the number of rows written per model."""
    from benchmarks.dataset_year import build_year

    started = time.monotonic()
    rng = random.Random(seed)
    if not Agreement.objects.filter(year=2025).exists():
        agreement_year_load(data=read_seed("agreement_2025.toml"))
    with transaction.atomic():
        county_list = _counties(counties, rng)
        demo_users_create(data=read_seed("demo_users.toml"))
        _applicant_logins(county_list)
        year_worlds = _years(years, county_list, rng)
        county_worlds = _county_worlds(county_list)
    counts: dict[str, int] = {}
    latest = year_worlds[-1].agreement.year
    for year_world in year_worlds:
        with transaction.atomic():
            for county_world in county_worlds:
                written = build_year(
                    county_world,
                    year_world,
                    applications=applications,
                    rng=random.Random(
                        f"{seed}-{county_world.county.code}-{year_world.agreement.year}"
                    ),
                    latest=year_world.agreement.year == latest,
                )
                for name, n in written.items():
                    counts[name] = counts.get(name, 0) + n
        out(
            f"  {year_world.agreement.year}: {len(county_worlds)} counties "
            f"({time.monotonic() - started:.0f} s)"
        )
    # Fresh statistics: without them the planner guesses after a bulk load and scans whole
    # tables (the review overview took a second instead of milliseconds).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out(f"  statistics updated ({time.monotonic() - started:.0f} s)")
    return counts


def day(year: int, month: int, dom: int) -> datetime.date:
    return datetime.date(year, month, dom)
