"""Two-factor log-in for review, forum and coordinator roles and superusers (django-otp).

Outside the embedded demo (DEMO_MODE off), a coordinator is sent from the password step to
set up an authenticator app, and from then on to the code page, before any other page.
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.services import recovery_codes_replace
from allocations.agreements.services import DEMO_PASSWORD
from allocations.models import County, Membership, Role
from tests.services import in_english
from tests.test_deployment import production_env, run_check_deploy

pytestmark = pytest.mark.django_db

COORDINATOR = "samordnare@jamtland.demo"
WRONG_CODE_EN = "Wrong code. Check the code and try again."


@pytest.fixture
def production_like(settings):
    """Two-factor as in production: no demo exemption, no throttling delay between tries."""
    settings.DEMO_MODE = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows (steps_ahead=1: the next one, still accepted)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def password_login(client, email: str, **extra):
    response = client.post(
        reverse("login"), {"username": email, "password": DEMO_PASSWORD, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


@pytest.fixture
def enrolled(seeded):
    """The coordinator with a confirmed authenticator and recovery codes."""
    user = get_user_model().objects.get(username=COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return user, device, recovery_codes_replace(user=user)


def test_a_coordinator_is_forced_through_enrolment_and_gets_ten_recovery_codes(
    client, seeded, production_like
):
    password_login(client, COORDINATOR)
    start = client.get(reverse("start"))
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("two_factor_enrol"))
    county = client.get("/lan/jamtland/2025/")
    assert county["Location"] == reverse("two_factor_enrol") + "?next=%2Flan%2Fjamtland%2F2025%2F"

    page = client.get(county["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'class="qr-code" role="img"' in html
    )
    device = TOTPDevice.objects.get(user__username=COORDINATOR)
    assert not device.confirmed
    assert 'id="otp-secret"' in html

    wrong = client.post(county["Location"], {"code": "000000", "next": "/lan/jamtland/2025/"})
    assert wrong.status_code == 400
    assert client.get(reverse("start")).status_code == 302  # still not through

    right = client.post(
        county["Location"], {"code": code_for(device), "next": "/lan/jamtland/2025/"}
    )
    assert right.status_code == 302
    assert right["Location"].startswith(reverse("two_factor_recovery_codes"))
    codes_page = client.get(right["Location"])
    assert codes_page.status_code == 200
    codes = StaticToken.objects.filter(device__user__username=COORDINATOR)
    assert codes.count() == 10
    for token in codes:
        assert f"{token.token[:4]} {token.token[4:]}" in codes_page.content.decode()
    assert 'href="/lan/jamtland/2025/"' in codes_page.content.decode()
    # Shown once: a second visit only says so.
    assert client.get(reverse("two_factor_recovery_codes"))["Location"] == reverse("account")
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/lan/jamtland/2025/").status_code == 200


def test_with_an_authenticator_the_code_page_comes_after_the_password(
    client, enrolled, production_like
):
    _user, device, _codes = enrolled
    password_login(client, COORDINATOR, next="/lan/jamtland/2025/")
    held = client.get("/lan/jamtland/2025/")
    assert held["Location"] == reverse("two_factor_verify") + "?next=%2Flan%2Fjamtland%2F2025%2F"
    # The password alone cannot replace the authenticator.
    assert client.get(reverse("two_factor_enrol"))["Location"].startswith(
        reverse("two_factor_verify")
    )
    response = client.post(
        held["Location"], {"code": code_for(device), "next": "/lan/jamtland/2025/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/lan/jamtland/2025/"
    assert client.get("/lan/jamtland/2025/").status_code == 200


def test_a_wrong_code_is_refused_with_a_message_next_to_the_field(
    client, enrolled, production_like
):
    password_login(client, COORDINATOR)
    response = client.post(reverse("two_factor_verify"), {"code": "123456"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Fel kod. Kontrollera koden och försök igen." in html  # Swedish by default
    # Next to the field: crispy's feedback element for the code input, which is marked invalid.
    assert 'id="error_1_id_code"' in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html
    in_english(client)
    english = client.post(reverse("two_factor_verify"), {"code": "123456"}).content.decode()
    assert WRONG_CODE_EN in english
    assert client.get(reverse("start")).status_code == 302


def test_a_recovery_code_works_once(client, enrolled, production_like):
    _user, _device, codes = enrolled
    password_login(client, COORDINATOR)
    typed = f"{codes[0][:4].upper()}-{codes[0][4:].upper()}"  # as printed, in capitals
    used = client.post(reverse("two_factor_verify"), {"code": typed})
    assert used.status_code == 302
    assert client.get(reverse("start")).status_code == 200
    assert StaticToken.objects.filter(device__user__username=COORDINATOR).count() == 9

    client.post(reverse("logout"))
    password_login(client, COORDINATOR)
    again = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 400
    assert client.get(reverse("start")).status_code == 302
    other = client.post(reverse("two_factor_verify"), {"code": codes[1]})
    assert other.status_code == 302


def test_an_applicant_is_not_forced(client, seeded, production_like):
    password_login(client, "sokande@ostersund.demo")
    assert client.get(reverse("start")).status_code == 200
    assert client.get(reverse("applications:my_applications")).status_code == 200


def test_an_applicant_who_chose_an_authenticator_gives_its_code(client, seeded, production_like):
    user = get_user_model().objects.get(username="sokande@ostersund.demo")
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    password_login(client, "sokande@ostersund.demo")
    assert client.get(reverse("start"))["Location"].startswith(reverse("two_factor_verify"))


@pytest.mark.parametrize("email", ["beredning1@jamtland.demo", "forum@jamtland.demo"])
def test_review_and_forum_members_are_forced_too(client, seeded, production_like, email):
    password_login(client, email)
    assert client.get(reverse("start"))["Location"].startswith(reverse("two_factor_enrol"))


def test_a_superuser_is_forced_before_the_admin(client, seeded, production_like):
    password_login(client, "admin@lansmedel.demo")
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("two_factor_enrol"))


def test_log_out_language_and_static_files_stay_open_before_the_code(
    client, enrolled, production_like
):
    password_login(client, COORDINATOR)
    assert client.get("/static/css/app.css").status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.get(reverse("login")).status_code == 302  # logged in: on to the start page
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get("/lan/jamtland/2025/")["Location"].startswith(reverse("login"))


def test_the_demo_users_are_exempt_in_demo_mode_and_the_log_in_page_says_so(
    client, seeded, settings
):
    settings.DEMO_MODE = True
    page = client.get(reverse("login")).content.decode()
    assert 'id="demo-two-factor-note"' in page
    assert "Demoläge: demoanvändarna loggar in utan tvåfaktorsautentisering" in page
    english = in_english(client).get(reverse("login")).content.decode()
    assert "Demo mode: the demo users log in without two-factor authentication" in english
    password_login(client, COORDINATOR)
    assert client.get(reverse("start")).status_code == 200


def test_demo_mode_exempts_only_the_demo_users(client, seeded, settings):
    settings.DEMO_MODE = True
    user = get_user_model().objects.create_user(
        "samordnare@region.se", email="samordnare@region.se", password="ett långt lösenord 42"
    )
    Membership.objects.create(
        user=user, county=County.objects.get(slug="jamtland"), role=Role.COORDINATOR
    )
    client.post(
        reverse("login"), {"username": "samordnare@region.se", "password": "ett långt lösenord 42"}
    )
    assert client.get(reverse("start"))["Location"].startswith(reverse("two_factor_enrol"))
    settings.DEMO_MODE = False
    assert "demo-two-factor-note" not in client.get(reverse("login")).content.decode()


def test_production_settings_refuse_the_demo_mode(tmp_path):
    result = run_check_deploy(production_env(tmp_path, LANSMEDEL_DEMO="1"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    assert "LANSMEDEL_DEMO" in result.stderr


def test_check_deploy_reports_a_demo_mode_that_is_on(settings):
    from config.checks import check_demo_mode_off_in_production

    settings.DEMO_MODE = True
    assert [e.id for e in check_demo_mode_off_in_production(None)] == ["lansmedel.E001"]
    settings.DEMO_MODE = False
    assert check_demo_mode_off_in_production(None) == []
