"""Who the identity provider's ID token names, and whether it asserts a second factor."""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from accounts.oidc.provider import IdentityProvider

# `amr` values (RFC 8176) that by themselves mean more than a password.
AMR_MULTI_FACTOR = frozenset({"mfa", "otp", "hwk", "sc"})
# Otherwise two factors of different kinds: something had, known, or been.
AMR_POSSESSION = frozenset({"swk", "hwk", "sc", "otp", "sms", "tel"})
AMR_KNOWLEDGE = frozenset({"pin", "pwd", "kba"})
AMR_INHERENCE = frozenset({"fpt", "face", "iris", "retina", "vbm", "bio"})


class SignInRefused(Exception):
    """The provider's answer does not let this person in; `message` says why, for them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _amr(claims: Mapping) -> set[str]:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = amr.split()
    return {str(method).lower() for method in amr if isinstance(method, str)}


def multi_factor_asserted(*, claims: Mapping, provider: IdentityProvider) -> bool:
    """Whether the ID token says the person logged in with more than one factor."""
    acr = claims.get("acr")
    if isinstance(acr, str) and acr in provider.multi_factor_acr:
        return True
    methods = _amr(claims)
    if methods & AMR_MULTI_FACTOR:
        return True
    kinds = [methods & kind for kind in (AMR_POSSESSION, AMR_KNOWLEDGE, AMR_INHERENCE)]
    return sum(1 for found in kinds if found) >= 2


def _is_true(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def user_for_identity(*, claims: Mapping, provider: IdentityProvider):
    """The active account whose e-mail address the ID token gives, verified by the provider.

    Raises SignInRefused when the token gives no address, says it is not verified, or names
    nobody with an account here: accounts are made by invitation, never by single sign-on.
    """
    value = claims.get(provider.user_claim)
    if not isinstance(value, str) or "@" not in value:
        raise SignInRefused(
            _(
                "The identity provider did not say which e-mail address is yours, so "
                "Länsmedel cannot tell who you are. Log in with your password instead."
            )
        )
    if provider.verified_claim and not _is_true(claims.get(provider.verified_claim)):
        raise SignInRefused(
            _(
                "The identity provider has not verified your e-mail address, so it cannot be "
                "used to log in. Ask your organisation's IT support, or log in with your "
                "password."
            )
        )
    email = value.strip().lower()
    users = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
    if len(users) != 1:
        raise SignInRefused(
            _(
                "There is no account in Länsmedel for %(email)s. Accounts are made by "
                "invitation: ask your county's coordinator to invite you."
            )
            % {"email": email}
        )
    return users[0]
