import datetime

import pytest

from allocations.agreements.selectors import county_allocation_totals
from allocations.agreements.services import agreement_year_load, demo_users_create, read_seed
from allocations.models import (
    County,
    CountyAllocation,
    FocusArea,
    Membership,
    Organisation,
    OrganisationKind,
    PriorityCriterion,
    Role,
)

pytestmark = pytest.mark.django_db


def amounts(county_name: str) -> list[int]:
    return list(
        CountyAllocation.objects.filter(county__name=county_name)
        .order_by("focus_area__number")
        .values_list("amount", flat=True)
    )


def test_county_allocations_match_the_source_documents(agreement_2025):
    assert amounts("Jämtland Härjedalen") == [4_000_000, 2_506_966, 6_190_809]
    assert amounts("Västmanland") == [4_000_000, 5_314_485, 7_524_381]
    assert amounts("Dalarna") == [4_000_000, 5_409_733, 7_569_623]
    assert amounts("Västra Götaland") == [7_000_000, 33_493_748, 20_909_530]


def test_county_totals(agreement_2025):
    totals = {
        county.name: total for county, total in county_allocation_totals(agreement=agreement_2025)
    }
    assert totals == {
        "Jämtland Härjedalen": 12_697_775,
        "Västmanland": 16_838_866,
        "Dalarna": 16_979_356,
        "Västra Götaland": 61_403_278,
    }


def test_agreement_2025_frame(agreement_2025):
    assert agreement_2025.national_total == 1_560_000_000
    assert agreement_2025.requisition_deadline == datetime.date(2025, 12, 1)
    assert agreement_2025.repayment_deadline == datetime.date(2026, 3, 31)
    assert agreement_2025.report_back_deadline == datetime.date(2025, 12, 31)
    areas = list(FocusArea.objects.filter(agreement=agreement_2025))
    assert [a.number for a in areas] == [1, 2, 3, 4]
    assert [a.has_county_joint_funds for a in areas] == [True, False, True, True]
    area1 = areas[0]
    assert sum(s.earmarked_amount for s in area1.sub_areas.all()) == 4_000_000
    assert area1.conditions.count() == 4
    assert areas[2].conditions.count() == 7
    assert areas[3].conditions.first().text.startswith("genomföra insatser för att utveckla")


def test_counties_with_their_bodies_and_organisations(agreement_2025):
    jamtland = County.objects.get(slug="jamtland")
    assert jamtland.decision_body_name == "SVOM"
    assert jamtland.administering_organisation.name == "Region Jämtland Härjedalen"
    assert County.objects.get(slug="dalarna").decision_body_name == "LCHNV"
    assert County.objects.get(slug="vastmanland").review_body_name == (
        "Beredningsgrupp för statsbidrag"
    )
    federation = Organisation.objects.get(name="Kommunförbundet Jämtland Härjedalen")
    assert federation.kind == OrganisationKind.MUNICIPAL_FEDERATION
    unit = Organisation.objects.get(name="Region Jämtland Härjedalen, Folkhälsoenheten")
    assert unit.parent.name == "Region Jämtland Härjedalen"
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    assert municipalities.filter(county=jamtland).count() == 8
    assert municipalities.filter(county__slug="vastragotaland").count() == 49


def test_vastmanlands_four_criteria_are_every_countys_default(agreement_2025):
    ranks = PriorityCriterion.objects.filter(county__slug="vastmanland").values_list(
        "rank", flat=True
    )
    assert list(ranks) == [1, 2, 3, 4]
    assert PriorityCriterion.objects.filter(agreement=agreement_2025).count() == 16


def test_loading_twice_changes_nothing(seeded):
    counts = [
        m.objects.count()
        for m in (County, Organisation, FocusArea, CountyAllocation, PriorityCriterion, Membership)
    ]
    agreement_year_load(data=read_seed("agreement_2025.toml"))
    demo_users_create(data=read_seed("demo_users.toml"))
    assert counts == [
        m.objects.count()
        for m in (County, Organisation, FocusArea, CountyAllocation, PriorityCriterion, Membership)
    ]


def test_loading_keeps_a_coordinators_own_criteria(agreement_2025):
    PriorityCriterion.objects.filter(county__slug="dalarna", rank=4).update(title="Egen titel")
    agreement_year_load(data=read_seed("agreement_2025.toml"))
    assert PriorityCriterion.objects.get(county__slug="dalarna", rank=4).title == "Egen titel"


def test_demo_log_ins_for_every_role_in_every_county(seeded):
    for slug in ["jamtland", "vastmanland", "dalarna", "vastragotaland"]:
        roles = set(Membership.objects.filter(county__slug=slug).values_list("role", flat=True))
        assert roles == set(Role.values), slug
    applicant = Membership.objects.get(user__username="sokande@ostersund.demo")
    assert applicant.role == Role.APPLICANT
    assert applicant.organisation.name == "Östersunds kommun"
    assert Membership.objects.filter(user__username="beredning2@dalarna.demo").get().role == (
        Role.REVIEWER
    )
