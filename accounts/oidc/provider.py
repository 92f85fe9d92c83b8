"""The identity provider as configured in settings.OIDC (None: single sign-on is off)."""

from dataclasses import dataclass

from django.conf import settings

DEFAULT_SCOPES = "openid email"


@dataclass(frozen=True)
class IdentityProvider:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = DEFAULT_SCOPES
    # The ID token claim holding the person's e-mail address, and the claim that must be
    # true for it to be trusted ("" when the provider's directory vouches for every address).
    user_claim: str = "email"
    verified_claim: str = "email_verified"
    # The provider's name on the log-in page, e.g. "Region Jämtland Härjedalen".
    label: str = ""
    # `acr` values that mean a multi-factor log-in (e.g. a level of assurance 3).
    multi_factor_acr: tuple[str, ...] = ()
    # Endpoints given instead of the discovery document (all three, or none).
    authorization_endpoint: str = ""
    token_endpoint: str = ""
    jwks_uri: str = ""
    timeout_seconds: float = 10.0

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def has_endpoints(self) -> bool:
        return bool(self.authorization_endpoint and self.token_endpoint and self.jwks_uri)


def identity_provider() -> IdentityProvider | None:
    """The configured provider, or None when single sign-on is off."""
    config = getattr(settings, "OIDC", None)
    if not config or not config.get("issuer") or not config.get("client_id"):
        return None
    return IdentityProvider(
        issuer=config["issuer"],
        client_id=config["client_id"],
        client_secret=config.get("client_secret", ""),
        scopes=config.get("scopes") or DEFAULT_SCOPES,
        user_claim=config.get("user_claim") or "email",
        verified_claim=config.get("verified_claim", "email_verified"),
        label=config.get("label", ""),
        multi_factor_acr=tuple(config.get("multi_factor_acr") or ()),
        authorization_endpoint=config.get("authorization_endpoint", ""),
        token_endpoint=config.get("token_endpoint", ""),
        jwks_uri=config.get("jwks_uri", ""),
        timeout_seconds=float(config.get("timeout_seconds") or 10.0),
    )
