"""Two-factor log-in: who must use it, and the middleware that holds them until they have.

Review group, decision forum and coordinator roles (in any county) and superusers log in
with a password and a code from an authenticator app (TOTP, django-otp) or a one-time
recovery code. So does anyone who chose to set up an authenticator. The embedded demo of
`make run` is the one exemption: with DEMO_MODE on, its own users (e-mail ending in .demo)
log in with the password only. DEMO_MODE can never be on with DEBUG off: settings refuse to
load, and `check --deploy` reports lansmedel.E001.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

TWO_FACTOR_ROLES = ("reviewer", "forum", "coordinator")

# Pages a logged-in user may reach before the second step (besides static files).
OPEN_URL_NAMES = (
    "login",
    "logout",
    "two_factor_verify",
    "two_factor_enrol",
    "set_language",
    "javascript-catalog",
)


def is_demo_exempt(user) -> bool:
    """A demo user of the embedded demo, while DEMO_MODE is on."""
    return bool(settings.DEMO_MODE) and (user.email or "").strip().lower().endswith(".demo")


def has_authenticator(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_required(user) -> bool:
    """Whether this user must give a second factor after the password."""
    if not user.is_authenticated or is_demo_exempt(user):
        return False
    if user.is_superuser:
        return True
    from allocations.models import Membership

    holds_role = Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()
    return holds_role or has_authenticator(user)


def two_factor_url(request: HttpRequest, *, enrol: bool) -> str:
    target = request.get_full_path() if request.method == "GET" else request.path
    url = reverse("two_factor_enrol" if enrol else "two_factor_verify")
    return f"{url}?{urlencode({'next': target})}"


def _open_paths() -> tuple[str, ...]:
    paths = []
    for name in OPEN_URL_NAMES:
        try:
            paths.append(reverse(name))
        except NoReverseMatch:
            continue
    return tuple(paths)


class TwoFactorRequiredMiddleware:
    """Sends a logged-in user who needs a second factor, and has not given it in this
    session, to the code page (or to set up an authenticator first) from every page except
    the log-in, log-out, two-factor, language and static pages."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not self._is_open(request.path)
            and two_factor_required(user)
        ):
            return redirect(two_factor_url(request, enrol=not has_authenticator(user)))
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if self._open is None:
            self._open = _open_paths()
        return path in self._open or path.startswith(settings.STATIC_URL)
