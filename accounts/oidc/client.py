"""The OpenID Connect client (Authlib) for the configured identity provider.

The code flow with PKCE (S256), `state` and `nonce` kept in the session; the ID token's
signature is checked against the provider's published keys (JWKS), and its issuer, audience,
expiry and nonce are validated by Authlib.
"""

import time

import requests
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App

from accounts.oidc.provider import IdentityProvider

CLIENT_NAME = "identity_provider"
METADATA_SECONDS = 3600
# A clock difference between the provider and this server, tolerated on `exp` and `iat`.
CLOCK_LEEWAY_SECONDS = 60

_metadata_cache: dict[str, tuple[float, dict]] = {}


class ProviderMisconfigured(Exception):
    """The provider's discovery document does not describe the configured issuer."""


def server_metadata(provider: IdentityProvider) -> dict:
    """The provider's endpoints: as configured, or from its discovery document (kept an hour)."""
    if provider.has_endpoints:
        return {
            "issuer": provider.issuer,
            "authorization_endpoint": provider.authorization_endpoint,
            "token_endpoint": provider.token_endpoint,
            "jwks_uri": provider.jwks_uri,
        }
    url = provider.discovery_url
    cached = _metadata_cache.get(url)
    if cached and time.monotonic() - cached[0] < METADATA_SECONDS:
        return dict(cached[1])
    response = requests.get(url, timeout=provider.timeout_seconds)
    response.raise_for_status()
    metadata = response.json()
    if metadata.get("issuer") != provider.issuer:
        raise ProviderMisconfigured(metadata.get("issuer"))
    kept = {
        key: metadata[key]
        for key in (
            "issuer",
            "authorization_endpoint",
            "token_endpoint",
            "jwks_uri",
            "id_token_signing_alg_values_supported",
        )
        if key in metadata
    }
    _metadata_cache[url] = (time.monotonic(), kept)
    return dict(kept)


def oauth_client(provider: IdentityProvider) -> DjangoOAuth2App:
    return DjangoOAuth2App(
        DjangoIntegration(CLIENT_NAME),
        name=CLIENT_NAME,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        client_kwargs={
            "scope": provider.scopes,
            "code_challenge_method": "S256",
            "default_timeout": provider.timeout_seconds,
        },
        **server_metadata(provider),
    )
