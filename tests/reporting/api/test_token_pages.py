"""The coordinator makes a key in the browser (its secret shown once, only its digest kept)
and revokes it; another county's coordinator cannot; bad input is answered in Swedish next to
the field with what was typed kept."""

import hashlib

import pytest
from django.urls import reverse

from reporting.models import ApiScope, ApiToken

pytestmark = pytest.mark.django_db


def test_the_coordinator_creates_and_revokes_a_key(login, jamtland):
    client = login("samordnare@jamtland.demo")
    page = reverse("api:tokens", args=["jamtland"])
    assert client.get(page).status_code == 200
    response = client.post(
        page, {"name": "Ekonomisystem", "scopes": [ApiScope.PAYMENTS, ApiScope.DECISIONS]}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(county=jamtland)
    secret = response.context["secret"]
    assert secret.startswith(token.prefix) and secret in response.content.decode()
    assert token.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert token.scopes == [ApiScope.DECISIONS, ApiScope.PAYMENTS]
    api_url = reverse("api:v1:grant_list")
    assert client.get(api_url, headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    # Shown once: the page never shows the secret again.
    again = client.get(page).content.decode()
    assert secret not in again and token.prefix in again and "Ekonomisystem" in again

    other = reverse("api:token_revoke", args=["vastmanland", token.pk])
    foreign = login("samordnare@vastmanland.demo")
    assert foreign.post(reverse("api:token_revoke", args=["jamtland", token.pk])).status_code == 404
    assert foreign.post(other).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None

    client = login("samordnare@jamtland.demo")
    response = client.post(reverse("api:token_revoke", args=["jamtland", token.pk]), follow=True)
    assert "återkallades" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by.username == "samordnare@jamtland.demo"
    assert client.get(api_url, headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_other_roles_of_the_county_may_not_see_the_keys(login):
    assert (
        login("beredning1@jamtland.demo").get(reverse("api:tokens", args=["jamtland"])).status_code
        == 403
    )
    assert (
        login("samordnare@vastmanland.demo")
        .get(reverse("api:tokens", args=["jamtland"]))
        .status_code
        == 404
    )


def test_bad_input_is_answered_next_to_the_field_with_the_typed_values_kept(login, jamtland):
    client = login("samordnare@jamtland.demo")
    page = reverse("api:tokens", args=["jamtland"])
    response = client.post(page, {"name": "Diarium W3D3", "scopes": []})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Välj minst en sak som nyckeln får läsa." in html
    assert 'value="Diarium W3D3"' in html
    response = client.post(page, {"name": "  ", "scopes": [ApiScope.CALLS]})
    html = response.content.decode()
    assert "Ange vilket system som ska använda nyckeln." in html
    assert 'value="read:calls" ' in html and "checked" in html
    response = client.post(page, {"name": "x" * 101, "scopes": ["read:everything"]})
    assert response.status_code == 400
    assert "Välj bland de saker i listan som nyckeln får läsa." in response.content.decode()
    assert not ApiToken.objects.exists()
