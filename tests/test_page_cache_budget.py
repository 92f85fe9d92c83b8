"""The budget page keeps its tables cached until the county's data changes: the second view
costs a few queries, and every change shows on the next view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocations.models import CountyAllocation
from allocations.money import format_kronor
from tests.page_cache import content, write_in_county

pytestmark = pytest.mark.django_db

URL = reverse("allocations:budget", args=["jamtland", 2025])


def get(client, url=URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def area_allocation(seeded) -> CountyAllocation:
    return CountyAllocation.objects.get(
        county__slug="jamtland", focus_area__agreement=seeded, focus_area__number=4
    )


def test_the_second_view_is_served_from_the_cache(login):
    client = login("samordnare@jamtland.demo")
    first, cold = get(client)
    second, warm = get(client)
    assert content(second) == content(first)
    assert warm < cold - 5


def test_a_changed_allocation_shows_on_the_next_view(login, area_allocation):
    client = login("samordnare@jamtland.demo")
    get(client)
    area_allocation.amount = 1_234_567
    area_allocation.save()
    html, _ = get(client)
    assert format_kronor(1_234_567) in html


def test_a_bulk_update_shows_on_the_next_view(login, area_allocation):
    client = login("samordnare@jamtland.demo")
    get(client)
    CountyAllocation.objects.filter(pk=area_allocation.pk).update(amount=7_654_321)
    html, _ = get(client)
    assert format_kronor(7_654_321) in html


def test_a_forum_member_does_not_get_the_coordinators_links(login, client):
    coordinator_html, _ = get(login("samordnare@jamtland.demo"))
    reallocate = reverse("allocations:reallocation_create", args=["jamtland", 2025])
    assert reallocate in coordinator_html
    client.logout()
    forum_html, _ = get(login("forum@jamtland.demo"))
    assert reallocate not in forum_html


def test_another_countys_change_leaves_the_cached_page_in_place(login, seeded):
    client = login("samordnare@jamtland.demo")
    get(client)
    _, warm = get(client)
    write_in_county("dalarna")
    _, after = get(client)
    assert after == warm
