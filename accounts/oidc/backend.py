"""The authentication backend of sessions begun through the identity provider."""

from django.contrib.auth.backends import ModelBackend

BACKEND_PATH = "accounts.oidc.backend.IdentityProviderBackend"


class IdentityProviderBackend(ModelBackend):
    """Restores the user of a session begun by the single sign-on callback (get_user, with
    ModelBackend's checks: active users only). It never takes a password or claims itself:
    the callback (accounts/oidc/views.py) validates the ID token, matches the person and
    logs them in with this backend, so the session records how they came in."""

    def authenticate(self, request, **credentials):
        return None
