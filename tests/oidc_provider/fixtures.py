"""Fixtures: the test identity provider as a process of its own, and Länsmedel configured
to log in through it (used by tests/accounts/oidc/ and the browser journey)."""

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from accounts.oidc import client as oidc_client
from tests.oidc_provider.server import CLIENT_ID, CLIENT_SECRET

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_LABEL = "Region Testland"


class ProviderProcess:
    def __init__(self, issuer: str):
        self.issuer = issuer

    def _post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            self.issuer + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - local
            return json.load(response)

    def behave(self, **changes) -> dict:
        """Who the next log-ins are for, and how the provider's answers misbehave."""
        return self._post("/control", changes)

    def reset(self) -> dict:
        return self._post("/control/reset", {})


@pytest.fixture(scope="session")
def provider_process() -> Iterator[ProviderProcess]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = process.stdout.readline().strip()
        if not port.isdigit():
            raise RuntimeError(f"the test provider did not start: {process.stderr.read()}")
        yield ProviderProcess(f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def identity_provider(provider_process, settings) -> ProviderProcess:
    """Länsmedel configured for the test provider (discovery), two-factor as in production."""
    provider_process.reset()
    oidc_client._metadata_cache.clear()
    settings.DEMO_MODE = False
    settings.OIDC = {
        "issuer": provider_process.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid email",
        "user_claim": "email",
        "verified_claim": "email_verified",
        "label": PROVIDER_LABEL,
        "multi_factor_acr": ["http://id.elegnamnden.se/loa/1.0/loa3"],
    }
    return provider_process
