"""A session begun through the identity provider with a second factor counts as verified."""

import functools

from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from accounts.oidc.backend import BACKEND_PATH

# The pk of the user whose identity provider asserted a multi-factor log-in in this session.
MULTI_FACTOR_SESSION_KEY = "identity_provider_multi_factor"


class ProviderAssurance:
    """Stands in for django-otp's device on `user.otp_device`: the second factor was given at
    the identity provider, not to a device of Länsmedel's."""

    persistent_id = ""
    confirmed = True
    name = "Identity provider"

    def __init__(self, user_id: int):
        self.user_id = user_id


def _with_assurance(request: HttpRequest, user):
    if (
        user.is_authenticated
        and getattr(user, "otp_device", None) is None
        and request.session.get(BACKEND_SESSION_KEY) == BACKEND_PATH
        and request.session.get(MULTI_FACTOR_SESSION_KEY) == user.pk
    ):
        user.otp_device = ProviderAssurance(user.pk)
    return user


class ProviderVerifiedMiddleware:
    """After django-otp's OTPMiddleware: `user.is_verified()` is true in a session begun by
    single sign-on whose ID token asserted more than one factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(functools.partial(_with_assurance, request, user))
        return self.get_response(request)
