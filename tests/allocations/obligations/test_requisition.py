"""The requisition: recorded per focus area within the effective allocation, who and when,
and shown as done or not done on the budget page."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from allocations.budget.selectors.overview import effective_allocations
from allocations.models import County, FocusArea, Requisition

pytestmark = pytest.mark.django_db

URL = reverse("allocations:requisition", args=["jamtland", 2025])
COORDINATOR = "samordnare@jamtland.demo"


def client_for(email: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=email))
    return client


@pytest.fixture
def area(seeded) -> FocusArea:
    county = County.objects.get(slug="jamtland")
    allocations = effective_allocations(county_id=county.pk, agreement_id=seeded.pk)
    return FocusArea.objects.filter(pk__in=allocations).order_by("number").first()


def allocation_of(area: FocusArea) -> int:
    county = County.objects.get(slug="jamtland")
    return effective_allocations(county_id=county.pk, focus_area_id=area.pk)[area.pk]


def test_the_coordinator_records_a_requisition_with_date_and_name(area):
    client = client_for(COORDINATOR)
    page = client.get(URL).content.decode()
    assert datetime.date.today().isoformat() in page  # the date defaults to today
    data = {"focus_area": str(area.pk), "amount": "1 000 000 kr", "requisitioned_on": "2025-11-20"}
    assert client.post(URL, data).status_code == 302
    requisition = Requisition.objects.get()
    assert requisition.amount == 1_000_000
    assert requisition.recorded_by.username == COORDINATOR
    assert requisition.requisitioned_on == datetime.date(2025, 11, 20)
    budget = client.get(reverse("allocations:budget", args=["jamtland", 2025])).content.decode()
    assert "2025-11-20" in budget


def test_more_than_the_allocation_is_refused_next_to_the_field(area):
    client = client_for(COORDINATOR)
    too_much = str(allocation_of(area) + 1)
    data = {"focus_area": str(area.pk), "amount": too_much, "requisitioned_on": "2025-11-20"}
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "is-invalid" in page and f'value="{too_much}"' in page
    assert not Requisition.objects.exists()
    # The whole allocation in two parts passes; a third krona does not.
    half = allocation_of(area) // 2
    for amount in (half, allocation_of(area) - half):
        data["amount"] = str(amount)
        assert client.post(URL, data).status_code == 302
    data["amount"] = "1"
    assert client.post(URL, data).status_code == 200
    assert sum(r.amount for r in Requisition.objects.all()) == allocation_of(area)


@pytest.mark.parametrize("amount", ["", "abc", "-1", "0", "12,50", "9" * 30])
def test_bad_amounts_are_explained(area, amount):
    data = {"focus_area": str(area.pk), "amount": amount, "requisitioned_on": "2025-11-20"}
    response = client_for(COORDINATOR).post(URL, data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not Requisition.objects.exists()


def test_bad_dates_and_areas_are_explained(area):
    client = client_for(COORDINATOR)
    for data in (
        {"focus_area": str(area.pk), "amount": "5", "requisitioned_on": "2025-13-45"},
        {"focus_area": "0", "amount": "5", "requisitioned_on": "2025-11-20"},
        {"focus_area": "x" * 100, "amount": "5", "requisitioned_on": "2025-11-20"},
    ):
        response = client.post(URL, data)
        assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not Requisition.objects.exists()


def test_only_the_countys_coordinator_may_requisition(area):
    data = {"focus_area": str(area.pk), "amount": "5", "requisitioned_on": "2025-11-20"}
    for email, status in (
        ("forum@jamtland.demo", 403),
        ("sokande@ostersund.demo", 403),
        ("samordnare@vastmanland.demo", 404),
    ):
        client = client_for(email)
        assert client.get(URL).status_code == status
        assert client.post(URL, data).status_code == status
    assert not Requisition.objects.exists()
