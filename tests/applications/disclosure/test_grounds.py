"""The grounds for secrecy are kept by the national administrators (OSL is national law):
listed, added, edited and deactivated in the browser; one that a masking names is never
removed. Coordinators read the list from their requests."""

import pytest
from django.urls import reverse

from applications.models import Masking, SecrecyGround
from tests.applications.disclosure.helpers import ground, registered_and_gathered, url

pytestmark = pytest.mark.django_db

NATIONAL = "nationell@lansmedel.demo"
COORDINATOR = "samordnare@jamtland.demo"
NEW = {"code": "OSL 30 kap. 23 §", "description": "Affärsförhållanden i näringsverksamhet"}


def national(name: str, *args) -> str:
    return reverse(f"applications:{name}", args=args)


def test_the_national_administrator_adds_a_ground_offered_to_coordinators(login, in_review):
    client = login(NATIONAL)
    page = client.get(national("disclosure_grounds")).content.decode()
    assert "OSL 21 kap. 7 §" in page
    response = client.post(national("disclosure_ground_create"), NEW)
    assert response.status_code == 302
    added = SecrecyGround.objects.get(code=NEW["code"])
    assert added.active
    assert added.audit_log.first().history_user.username == NATIONAL
    client.logout()
    coordinator = login(COORDINATOR)
    request = registered_and_gathered(coordinator, in_review)
    assert (
        f'value="{added.pk}"'
        in coordinator.get(url("disclosure_request", request.pk)).content.decode()
    )


def test_a_provision_already_listed_is_refused_next_to_the_field(login, seeded):
    client = login(NATIONAL)
    before = SecrecyGround.objects.count()
    response = client.post(
        national("disclosure_ground_create"),
        {"code": "osl 21 kap.  7 §", "description": "Dubblett av dataskyddsgrunden"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Det finns redan en grund med bestämmelsen" in page
    assert 'value="Dubblett av dataskyddsgrunden"' in page  # what was typed is kept
    assert SecrecyGround.objects.count() == before
    other = ground("OSL 21 kap. 1 §")
    response = client.post(
        national("disclosure_ground_edit", other.pk),
        {"code": "OSL 21 kap. 7 §", "description": other.description, "active": "on"},
    )
    assert response.status_code == 400
    assert "Det finns redan en grund med bestämmelsen OSL 21 kap. 7 §" in response.content.decode()
    other.refresh_from_db()
    assert other.code == "OSL 21 kap. 1 §"


def test_an_empty_description_is_refused(login, seeded):
    client = login(NATIONAL)
    response = client.post(national("disclosure_ground_create"), {"code": "OSL 1 kap. 1 §"})
    assert response.status_code == 400
    assert 'value="OSL 1 kap. 1 §"' in response.content.decode()
    assert not SecrecyGround.objects.filter(code="OSL 1 kap. 1 §").exists()


def test_a_ground_edited_and_deactivated_is_no_longer_offered(login, in_review):
    client = login(NATIONAL)
    target = ground("OSL 18 kap. 8 §")
    response = client.post(
        national("disclosure_ground_edit", target.pk),
        {"code": target.code, "description": "Säkerhets- och bevakningsåtgärder, ändrad"},
    )
    assert response.status_code == 302  # the box left empty: deactivated
    target.refresh_from_db()
    assert target.description.endswith("ändrad") and not target.active
    other = ground("OSL 22 kap. 1 §")
    assert client.post(national("disclosure_ground_deactivate", other.pk)).status_code == 302
    other.refresh_from_db()
    assert not other.active
    client.logout()
    coordinator = login(COORDINATOR)
    request = registered_and_gathered(coordinator, in_review)
    page = coordinator.get(url("disclosure_request", request.pk)).content.decode()
    assert f'value="{target.pk}"' not in page and f'value="{other.pk}"' not in page
    listed = coordinator.get(url("disclosure_grounds_county")).content.decode()
    assert "Säkerhets- och bevakningsåtgärder, ändrad" in listed
    assert "Avaktiverad" in listed
    assert reverse("applications:disclosure_ground_edit", args=[target.pk]) not in listed


def test_a_ground_in_use_is_deactivated_never_removed_nor_renamed(login, in_review, coordinator):
    coordinator_client = login(COORDINATOR)
    request = registered_and_gathered(coordinator_client, in_review)
    used = ground("OSL 21 kap. 7 §")
    Masking.objects.create(
        request=request, part=f"note:{in_review.pk}", ground=used, created_by=coordinator
    )
    coordinator_client.logout()
    client = login(NATIONAL)
    page = client.get(national("disclosure_grounds")).content.decode()
    assert national("disclosure_ground_delete", used.pk) not in page
    response = client.post(national("disclosure_ground_delete", used.pk), follow=True)
    assert "kan avaktiveras men inte tas bort" in response.content.decode()
    assert SecrecyGround.objects.filter(pk=used.pk).exists()
    response = client.post(
        national("disclosure_ground_edit", used.pk),
        {"code": "OSL 21 kap. 7 a §", "description": used.description, "active": "on"},
    )
    assert response.status_code == 400
    assert "så den kan inte ändras" in response.content.decode()
    assert 'value="OSL 21 kap. 7 a §"' in response.content.decode()
    unused = ground("OSL 26 kap. 1 §")
    assert client.post(national("disclosure_ground_delete", unused.pk)).status_code == 302
    assert not SecrecyGround.objects.filter(pk=unused.pk).exists()


def test_the_coordinator_reaches_the_list_from_the_request(login, in_review):
    client = login(COORDINATOR)
    request = registered_and_gathered(client, in_review)
    page = client.get(url("disclosure_request", request.pk)).content.decode()
    assert url("disclosure_grounds_county") in page
    listed = client.get(url("disclosure_grounds_county"))
    assert listed.status_code == 200
    assert "OSL 31 kap. 16 §" in listed.content.decode()


@pytest.mark.parametrize(
    ("email", "status"),
    [
        (COORDINATOR, 403),
        ("forum@jamtland.demo", 403),
        ("sokande@ostersund.demo", 403),
    ],
)
def test_only_national_administrators_keep_the_grounds(login, seeded, email, status):
    client = login(email)
    target = ground()
    assert client.get(national("disclosure_grounds")).status_code == status
    assert client.post(national("disclosure_ground_create"), NEW).status_code == status
    assert client.post(national("disclosure_ground_deactivate", target.pk)).status_code == status
    assert client.post(national("disclosure_ground_delete", target.pk)).status_code == status
    target.refresh_from_db()
    assert target.active
    assert not SecrecyGround.objects.filter(code=NEW["code"]).exists()


def test_the_county_list_is_the_coordinators_only(login, seeded):
    assert login("nationell@lansmedel.demo").get(url("disclosure_grounds_county")).status_code in {
        403,
        404,
    }
