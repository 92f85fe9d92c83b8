"""Log-in through the identity provider with the test client against the real provider process:
the whole code flow (state, nonce, PKCE, the signed ID token), who it lets in, when it counts
as two-factor, and every answer that must not let anybody in."""

from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.oidc_provider.fixtures import PROVIDER_LABEL

pytestmark = pytest.mark.django_db

START = "/logga-in/e-legitimation/"
CALLBACK = "/logga-in/e-legitimation/svar/"
COORDINATOR = "samordnare@jamtland.demo"
BUTTON = "Logga in med e-legitimation"


def _to_provider(client: Client, start: str = START) -> str:
    response = client.get(start)
    assert response.status_code == 302
    return response["Location"]


def _provider_answer(authorize_url: str) -> str:
    """The provider approves at once and sends the browser back: the callback's path and query."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == CALLBACK
    return f"{back.path}?{back.query}"


def log_in_through_provider(client: Client, start: str = START):
    return client.get(_provider_answer(_to_provider(client, start)), follow=True)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def page_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def person(db):
    return get_user_model().objects.create_user(
        username="anna.andersson@region.example",
        email="anna.andersson@region.example",
        password="ett-langt-losenord-2027",
        first_name="Anna",
    )


# --- not configured -----------------------------------------------------------------------


def test_without_configuration_the_log_in_page_is_as_before(client, settings):
    settings.OIDC = None
    page = client.get("/logga-in/")
    assert page.status_code == 200
    assert BUTTON not in page_text(page)
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK + "?code=x&state=y").status_code == 404


def test_configured_the_log_in_page_offers_the_providers_log_in_beside_the_password(
    client, identity_provider
):
    text = page_text(client.get("/logga-in/"))
    assert BUTTON in text
    assert PROVIDER_LABEL in text
    assert 'name="password"' in text


# --- who gets in, and whether two-factor is asked ------------------------------------------


def test_a_known_person_with_a_verified_address_is_logged_in_on_the_start_page(
    client, identity_provider, person
):
    identity_provider.behave(email="Anna.Andersson@region.example", amr=["pwd"])
    response = log_in_through_provider(client)
    assert logged_in(client)
    assert int(client.session["_auth_user_id"]) == person.pk
    assert response.redirect_chain[-1][0] == "/"
    assert response.status_code == 200


def test_the_page_asked_for_before_log_in_is_where_the_person_lands(
    client, identity_provider, person
):
    response = log_in_through_provider(client, START + "?next=/konto/")
    assert response.redirect_chain[-1][0] == "/konto/"
    assert response.status_code == 200


def test_a_next_address_on_another_site_is_not_followed(client, identity_provider, person):
    response = log_in_through_provider(client, START + "?next=https://elak.example/")
    assert response.redirect_chain[-1][0] == "/"


@pytest.mark.parametrize(
    "claims",
    [
        {"amr": ["mfa"]},
        {"amr": ["swk", "pin"]},
        {"amr": ["hwk"]},
        {"amr": ["pwd"], "acr": "http://id.elegnamnden.se/loa/1.0/loa3"},
    ],
    ids=["mfa", "swk+pin", "hwk", "configured-acr"],
)
def test_a_second_factor_at_the_provider_is_not_asked_again(
    client, identity_provider, coordinator, claims
):
    identity_provider.behave(email=COORDINATOR, **claims)
    response = log_in_through_provider(client)
    assert logged_in(client)
    assert response.redirect_chain[-1][0] == "/"
    assert client.get("/konto/").status_code == 200


@pytest.mark.parametrize(
    "claims",
    [{"amr": ["pwd"]}, {"amr": ["swk"]}, {"amr": None}, {"acr": "http://other.example/loa1"}],
    ids=["pwd", "swk-alone", "no-amr", "other-acr"],
)
def test_one_factor_at_the_provider_leaves_lansmedels_own_second_factor(
    client, identity_provider, coordinator, claims
):
    identity_provider.behave(email=COORDINATOR, **{"amr": ["pwd"], **claims})
    response = log_in_through_provider(client)
    assert logged_in(client)
    # A coordinator without an authenticator is sent to set one up before any page.
    assert response.redirect_chain[-1][0].startswith("/logga-in/tvafaktor/")
    assert client.get("/konto/")["Location"].startswith("/logga-in/tvafaktor/")


def test_with_an_authenticator_and_one_factor_the_code_is_asked(client, identity_provider, person):
    TOTPDevice.objects.create(user=person, name="Authenticator", confirmed=True)
    identity_provider.behave(amr=["pwd"])
    response = log_in_through_provider(client)
    assert response.redirect_chain[-1][0].startswith("/logga-in/kod/")


def test_the_providers_second_factor_counts_only_in_a_session_it_began(
    client, identity_provider, person
):
    TOTPDevice.objects.create(user=person, name="Authenticator", confirmed=True)
    identity_provider.behave(amr=["mfa"])
    log_in_through_provider(client)
    assert client.get("/konto/").status_code == 200
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert client.get("/konto/")["Location"].startswith("/logga-in/kod/")


# --- answers that let nobody in -------------------------------------------------------------


def _refused(client: Client, response, message: str) -> None:
    assert not logged_in(client)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/logga-in/"
    assert message in page_text(response)


def test_an_unknown_person_is_told_that_accounts_come_by_invitation(client, identity_provider):
    identity_provider.behave(email="okand@kommun.example")
    response = log_in_through_provider(client)
    _refused(
        client,
        response,
        "Det finns inget konto i Länsmedel för okand@kommun.example. Konton skapas genom inbjudan",
    )
    assert not get_user_model().objects.filter(email="okand@kommun.example").exists()


def test_an_unverified_address_lets_nobody_in(client, identity_provider, person):
    identity_provider.behave(email_verified=False)
    _refused(
        client,
        log_in_through_provider(client),
        "Identitetsleverantören har inte verifierat din e-postadress",
    )


def test_a_token_without_an_address_lets_nobody_in(client, identity_provider, person):
    identity_provider.behave(email=None)
    _refused(
        client,
        log_in_through_provider(client),
        "Identitetsleverantören angav inte vilken e-postadress som är din",
    )


def test_an_inactive_account_is_not_logged_in(client, identity_provider, person):
    person.is_active = False
    person.save(update_fields=["is_active"])
    _refused(client, log_in_through_provider(client), "Det finns inget konto i Länsmedel")


def test_a_wrong_state_lets_nobody_in(client, identity_provider, person):
    identity_provider.behave(state="wrong")
    _refused(
        client,
        log_in_through_provider(client),
        "svaret från identitetsleverantören hörde inte till den här inloggningen",
    )


def test_an_answer_to_a_log_in_never_started_in_this_session_lets_nobody_in(
    client, identity_provider, person
):
    callback = _provider_answer(_to_provider(Client()))
    _refused(
        client,
        client.get(callback, follow=True),
        "svaret från identitetsleverantören hörde inte till den här inloggningen",
    )


def test_the_same_answer_twice_logs_in_once(client, identity_provider, person):
    callback = _provider_answer(_to_provider(client))
    client.get(callback)
    assert logged_in(client)
    client.post("/logga-ut/")
    assert not logged_in(client)
    _refused(
        client,
        client.get(callback, follow=True),
        "svaret från identitetsleverantören hörde inte till den här inloggningen",
    )


@pytest.mark.parametrize("nonce", ["wrong", "missing"])
def test_a_wrong_or_missing_nonce_lets_nobody_in(client, identity_provider, person, nonce):
    identity_provider.behave(nonce=nonce)
    _refused(
        client,
        log_in_through_provider(client),
        "identitetsleverantörens svar var inte gjort för den här inloggningen",
    )


def test_an_expired_id_token_lets_nobody_in(client, identity_provider, person):
    identity_provider.behave(expired=True)
    _refused(client, log_in_through_provider(client), "identitetsleverantörens svar har gått ut")


def test_a_bad_signature_lets_nobody_in(client, identity_provider, person):
    identity_provider.behave(bad_signature=True)
    _refused(
        client,
        log_in_through_provider(client),
        "identitetsleverantörens svar är inte signerat med dess nyckel",
    )


def test_a_token_for_another_client_lets_nobody_in(client, identity_provider, person):
    identity_provider.behave(audience="another-service")
    _refused(
        client,
        log_in_through_provider(client),
        "identitetsleverantörens svar gick inte att kontrollera",
    )


def test_a_refusal_at_the_provider_is_said_so(client, identity_provider, person):
    identity_provider.behave(error="access_denied")
    _refused(
        client,
        log_in_through_provider(client),
        "Inloggningen avbröts eller nekades hos identitetsleverantören.",
    )


def test_an_unreachable_provider_is_said_so_and_the_password_still_works(
    client, identity_provider, person, settings
):
    settings.OIDC = {**settings.OIDC, "issuer": "http://127.0.0.1:9/saknas"}
    response = client.get(START, follow=True)
    _refused(client, response, "Identitetsleverantören går inte att nå just nu.")
    assert client.login(username=person.email, password="ett-langt-losenord-2027")
