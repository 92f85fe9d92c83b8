import os

import pytest
from django.test import Client, TransactionTestCase, override_settings

from allocations.agreements.services import (
    DEMO_PASSWORD,
    agreement_year_load,
    demo_users_create,
    read_seed,
)
from allocations.models import Agreement
from tests.fixtures import (  # noqa: F401 - fixtures for every test
    applicant,
    complete_draft,
    complete_fields,
    coordinator,
    in_review,
    jamtland,
    open_call,
    ostersund,
    review_round,
    reviewers,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Demo users are created per test; a cheap hasher keeps that fast."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploads of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _base_data_load() -> Agreement:
    """The 2025 data and every demo log-in, as `make run` loads them (with the secrecy
    grounds and the retention schedule their migrations add, which a flushed database lost)."""
    from applications.disclosure.services import secrecy_grounds_ensure
    from reporting.retention.services import retention_schedule_ensure

    agreement = agreement_year_load(data=read_seed("agreement_2025.toml"))
    demo_users_create(data=read_seed("demo_users.toml"))
    secrecy_grounds_ensure()
    retention_schedule_ensure()
    return agreement


def _base_data() -> Agreement:
    return Agreement.objects.filter(year=2025).first() or _base_data_load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each worker's test database holds the base data from the start, committed: a test's
    own transaction is rolled back to it, so no test pays for loading it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        _base_data()


def _base_data_after_flush(flush):
    """A transactional test ends by emptying every table; the base data is loaded again, so
    the tests after it find it as every other test does."""

    def _fixture_teardown(self):
        flush(self)
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            _base_data()

    return _fixture_teardown


TransactionTestCase._fixture_teardown = _base_data_after_flush(
    TransactionTestCase._fixture_teardown
)


@pytest.fixture
def empty_database(transactional_db) -> None:
    """A database with nothing in it, as a new installation starts (a transactional test:
    the base data is loaded again when it ends)."""
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


@pytest.fixture
def agreement_2025(db) -> Agreement:
    return _base_data()


@pytest.fixture
def seeded(agreement_2025) -> Agreement:
    """The 2025 data and every demo log-in, as `make run` loads them."""
    return agreement_2025


@pytest.fixture
def login(client: Client, seeded):
    """`login("samordnare@jamtland.demo")` logs the test client in as a demo user."""

    def _login(email: str) -> Client:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        return client

    return _login


@pytest.fixture
def celery_worker_if_broker(transactional_db):
    """With REDIS_URL, a real Celery worker consumes from the real Redis broker;
    without it, tasks run eagerly in-process (the embedded default)."""
    if not os.environ.get("REDIS_URL"):
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()  # tasks left by earlier tests that ran without a worker
    with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10) as worker:
        yield worker


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Every e-mail goes through the mail outbox as in production (pytest-django makes every
    mailer locmem); delivery is to locmem, so `mail.outbox` holds what was delivered."""
    settings.MAILERS = {
        "default": {"BACKEND": "reporting.messaging.backend.OutboxEmailBackend"},
        "transport": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """The cache outlives each test's rolled-back database: start every test on new versions,
    so no page part cached by an earlier test is served."""
    from config.data_version import everything_changed

    everything_changed()


@pytest.fixture(autouse=True)
def _site_language(settings):
    """Every test starts in the site's language, whatever language an earlier test in the
    same worker left active (a request in English activates English for the thread)."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
