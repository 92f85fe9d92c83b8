"""Gate tests on real services: skip when absent, fail when REQUIRE_SERVICES=1 (CI)."""

import os

import pytest


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") not in {"", "0", "false", "no"}


def need(available: bool, what: str) -> None:
    """Skip the calling test when `what` is missing, or fail it when services are required."""
    if available:
        return
    if services_required():
        pytest.fail(f"{what} is required (REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


def wait_until(condition, seconds: float = 15.0) -> None:
    """Wait for background work (a Celery worker on the real broker) to show its effect."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the background task"
        time.sleep(0.05)


def in_english(client):
    """The test client as a user who chose English with the language switch."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
