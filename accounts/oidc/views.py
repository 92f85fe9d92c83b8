"""Log-in through the identity provider: the start (to the provider) and the callback."""

import logging

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError

from accounts.oidc.backend import BACKEND_PATH
from accounts.oidc.client import CLOCK_LEEWAY_SECONDS, ProviderMisconfigured, oauth_client
from accounts.oidc.middleware import MULTI_FACTOR_SESSION_KEY
from accounts.oidc.provider import IdentityProvider, identity_provider
from accounts.oidc.selectors import SignInRefused, multi_factor_asserted, user_for_identity

logger = logging.getLogger(__name__)

NEXT_SESSION_KEY = "identity_provider_next"


def _provider_or_404() -> IdentityProvider:
    provider = identity_provider()
    if provider is None:
        raise Http404
    return provider


def _safe_next(request: HttpRequest, target: str) -> str:
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("login")


def _unavailable() -> str:
    return _(
        "The identity provider cannot be reached right now. Try again in a while, or log in "
        "with your password."
    )


@never_cache
@require_GET
def identity_provider_start(request: HttpRequest) -> HttpResponse:
    """Sends the browser to the identity provider, with a new state, nonce and PKCE verifier."""
    provider = _provider_or_404()
    next_url = _safe_next(request, request.GET.get("next", ""))
    if request.user.is_authenticated:
        return redirect(next_url)
    request.session[NEXT_SESSION_KEY] = next_url
    redirect_uri = request.build_absolute_uri(reverse("identity_provider_callback"))
    try:
        return oauth_client(provider).authorize_redirect(request, redirect_uri)
    except (requests.RequestException, ValueError, ProviderMisconfigured) as exc:
        logger.warning("identity provider start failed: %r", exc)
        return _refused(request, _unavailable())


def _token_refusal(exc: Exception) -> str:
    """What the person is told about an answer from the provider that cannot be trusted."""
    if isinstance(exc, MismatchingStateError):
        return _(
            "The log-in could not be completed: the answer from the identity provider did not "
            "belong to this log-in (it may have been started in another tab, or taken too "
            "long). Start again."
        )
    if isinstance(exc, ExpiredTokenError):
        return _(
            "The log-in could not be completed: the identity provider's answer has expired. "
            "Check that your computer's clock is right and start again."
        )
    if isinstance(exc, ClaimError) and exc.claim == "nonce":
        return _(
            "The log-in could not be completed: the identity provider's answer was not made "
            "for this log-in. Start again."
        )
    if isinstance(exc, BadSignatureError):
        return _(
            "The log-in could not be completed: the identity provider's answer is not signed "
            "with its key. Nobody was logged in. Start again, and tell your IT support if it "
            "happens again."
        )
    if isinstance(exc, OAuthError) and exc.error == "access_denied":
        return _("The log-in was cancelled or refused at the identity provider.")
    return _(
        "The log-in could not be completed: the identity provider's answer could not be "
        "verified. Nobody was logged in. Start again, or log in with your password."
    )


@never_cache
@require_GET
def identity_provider_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: exchanges the code, validates the ID token, logs the person in.

    Every answer that cannot be trusted, or that names nobody with an account, ends on the
    log-in page with a message and nobody logged in.
    """
    provider = _provider_or_404()
    next_url = _safe_next(request, request.session.pop(NEXT_SESSION_KEY, ""))
    try:
        token = oauth_client(provider).authorize_access_token(
            request,
            leeway=CLOCK_LEEWAY_SECONDS,
            # Issued by the configured issuer, for this client.
            claims_options={
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": provider.client_id},
            },
        )
    except (OAuthError, JoseError) as exc:
        logger.info("identity provider answer refused: %r", exc)
        return _refused(request, _token_refusal(exc))
    except (requests.RequestException, ValueError, ProviderMisconfigured) as exc:
        logger.warning("identity provider unreachable at the callback: %r", exc)
        return _refused(request, _unavailable())
    claims = token.get("userinfo")
    if not claims:
        return _refused(request, _token_refusal(ValueError("no ID token")))
    try:
        user = user_for_identity(claims=claims, provider=provider)
    except SignInRefused as exc:
        return _refused(request, exc.message)
    login(request, user, backend=BACKEND_PATH)
    if multi_factor_asserted(claims=claims, provider=provider):
        request.session[MULTI_FACTOR_SESSION_KEY] = user.pk
    return redirect(next_url)
