"""Settings of the parts that talk to other systems: the read API for the diarium and the
economy system, single sign-on through the organisation's identity provider, and e-mail. Read from
the environment by config/settings.py."""

import os


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------------------
# The read API (reporting/api/): a county's key in `Authorization: Bearer …`, read-only, pages
# by cursor; its OpenAPI schema and Swagger UI are served from our own static files.
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["reporting.api.permissions.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["reporting.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "reporting.api.pagination.ApiCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Länsmedel API",
    "DESCRIPTION": (
        "Read a county's calls, applications, decisions, grants, payments and deadlines. "
        "Amounts are whole kronor."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# ---------------------------------------------------------------------------
# Single sign-on: OpenID Connect through the organisation's identity provider (accounts/oidc/).
# Off (password log-in only, no button) unless LANSMEDEL_OIDC_ISSUER and _CLIENT_ID are set.
# ---------------------------------------------------------------------------
OIDC = (
    {
        "issuer": os.environ["LANSMEDEL_OIDC_ISSUER"].strip(),
        "client_id": os.environ["LANSMEDEL_OIDC_CLIENT_ID"].strip(),
        "client_secret": os.environ.get("LANSMEDEL_OIDC_CLIENT_SECRET", ""),
        "scopes": os.environ.get("LANSMEDEL_OIDC_SCOPES", "openid email"),
        # The claim with the person's e-mail address, and the claim that must say it is
        # verified (set it empty only if the provider's directory vouches for every address).
        "user_claim": os.environ.get("LANSMEDEL_OIDC_USER_CLAIM", "email"),
        "verified_claim": os.environ.get("LANSMEDEL_OIDC_VERIFIED_CLAIM", "email_verified"),
        "label": os.environ.get("LANSMEDEL_OIDC_LABEL", ""),
        # `acr` values that count as a second factor (besides a multi-factor `amr`).
        "multi_factor_acr": env_list("LANSMEDEL_OIDC_MFA_ACR"),
        # Without the discovery document: all three endpoints.
        "authorization_endpoint": os.environ.get("LANSMEDEL_OIDC_AUTHORIZATION_ENDPOINT", ""),
        "token_endpoint": os.environ.get("LANSMEDEL_OIDC_TOKEN_ENDPOINT", ""),
        "jwks_uri": os.environ.get("LANSMEDEL_OIDC_JWKS_URI", ""),
        "timeout_seconds": float(os.environ.get("LANSMEDEL_OIDC_TIMEOUT_SECONDS", "10")),
    }
    if os.environ.get("LANSMEDEL_OIDC_ISSUER", "").strip()
    and os.environ.get("LANSMEDEL_OIDC_CLIENT_ID", "").strip()
    else None
)


# ---------------------------------------------------------------------------
# E-mail: every message is stored in the mail outbox (reporting/messaging/mail.py) and delivered
# from there through the "transport" mailer: console in the demo, SMTP when EMAIL_HOST is set
# ---------------------------------------------------------------------------
_email_host = os.environ.get("EMAIL_HOST", "")
MAILERS = {
    "default": {"BACKEND": "reporting.messaging.backend.OutboxEmailBackend"},
    "transport": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
        if _email_host
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    ),
}
MAIL_TRANSPORT = "transport"
# Seconds to wait after each refused try (1 min, 5 min, 30 min, 2 h, then every 6 h: nine
# tries over about 27 hours); after the last the e-mail is failed, for a person to send again.
MAIL_RETRY_SCHEDULE = [
    int(s)
    for s in os.environ.get(
        "MAIL_RETRY_SCHEDULE", "60,300,1800,7200,21600,21600,21600,21600"
    ).split(",")
]
# A try that has not finished after this long is shown as uncertain (never retried by itself).
MAIL_SENDING_TIMEOUT = int(os.environ.get("MAIL_SENDING_TIMEOUT", str(30 * 60)))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Länsmedel <noreply@lansmedel.local>")
# Where reports from the accessibility statement go.
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
    "ACCESSIBILITY_CONTACT_EMAIL", "tillganglighet@lansmedel.local"
)
