"""Lock-out after failed log-ins, password policy, idle sessions, cookies and CSRF."""

import json
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from allocations.agreements.services import DEMO_PASSWORD
from config.middleware import LAST_ACTIVITY_KEY
from tests.applications.applying.test_views_applicant import edit_url, form_data
from tests.services import in_english
from tests.test_deployment import ROOT, production_env

pytestmark = pytest.mark.django_db

# The applicant's draft, as the application tests build it.

COORDINATOR = "samordnare@jamtland.demo"


def log_in(client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


# ---------------------------------------------------------------------------
# Lock-out (django-axes)
# ---------------------------------------------------------------------------
def test_five_wrong_passwords_lock_the_address_and_the_right_one_is_refused(client, seeded):
    for _ in range(4):
        response = log_in(client, COORDINATOR, "fel lösenord")
        assert response.status_code == 200  # the form again, with its message
    fifth = log_in(client, COORDINATOR, "fel lösenord")
    assert fifth.status_code == 429
    right = log_in(client, COORDINATOR, DEMO_PASSWORD)
    html = right.content.decode()
    assert right.status_code == 429
    assert 'id="locked-out"' in html
    assert (
        "För många misslyckade inloggningar. Inloggning med den här e-postadressen från ditt "
        "nätverk är spärrad i 30 minuter." in " ".join(html.split())
    )
    english = log_in(in_english(client), COORDINATOR, DEMO_PASSWORD).content.decode()
    assert "locked for 30 minutes" in english
    assert client.get("/lan/jamtland/2025/").status_code == 302  # not logged in


def test_the_count_ignores_case_and_spaces_and_other_addresses_are_not_locked(client, seeded):
    for typed in [
        "Samordnare@Jamtland.demo",
        " samordnare@jamtland.demo",
        "SAMORDNARE@jamtland.demo",
    ]:
        log_in(client, typed, "fel")
    log_in(client, COORDINATOR, "fel")
    log_in(client, COORDINATOR, "fel")
    assert log_in(client, COORDINATOR, DEMO_PASSWORD).status_code == 429
    assert log_in(client, "beredning1@jamtland.demo", DEMO_PASSWORD).status_code == 302


def test_a_successful_log_in_resets_the_count(client, seeded):
    for _ in range(4):
        log_in(client, COORDINATOR, "fel")
    assert log_in(client, COORDINATOR, DEMO_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        log_in(client, COORDINATOR, "fel")
    assert log_in(client, COORDINATOR, DEMO_PASSWORD).status_code == 302


def test_the_administrator_lifts_a_lock_by_deleting_the_attempt(client, seeded):
    for _ in range(5):
        log_in(client, COORDINATOR, "fel")
    assert log_in(client, COORDINATOR, DEMO_PASSWORD).status_code == 429
    assert admin.site.is_registered(AccessAttempt)
    attempt = AccessAttempt.objects.get(username=COORDINATOR)
    assert attempt.failures_since_start >= 5
    assert "lansmedel-demo" not in attempt.post_data and "fel" not in attempt.post_data

    admin_client = Client()
    assert admin_client.login(username="admin@lansmedel.demo", password=DEMO_PASSWORD)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert admin_client.get(changelist).status_code == 200
    response = admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(client, COORDINATOR, DEMO_PASSWORD).status_code == 302


# ---------------------------------------------------------------------------
# Password policy
# ---------------------------------------------------------------------------
def test_the_password_change_form_demands_twelve_characters_in_swedish(login):
    client = login(COORDINATOR)
    response = client.post(
        reverse("password_change"),
        {"old_password": DEMO_PASSWORD, "new_password1": "Kort-42x", "new_password2": "Kort-42x"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken." in html
    common = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "password1234",
            "new_password2": "password1234",
        },
    )
    assert "Detta lösenord är alldeles för vanligt." in common.content.decode()
    ok = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Tre-hundra-kronor-i-Jämtland",
            "new_password2": "Tre-hundra-kronor-i-Jämtland",
        },
    )
    assert ok.status_code == 302


# ---------------------------------------------------------------------------
# Sessions: idle time-out, form data kept
# ---------------------------------------------------------------------------
def _age_session(client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds
    session.save()


def test_the_stored_session_expires_after_the_idle_time(settings):
    assert settings.SESSION_IDLE_SECONDS == 2 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS
    assert settings.SESSION_COOKIE_HTTPONLY


def test_an_idle_session_is_logged_out(login, settings):
    client = login(COORDINATOR)
    assert client.get("/lan/jamtland/2025/").status_code == 200
    _age_session(client, settings.SESSION_IDLE_SECONDS + 1)
    response = client.get("/lan/jamtland/2025/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_activity_refreshes_the_session_at_most_once_a_minute(login):
    client = login(COORDINATOR)
    key = client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    client.get("/lan/jamtland/2025/")
    assert Session.objects.get(session_key=key).expire_date == expiry  # nothing written
    _age_session(client, 90)
    stored = Session.objects.get(session_key=key).expire_date
    client.get("/lan/jamtland/2025/")
    assert Session.objects.get(session_key=key).expire_date > stored
    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_a_form_posted_after_the_idle_time_out_is_kept_through_the_log_in(
    login, complete_draft, settings
):
    """See also tests/applications/applying/test_views_applicant.py (a POST with no session at
    all)."""
    client = login("sokande@ostersund.demo")
    _age_session(client, settings.SESSION_IDLE_SECONDS + 60)
    data = form_data(complete_draft.call, title="Skrivet före tidsgränsen", save="")
    response = client.post(edit_url(complete_draft), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    complete_draft.refresh_from_db()
    assert complete_draft.title != "Skrivet före tidsgränsen"
    back = client.post(
        response["Location"],
        {"username": "sokande@ostersund.demo", "password": DEMO_PASSWORD},
        follow=True,
    )
    assert "Skrivet före tidsgränsen" in back.content.decode()
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Skrivet före tidsgränsen"


# ---------------------------------------------------------------------------
# Cookies and CSRF
# ---------------------------------------------------------------------------
def test_a_post_without_the_csrf_token_is_refused(seeded):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": COORDINATOR, "password": DEMO_PASSWORD})
    assert response.status_code == 403


def test_production_settings_have_secure_cookies_and_no_demo(tmp_path):
    script = (
        "import json; from config import settings as s; print(json.dumps({k: getattr(s, k) "
        "for k in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_SSL_REDIRECT', 'DEMO_MODE', 'DEBUG', 'SESSION_COOKIE_AGE']}))"
    )
    env = production_env(tmp_path, SESSION_IDLE_SECONDS="900")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "DEMO_MODE": False,
        "DEBUG": False,
        "SESSION_COOKIE_AGE": 900,
    }
