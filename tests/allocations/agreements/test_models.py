import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from allocations.models import Agreement, County, CountyAllocation, Membership, Role

pytestmark = pytest.mark.django_db


def test_deadlines_default_to_1_december_and_31_march_the_year_after():
    agreement = Agreement.objects.create(year=2026, title="ÖK 2026", national_total=1)
    assert agreement.requisition_deadline == datetime.date(2026, 12, 1)
    assert agreement.repayment_deadline == datetime.date(2027, 3, 31)
    assert agreement.report_back_deadline == datetime.date(2026, 12, 31)


def test_edited_deadlines_are_kept():
    agreement = Agreement.objects.create(
        year=2026, title="ÖK", national_total=1, requisition_deadline=datetime.date(2026, 11, 15)
    )
    agreement.refresh_from_db()
    assert agreement.requisition_deadline == datetime.date(2026, 11, 15)


def test_one_allocation_per_county_and_focus_area(agreement_2025):
    existing = CountyAllocation.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CountyAllocation.objects.create(
            county=existing.county, focus_area=existing.focus_area, amount=1
        )


def test_no_allocation_in_an_area_without_county_joint_funds(agreement_2025):
    area2 = agreement_2025.focus_areas.get(number=2)
    allocation = CountyAllocation(county=County.objects.first(), focus_area=area2, amount=5)
    with pytest.raises(ValidationError) as exc:
        allocation.full_clean()
    assert "focus_area" in exc.value.message_dict


def test_an_applicant_role_needs_an_organisation_at_the_database(agreement_2025):
    user = get_user_model().objects.create_user("x@example.se")
    county = County.objects.get(slug="jamtland")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, county=county, role=Role.APPLICANT)


def test_an_applicant_organisation_must_be_in_the_same_county(agreement_2025):
    user = get_user_model().objects.create_user("x@example.se")
    jamtland = County.objects.get(slug="jamtland")
    other = County.objects.get(slug="dalarna").organisations.first()
    membership = Membership(user=user, county=jamtland, role=Role.APPLICANT, organisation=other)
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_a_user_can_hold_several_roles(agreement_2025):
    user = get_user_model().objects.create_user("x@example.se")
    jamtland = County.objects.get(slug="jamtland")
    Membership.objects.create(user=user, county=jamtland, role=Role.REVIEWER)
    Membership.objects.create(user=user, county=jamtland, role=Role.FORUM)
    assert user.memberships.count() == 2
