"""The test identity provider (tests/oidc_provider/) as a process of its own, and Länsmedel
configured to log in through it."""

from tests.oidc_provider.fixtures import (  # noqa: F401
    identity_provider,
    provider_process,
)
