import pytest
from django.urls import reverse

from allocations.models import PriorityCriterion

pytestmark = pytest.mark.django_db

URL = reverse("allocations:criteria", args=["jamtland", 2025])


def post_data(criteria, **changes) -> dict:
    data = {
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        f"criteria-{len(criteria)}-weight": "1",  # the empty extra form as the browser sends it
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": str(c.pk),
                f"criteria-{i}-rank": str(c.rank),
                f"criteria-{i}-title": c.title,
                f"criteria-{i}-description": c.description,
                f"criteria-{i}-weight": str(c.weight),
            }
        )
    data.update(changes)
    return data


def jamtland_criteria():
    return list(PriorityCriterion.objects.filter(county__slug="jamtland").order_by("rank"))


def test_the_coordinator_reorders_and_weights_the_criteria(login):
    client = login("samordnare@jamtland.demo")
    assert "Strategisk länsgemensam modell" in client.get(URL).content.decode()
    criteria = jamtland_criteria()
    data = post_data(
        criteria, **{"criteria-0-rank": "2", "criteria-1-rank": "1", "criteria-3-weight": "3"}
    )
    assert client.post(URL, data).status_code == 302
    titles = [c.title for c in jamtland_criteria()]
    assert titles[:2] == [
        "Lokal insats med potential att spridas över länet",
        "Strategisk länsgemensam modell",
    ]
    assert jamtland_criteria()[3].weight == 3
    # Another county's criteria are untouched.
    assert (
        PriorityCriterion.objects.get(county__slug="dalarna", rank=1).title
        == "Strategisk länsgemensam modell"
    )


def test_a_fifth_criterion_can_be_added_and_one_removed(login):
    client = login("samordnare@jamtland.demo")
    criteria = jamtland_criteria()
    data = post_data(
        criteria,
        **{
            "criteria-4-rank": "4",
            "criteria-4-title": "Civilsamhällets medverkan",
            "criteria-4-description": "Insatser i samverkan med civilsamhället.",
            "criteria-4-weight": "1",
            "criteria-3-DELETE": "on",
        },
    )
    assert client.post(URL, data).status_code == 302
    assert [c.title for c in jamtland_criteria()][-1] == "Civilsamhällets medverkan"
    assert len(jamtland_criteria()) == 4


def test_ranks_with_a_gap_are_refused_and_the_input_kept(login):
    client = login("samordnare@jamtland.demo")
    data = post_data(
        jamtland_criteria(), **{"criteria-3-rank": "7", "criteria-3-title": "Ny titel"}
    )
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "1, 2, 3" in html
    assert 'value="Ny titel"' in html
    assert jamtland_criteria()[3].rank == 4


def test_only_the_countys_coordinator(login):
    assert login("beredning1@jamtland.demo").get(URL).status_code == 403
    assert login("samordnare@dalarna.demo").get(URL).status_code == 404
