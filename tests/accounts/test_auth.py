import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_demo_coordinator_logs_in_and_lands_on_the_start_page(client, seeded):
    response = client.post(
        reverse("login"),
        {"username": "samordnare@jamtland.demo", "password": "lansmedel-demo"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("start")
    assert "Jämtland Härjedalen" in response.content.decode()


def test_wrong_password_says_so_in_swedish_and_keeps_the_address(client, seeded):
    response = client.post(
        reverse("login"), {"username": "samordnare@jamtland.demo", "password": "fel"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord." in html
    assert 'value="samordnare@jamtland.demo"' in html


def test_the_address_is_matched_whatever_its_case(client, seeded):
    response = client.post(
        reverse("login"), {"username": " Samordnare@Jamtland.demo", "password": "lansmedel-demo"}
    )
    assert response.status_code == 302


def test_log_out_by_post(login):
    client = login("samordnare@jamtland.demo")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("allocations:county_latest", args=["jamtland"])).status_code == 302


def test_password_reset_sends_a_link(client, seeded, celery_worker_if_broker):
    from django.contrib.auth import get_user_model

    from tests.services import wait_until

    get_user_model().objects.filter(username="samordnare@jamtland.demo").update(
        email="samordnare@jamtland.demo"
    )
    response = client.post(reverse("password_reset"), {"email": "samordnare@jamtland.demo"})
    assert response.status_code == 302
    wait_until(lambda: len(mail.outbox) == 1)  # delivered from the mail outbox after commit
    assert "/losenord/aterstall/" in mail.outbox[0].body


def test_demo_log_ins_are_listed_only_in_demo_mode(client, seeded, settings):
    settings.DEMO_MODE = True
    assert "lansmedel-demo" in client.get(reverse("login")).content.decode()
    settings.DEMO_MODE = False
    assert "lansmedel-demo" not in client.get(reverse("login")).content.decode()


def test_refusals_are_swedish_pages_in_the_site_layout(login):
    client = login("beredning1@jamtland.demo")
    forbidden = client.get(reverse("applications:call_create", args=["jamtland"]))
    assert forbidden.status_code == 403
    assert "Åtkomst nekad" in forbidden.content.decode()
    assert 'id="main"' in forbidden.content.decode()
    missing = client.get("/lan/dalarna/2025/")
    assert missing.status_code == 404
    assert "Sidan finns inte" in missing.content.decode()
